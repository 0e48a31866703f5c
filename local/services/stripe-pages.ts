// HTML pages of the Stripe simulator: hosted Checkout, the Customer Portal, the hosted invoice page
// and its PDF. No scripts at all (served with PAGE_CSP), plain forms that POST back to the
// simulator, labelled fields, errors announced with role="alert", in English, French, Dutch or
// German from the session's locale (or the browser's Accept-Language when the locale is `auto`).
import { escapeHtml } from '../lib/http-helpers';
import { currentPeriod, invoiceSubscription, subscriptionItems } from './stripe-billing';
import { field, type StripeObject, type StripeStore } from './stripe-core';

export type PageLanguage = 'en' | 'fr' | 'nl' | 'de';

const LANGUAGES: readonly PageLanguage[] = ['en', 'fr', 'nl', 'de'];

/** The page language for a Stripe locale (`fr-CA` → fr), falling back to Accept-Language, then English. */
export function pageLanguage(locale: string | null | undefined, acceptLanguage?: string): PageLanguage {
  const fromLocale = (locale ?? '').slice(0, 2).toLowerCase();
  if (LANGUAGES.includes(fromLocale as PageLanguage)) return fromLocale as PageLanguage;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(tag as PageLanguage)) return tag as PageLanguage;
  }
  return 'en';
}

const TEXT = {
  en: {
    checkoutTitle: 'Checkout',
    testMode: 'Test mode: this is the local Stripe simulator. No real payment happens.',
    subscribeTo: 'Subscribe to {name}',
    payTo: 'Pay {name}',
    plan: 'Plan',
    price: 'Price',
    perMonth: 'per month',
    perYear: 'per year',
    perDay: 'per day',
    perWeek: 'per week',
    email: 'Email',
    totalToday: 'Total due today',
    cardNumber: 'Card number',
    cardHint: 'Test cards: 4242 4242 4242 4242 is accepted, 4000 0000 0000 0002 is declined.',
    pay: 'Pay',
    subscribe: 'Subscribe',
    cancel: 'Cancel and go back',
    declined: 'Your card was declined. Try another card.',
    insufficientFunds: 'Your card has insufficient funds. Try another card.',
    incorrectNumber: 'Your card number is incorrect.',
    sessionNotFound: 'Checkout session not found',
    sessionClosed: 'This checkout session is no longer open.',
    portalTitle: 'Billing',
    portalNotFound: 'Billing portal session not found',
    back: 'Return to the site',
    subscriptions: 'Subscriptions',
    noSubscriptions: 'You have no subscription.',
    status: 'Status',
    renewsOn: 'Renews on {date}',
    cancelsOn: 'Ends on {date}',
    endedOn: 'Ended on {date}',
    statusActive: 'Active',
    statusPastDue: 'Payment failed: update your payment method',
    statusCanceled: 'Canceled',
    cancelSubscription: 'Cancel subscription',
    resumeSubscription: 'Renew subscription',
    paymentMethod: 'Payment method',
    cardEnding: '{brand} card ending in {last4}',
    noPaymentMethod: 'No payment method on file.',
    newCard: 'New card number',
    updateCard: 'Update payment method',
    invoices: 'Invoice history',
    noInvoices: 'No invoices yet.',
    invoice: 'Invoice',
    date: 'Date',
    amount: 'Amount',
    invoicePaid: 'Paid',
    invoiceOpen: 'Due',
    view: 'View invoice {number}',
    pdf: 'Download invoice {number} (PDF)',
    noticeCanceled: 'Your subscription will end on {date}.',
    noticeResumed: 'Your subscription will renew.',
    noticeCardUpdated: 'Your payment method was updated.',
    invoiceTitle: 'Invoice {number}',
    invoiceNotFound: 'Invoice not found',
    billedTo: 'Billed to',
    period: 'Period',
    description: 'Description',
    total: 'Total',
    amountPaid: 'Amount paid',
    amountDue: 'Amount due',
    downloadPdf: 'Download PDF',
  },
  fr: {
    checkoutTitle: 'Paiement',
    testMode: 'Mode test : ceci est le simulateur Stripe local. Aucun paiement réel n’est effectué.',
    subscribeTo: 'S’abonner à {name}',
    payTo: 'Payer {name}',
    plan: 'Formule',
    price: 'Prix',
    perMonth: 'par mois',
    perYear: 'par an',
    perDay: 'par jour',
    perWeek: 'par semaine',
    email: 'E-mail',
    totalToday: 'Total à payer aujourd’hui',
    cardNumber: 'Numéro de carte',
    cardHint: 'Cartes de test : 4242 4242 4242 4242 est acceptée, 4000 0000 0000 0002 est refusée.',
    pay: 'Payer',
    subscribe: 'S’abonner',
    cancel: 'Annuler et revenir',
    declined: 'Votre carte a été refusée. Essayez une autre carte.',
    insufficientFunds: 'Le solde de votre carte est insuffisant. Essayez une autre carte.',
    incorrectNumber: 'Le numéro de votre carte est incorrect.',
    sessionNotFound: 'Session de paiement introuvable',
    sessionClosed: 'Cette session de paiement n’est plus ouverte.',
    portalTitle: 'Facturation',
    portalNotFound: 'Session du portail de facturation introuvable',
    back: 'Retour au site',
    subscriptions: 'Abonnements',
    noSubscriptions: 'Vous n’avez aucun abonnement.',
    status: 'Statut',
    renewsOn: 'Renouvellement le {date}',
    cancelsOn: 'Prend fin le {date}',
    endedOn: 'Terminé le {date}',
    statusActive: 'Actif',
    statusPastDue: 'Paiement échoué : mettez à jour votre moyen de paiement',
    statusCanceled: 'Annulé',
    cancelSubscription: 'Annuler l’abonnement',
    resumeSubscription: 'Renouveler l’abonnement',
    paymentMethod: 'Moyen de paiement',
    cardEnding: 'Carte {brand} se terminant par {last4}',
    noPaymentMethod: 'Aucun moyen de paiement enregistré.',
    newCard: 'Nouveau numéro de carte',
    updateCard: 'Mettre à jour le moyen de paiement',
    invoices: 'Historique des factures',
    noInvoices: 'Aucune facture pour le moment.',
    invoice: 'Facture',
    date: 'Date',
    amount: 'Montant',
    invoicePaid: 'Payée',
    invoiceOpen: 'À payer',
    view: 'Voir la facture {number}',
    pdf: 'Télécharger la facture {number} (PDF)',
    noticeCanceled: 'Votre abonnement prendra fin le {date}.',
    noticeResumed: 'Votre abonnement sera renouvelé.',
    noticeCardUpdated: 'Votre moyen de paiement a été mis à jour.',
    invoiceTitle: 'Facture {number}',
    invoiceNotFound: 'Facture introuvable',
    billedTo: 'Facturé à',
    period: 'Période',
    description: 'Description',
    total: 'Total',
    amountPaid: 'Montant payé',
    amountDue: 'Montant dû',
    downloadPdf: 'Télécharger le PDF',
  },
  nl: {
    checkoutTitle: 'Betalen',
    testMode: 'Testmodus: dit is de lokale Stripe-simulator. Er gebeurt geen echte betaling.',
    subscribeTo: 'Abonneren op {name}',
    payTo: '{name} betalen',
    plan: 'Formule',
    price: 'Prijs',
    perMonth: 'per maand',
    perYear: 'per jaar',
    perDay: 'per dag',
    perWeek: 'per week',
    email: 'E-mail',
    totalToday: 'Vandaag te betalen',
    cardNumber: 'Kaartnummer',
    cardHint: 'Testkaarten: 4242 4242 4242 4242 wordt aanvaard, 4000 0000 0000 0002 wordt geweigerd.',
    pay: 'Betalen',
    subscribe: 'Abonneren',
    cancel: 'Annuleren en teruggaan',
    declined: 'Uw kaart werd geweigerd. Probeer een andere kaart.',
    insufficientFunds: 'Het saldo van uw kaart is onvoldoende. Probeer een andere kaart.',
    incorrectNumber: 'Uw kaartnummer is onjuist.',
    sessionNotFound: 'Betaalsessie niet gevonden',
    sessionClosed: 'Deze betaalsessie is niet meer open.',
    portalTitle: 'Facturatie',
    portalNotFound: 'Sessie van het facturatieportaal niet gevonden',
    back: 'Terug naar de site',
    subscriptions: 'Abonnementen',
    noSubscriptions: 'U hebt geen abonnement.',
    status: 'Status',
    renewsOn: 'Wordt verlengd op {date}',
    cancelsOn: 'Eindigt op {date}',
    endedOn: 'Beëindigd op {date}',
    statusActive: 'Actief',
    statusPastDue: 'Betaling mislukt: werk uw betaalmethode bij',
    statusCanceled: 'Opgezegd',
    cancelSubscription: 'Abonnement opzeggen',
    resumeSubscription: 'Abonnement verlengen',
    paymentMethod: 'Betaalmethode',
    cardEnding: '{brand}-kaart eindigend op {last4}',
    noPaymentMethod: 'Geen betaalmethode geregistreerd.',
    newCard: 'Nieuw kaartnummer',
    updateCard: 'Betaalmethode bijwerken',
    invoices: 'Factuurgeschiedenis',
    noInvoices: 'Nog geen facturen.',
    invoice: 'Factuur',
    date: 'Datum',
    amount: 'Bedrag',
    invoicePaid: 'Betaald',
    invoiceOpen: 'Te betalen',
    view: 'Factuur {number} bekijken',
    pdf: 'Factuur {number} downloaden (pdf)',
    noticeCanceled: 'Uw abonnement eindigt op {date}.',
    noticeResumed: 'Uw abonnement wordt verlengd.',
    noticeCardUpdated: 'Uw betaalmethode werd bijgewerkt.',
    invoiceTitle: 'Factuur {number}',
    invoiceNotFound: 'Factuur niet gevonden',
    billedTo: 'Gefactureerd aan',
    period: 'Periode',
    description: 'Omschrijving',
    total: 'Totaal',
    amountPaid: 'Betaald bedrag',
    amountDue: 'Verschuldigd bedrag',
    downloadPdf: 'Pdf downloaden',
  },
  de: {
    checkoutTitle: 'Bezahlen',
    testMode: 'Testmodus: Dies ist der lokale Stripe-Simulator. Es findet keine echte Zahlung statt.',
    subscribeTo: '{name} abonnieren',
    payTo: '{name} bezahlen',
    plan: 'Tarif',
    price: 'Preis',
    perMonth: 'pro Monat',
    perYear: 'pro Jahr',
    perDay: 'pro Tag',
    perWeek: 'pro Woche',
    email: 'E-Mail',
    totalToday: 'Heute fällig',
    cardNumber: 'Kartennummer',
    cardHint: 'Testkarten: 4242 4242 4242 4242 wird akzeptiert, 4000 0000 0000 0002 wird abgelehnt.',
    pay: 'Bezahlen',
    subscribe: 'Abonnieren',
    cancel: 'Abbrechen und zurück',
    declined: 'Ihre Karte wurde abgelehnt. Versuchen Sie eine andere Karte.',
    insufficientFunds: 'Ihre Karte ist nicht ausreichend gedeckt. Versuchen Sie eine andere Karte.',
    incorrectNumber: 'Ihre Kartennummer ist falsch.',
    sessionNotFound: 'Checkout-Sitzung nicht gefunden',
    sessionClosed: 'Diese Checkout-Sitzung ist nicht mehr offen.',
    portalTitle: 'Abrechnung',
    portalNotFound: 'Sitzung des Abrechnungsportals nicht gefunden',
    back: 'Zurück zur Website',
    subscriptions: 'Abonnements',
    noSubscriptions: 'Sie haben kein Abonnement.',
    status: 'Status',
    renewsOn: 'Verlängerung am {date}',
    cancelsOn: 'Endet am {date}',
    endedOn: 'Beendet am {date}',
    statusActive: 'Aktiv',
    statusPastDue: 'Zahlung fehlgeschlagen: Aktualisieren Sie Ihre Zahlungsmethode',
    statusCanceled: 'Gekündigt',
    cancelSubscription: 'Abonnement kündigen',
    resumeSubscription: 'Abonnement verlängern',
    paymentMethod: 'Zahlungsmethode',
    cardEnding: '{brand}-Karte mit Endziffern {last4}',
    noPaymentMethod: 'Keine Zahlungsmethode hinterlegt.',
    newCard: 'Neue Kartennummer',
    updateCard: 'Zahlungsmethode aktualisieren',
    invoices: 'Rechnungsverlauf',
    noInvoices: 'Noch keine Rechnungen.',
    invoice: 'Rechnung',
    date: 'Datum',
    amount: 'Betrag',
    invoicePaid: 'Bezahlt',
    invoiceOpen: 'Offen',
    view: 'Rechnung {number} ansehen',
    pdf: 'Rechnung {number} herunterladen (PDF)',
    noticeCanceled: 'Ihr Abonnement endet am {date}.',
    noticeResumed: 'Ihr Abonnement wird verlängert.',
    noticeCardUpdated: 'Ihre Zahlungsmethode wurde aktualisiert.',
    invoiceTitle: 'Rechnung {number}',
    invoiceNotFound: 'Rechnung nicht gefunden',
    billedTo: 'Rechnungsempfänger',
    period: 'Zeitraum',
    description: 'Beschreibung',
    total: 'Gesamt',
    amountPaid: 'Bezahlter Betrag',
    amountDue: 'Fälliger Betrag',
    downloadPdf: 'PDF herunterladen',
  },
} as const satisfies Record<PageLanguage, Record<string, string>>;

export type TextKey = keyof (typeof TEXT)['en'];

/** A translated string with `{name}` placeholders filled in (values are not escaped here). */
export function t(lang: PageLanguage, key: TextKey, values: Record<string, string> = {}): string {
  return TEXT[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
}

/** `label: ` with French spacing (`label : `). */
function labelled(lang: PageLanguage, key: TextKey, value: string): string {
  return `${t(lang, key)}${lang === 'fr' ? '\u00a0: ' : ': '}${value}`;
}

const INTL_TAG: Record<PageLanguage, string> = { en: 'en-IE', fr: 'fr-BE', nl: 'nl-BE', de: 'de-BE' };

export function formatMoney(amount: unknown, currency: unknown, lang: PageLanguage): string {
  if (typeof amount !== 'number' || typeof currency !== 'string') return '';
  try {
    return new Intl.NumberFormat(INTL_TAG[lang], {
      style: 'currency',
      currency: currency.toUpperCase(),
    }).format(amount / 100);
  } catch {
    return `${amount / 100} ${currency.toUpperCase()}`;
  }
}

export function formatDate(unix: unknown, lang: PageLanguage): string {
  if (typeof unix !== 'number' || unix <= 0) return '';
  return new Intl.DateTimeFormat(INTL_TAG[lang], { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(
    new Date(unix * 1000),
  );
}

function per(lang: PageLanguage, interval: unknown): string {
  if (interval === 'year') return t(lang, 'perYear');
  if (interval === 'week') return t(lang, 'perWeek');
  if (interval === 'day') return t(lang, 'perDay');
  return t(lang, 'perMonth');
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}' +
  'main{max-width:40rem;margin:2rem auto;padding:0 1rem}' +
  '.test{background:#fff4d6;border:1px solid #8a6100;padding:.5rem .75rem;border-radius:4px}' +
  'label{display:block;font-weight:600;margin-top:1rem}' +
  'input{font:inherit;padding:.5rem;border:1px solid #555;border-radius:4px;width:100%;max-width:20rem;box-sizing:border-box}' +
  'input[aria-invalid=true]{border:2px solid #b00020}' +
  '.hint{color:#444;font-size:.9rem;margin:.25rem 0 0}' +
  '.error{color:#b00020;font-weight:600}' +
  '.notice{background:#e7f4ea;border:1px solid #1e6b34;padding:.5rem .75rem;border-radius:4px}' +
  'button{font:inherit;padding:.6rem 1.2rem;border-radius:4px;border:1px solid #333;background:#fff;color:#1a1a1a;cursor:pointer;margin:1rem .5rem 0 0}' +
  'button.primary{background:#1a4fd6;color:#fff;border-color:#1a4fd6}' +
  'button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}' +
  'a{color:#1a4fd6}' +
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}' +
  'table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #ccc}' +
  '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  'section{margin-top:2rem}ul{padding-left:1.2rem}';

function layout(lang: PageLanguage, title: string, body: string): string {
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)} · Stripe simulator</title><style>${STYLE}</style></head>` +
    `<body><main>\n<p class="test">${escapeHtml(t(lang, 'testMode'))}</p>\n${body}\n</main></body></html>`
  );
}

interface LineItemView {
  readonly name: string;
  readonly amount: string;
  readonly interval: unknown;
  readonly quantity: number;
}

function sessionLines(session: StripeObject, store: StripeStore, lang: PageLanguage): LineItemView[] {
  const sim = (session._sim ?? {}) as {
    line_items?: {
      price?: string;
      quantity: number;
      unitAmount?: number;
      currency?: string;
      description?: string;
    }[];
  };
  return (sim.line_items ?? []).map((li) => {
    const price = li.price ? store.get('price', li.price) : undefined;
    const productId = field(price, 'product');
    const product = productId ? store.get('product', productId) : undefined;
    return {
      name: li.description ?? field(product, 'name') ?? li.price ?? 'Item',
      amount: formatMoney(li.unitAmount, li.currency, lang),
      interval: (price?.recurring as { interval?: string } | null | undefined)?.interval,
      quantity: li.quantity,
    };
  });
}

export interface CheckoutPageError {
  readonly code: 'card_declined' | 'incorrect_number' | 'closed';
  readonly declineCode?: string | null;
  readonly cardNumber?: string;
}

/** The hosted checkout page (or its not-found version when `session` is undefined). */
export function checkoutPage(
  session: StripeObject | undefined,
  store: StripeStore,
  lang: PageLanguage,
  error?: CheckoutPageError,
): string {
  if (!session)
    return layout(lang, t(lang, 'sessionNotFound'), `<h1>${escapeHtml(t(lang, 'sessionNotFound'))}</h1>`);
  const lines = sessionLines(session, store, lang);
  const subscription = session.mode === 'subscription';
  const first = lines[0];
  const heading = t(lang, subscription ? 'subscribeTo' : 'payTo', { name: first?.name ?? 'SOINS+' });
  const id = encodeURIComponent(session.id);
  const email =
    field(session, 'customer_email') ??
    field(store.get('customer', field(session, 'customer') ?? ''), 'email');
  const summary = lines
    .map(
      (li) =>
        `<dt>${escapeHtml(t(lang, 'plan'))}</dt><dd>${escapeHtml(li.name)}${li.quantity > 1 ? ` × ${li.quantity}` : ''}</dd>` +
        `<dt>${escapeHtml(t(lang, 'price'))}</dt><dd>${escapeHtml(li.amount)}${subscription && li.interval ? ` ${escapeHtml(per(lang, li.interval))}` : ''}</dd>`,
    )
    .join('');
  let alert = '';
  if (error) {
    const message =
      error.code === 'closed'
        ? t(lang, 'sessionClosed')
        : error.code === 'incorrect_number'
          ? t(lang, 'incorrectNumber')
          : error.declineCode === 'insufficient_funds'
            ? t(lang, 'insufficientFunds')
            : t(lang, 'declined');
    alert = `<p class="error" id="card-error" role="alert">${escapeHtml(message)}</p>`;
  }
  const cardError = error && error.code !== 'closed';
  const form =
    session.status === 'open'
      ? `<form method="post" action="/checkout/${id}/pay" novalidate>
<label for="card_number">${escapeHtml(t(lang, 'cardNumber'))}</label>
<input id="card_number" name="card_number" type="text" inputmode="numeric" autocomplete="cc-number" required value="${escapeHtml(cardError ? (error.cardNumber ?? '') : '4242 4242 4242 4242')}" aria-describedby="card-hint${cardError ? ' card-error' : ''}"${cardError ? ' aria-invalid="true"' : ''}>
<p class="hint" id="card-hint">${escapeHtml(t(lang, 'cardHint'))}</p>
<button class="primary" type="submit">${escapeHtml(t(lang, subscription ? 'subscribe' : 'pay'))}</button>
</form>
<form method="post" action="/checkout/${id}/cancel"><button type="submit">${escapeHtml(t(lang, 'cancel'))}</button></form>`
      : '';
  return layout(
    lang,
    t(lang, 'checkoutTitle'),
    `<h1>${escapeHtml(heading)}</h1>
<dl>${summary}
${email ? `<dt>${escapeHtml(t(lang, 'email'))}</dt><dd>${escapeHtml(email)}</dd>` : ''}
<dt>${escapeHtml(t(lang, 'totalToday'))}</dt><dd>${escapeHtml(formatMoney(session.amount_total, session.currency, lang))}</dd></dl>
${alert}
${form}`,
  );
}

export type PortalNotice = 'canceled' | 'resumed' | 'card-updated';

/** The Customer Portal page: subscriptions with cancel/resume, the payment method, the invoices. */
export function portalPage(
  portal: StripeObject | undefined,
  store: StripeStore,
  lang: PageLanguage,
  opts: { notice?: PortalNotice | undefined; cardError?: CheckoutPageError | undefined } = {},
): string {
  if (!portal)
    return layout(lang, t(lang, 'portalNotFound'), `<h1>${escapeHtml(t(lang, 'portalNotFound'))}</h1>`);
  const customerId = field(portal, 'customer') ?? '';
  const customer = store.get('customer', customerId);
  const id = encodeURIComponent(portal.id);
  const subs = store.all('subscription').filter((s) => s.customer === customerId);
  const invoices = store.all('invoice').filter((i) => i.customer === customerId);
  const returnUrl = field(portal, 'return_url');

  let notice = '';
  if (opts.notice) {
    const active = subs.find((s) => s.status !== 'canceled');
    const text =
      opts.notice === 'canceled'
        ? t(lang, 'noticeCanceled', { date: formatDate(active ? currentPeriod(active).end : 0, lang) })
        : opts.notice === 'resumed'
          ? t(lang, 'noticeResumed')
          : t(lang, 'noticeCardUpdated');
    notice = `<p class="notice" role="status">${escapeHtml(text)}</p>`;
  }

  const subList = subs
    .map((s) => {
      const item = subscriptionItems(s)[0];
      const price = item?.price;
      const productId = field(price, 'product');
      const name = field(productId ? store.get('product', productId) : undefined, 'name') ?? 'SOINS+';
      const interval = (price?.recurring as { interval?: string } | null | undefined)?.interval;
      const period = currentPeriod(s);
      const statusText =
        s.status === 'canceled'
          ? `${t(lang, 'statusCanceled')} · ${t(lang, 'endedOn', { date: formatDate(s.ended_at, lang) })}`
          : s.status === 'past_due'
            ? t(lang, 'statusPastDue')
            : `${t(lang, 'statusActive')} · ${t(lang, s.cancel_at_period_end === true ? 'cancelsOn' : 'renewsOn', { date: formatDate(period.end, lang) })}`;
      const subId = encodeURIComponent(s.id);
      const action =
        s.status === 'canceled'
          ? ''
          : s.cancel_at_period_end === true
            ? `<form method="post" action="/portal/${id}/subscriptions/${subId}/resume"><button class="primary" type="submit">${escapeHtml(t(lang, 'resumeSubscription'))}</button></form>`
            : `<form method="post" action="/portal/${id}/subscriptions/${subId}/cancel"><button type="submit">${escapeHtml(t(lang, 'cancelSubscription'))}</button></form>`;
      return `<li><h3>${escapeHtml(name)}</h3>
<p>${escapeHtml(formatMoney(price?.unit_amount, price?.currency, lang))} ${escapeHtml(per(lang, interval))}</p>
<p>${escapeHtml(labelled(lang, 'status', statusText))}</p>${action}</li>`;
    })
    .join('\n');

  const pmId =
    field(customer?.invoice_settings as StripeObject | undefined, 'default_payment_method') ??
    subs.map((s) => field(s, 'default_payment_method')).find((v) => v !== null) ??
    null;
  const card = (pmId ? store.get('payment_method', pmId) : undefined)?.card as
    { brand?: string; last4?: string } | undefined;
  const cardError = opts.cardError;
  let cardAlert = '';
  if (cardError) {
    const message =
      cardError.code === 'incorrect_number'
        ? t(lang, 'incorrectNumber')
        : cardError.declineCode === 'insufficient_funds'
          ? t(lang, 'insufficientFunds')
          : t(lang, 'declined');
    cardAlert = `<p class="error" id="card-error" role="alert">${escapeHtml(message)}</p>`;
  }

  const invoiceRows = invoices
    .map((i) => {
      const number = field(i, 'number') ?? i.id;
      const paid = i.status === 'paid';
      return `<tr><td>${escapeHtml(number)}</td><td>${escapeHtml(formatDate(i.created, lang))}</td><td>${escapeHtml(formatMoney(paid ? i.amount_paid : i.amount_due, i.currency, lang))}</td><td>${escapeHtml(t(lang, paid ? 'invoicePaid' : 'invoiceOpen'))}</td>
<td><a href="${escapeHtml(field(i, 'hosted_invoice_url') ?? '')}" aria-label="${escapeHtml(t(lang, 'view', { number }))}">${escapeHtml(t(lang, 'invoice'))}</a> · <a href="${escapeHtml(field(i, 'invoice_pdf') ?? '')}" aria-label="${escapeHtml(t(lang, 'pdf', { number }))}">PDF</a></td></tr>`;
    })
    .join('\n');

  return layout(
    lang,
    t(lang, 'portalTitle'),
    `${returnUrl ? `<p><a href="${escapeHtml(returnUrl)}">← ${escapeHtml(t(lang, 'back'))}</a></p>` : ''}
<h1>${escapeHtml(t(lang, 'portalTitle'))}</h1>
${customer ? `<p>${escapeHtml(field(customer, 'email') ?? field(customer, 'name') ?? '')}</p>` : ''}
${notice}
<section aria-labelledby="subs-h"><h2 id="subs-h">${escapeHtml(t(lang, 'subscriptions'))}</h2>
${subList ? `<ul>${subList}</ul>` : `<p>${escapeHtml(t(lang, 'noSubscriptions'))}</p>`}</section>
<section aria-labelledby="pm-h"><h2 id="pm-h">${escapeHtml(t(lang, 'paymentMethod'))}</h2>
<p>${escapeHtml(card?.last4 ? t(lang, 'cardEnding', { brand: (card.brand ?? '').toUpperCase(), last4: card.last4 }) : t(lang, 'noPaymentMethod'))}</p>
${cardAlert}
<form method="post" action="/portal/${id}/payment-method" novalidate>
<label for="card_number">${escapeHtml(t(lang, 'newCard'))}</label>
<input id="card_number" name="card_number" type="text" inputmode="numeric" autocomplete="cc-number" required value="${escapeHtml(cardError?.cardNumber ?? '')}" aria-describedby="card-hint${cardError ? ' card-error' : ''}"${cardError ? ' aria-invalid="true"' : ''}>
<p class="hint" id="card-hint">${escapeHtml(t(lang, 'cardHint'))}</p>
<button type="submit">${escapeHtml(t(lang, 'updateCard'))}</button>
</form></section>
<section aria-labelledby="inv-h"><h2 id="inv-h">${escapeHtml(t(lang, 'invoices'))}</h2>
${
  invoiceRows
    ? `<table><thead><tr><th scope="col">${escapeHtml(t(lang, 'invoice'))}</th><th scope="col">${escapeHtml(t(lang, 'date'))}</th><th scope="col">${escapeHtml(t(lang, 'amount'))}</th><th scope="col">${escapeHtml(t(lang, 'status'))}</th><th scope="col"><span class="sr">${escapeHtml(t(lang, 'invoice'))}</span></th></tr></thead><tbody>${invoiceRows}</tbody></table>`
    : `<p>${escapeHtml(t(lang, 'noInvoices'))}</p>`
}</section>`,
  );
}

interface InvoiceLineView {
  readonly description: string;
  readonly amount: number;
  readonly start: number;
  readonly end: number;
}

function invoiceLines(invoice: StripeObject): InvoiceLineView[] {
  const data = (invoice.lines as { data?: Record<string, unknown>[] } | undefined)?.data ?? [];
  return data.map((l) => {
    const period = l.period as { start?: number; end?: number } | undefined;
    return {
      description: typeof l.description === 'string' ? l.description : '',
      amount: typeof l.amount === 'number' ? l.amount : 0,
      start: period?.start ?? 0,
      end: period?.end ?? 0,
    };
  });
}

/** The hosted invoice page (`hosted_invoice_url`). */
export function invoicePage(invoice: StripeObject | undefined, lang: PageLanguage): string {
  if (!invoice)
    return layout(lang, t(lang, 'invoiceNotFound'), `<h1>${escapeHtml(t(lang, 'invoiceNotFound'))}</h1>`);
  const number = field(invoice, 'number') ?? invoice.id;
  const paid = invoice.status === 'paid';
  const rows = invoiceLines(invoice)
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.description)}</td><td>${escapeHtml(`${formatDate(l.start, lang)} – ${formatDate(l.end, lang)}`)}</td><td>${escapeHtml(formatMoney(l.amount, invoice.currency, lang))}</td></tr>`,
    )
    .join('');
  return layout(
    lang,
    t(lang, 'invoiceTitle', { number }),
    `<h1>${escapeHtml(t(lang, 'invoiceTitle', { number }))}</h1>
<dl><dt>${escapeHtml(t(lang, 'status'))}</dt><dd>${escapeHtml(t(lang, paid ? 'invoicePaid' : 'invoiceOpen'))}</dd>
<dt>${escapeHtml(t(lang, 'date'))}</dt><dd>${escapeHtml(formatDate(invoice.created, lang))}</dd>
<dt>${escapeHtml(t(lang, 'billedTo'))}</dt><dd>${escapeHtml(field(invoice, 'customer_email') ?? '')}</dd>
<dt>${escapeHtml(t(lang, paid ? 'amountPaid' : 'amountDue'))}</dt><dd>${escapeHtml(formatMoney(paid ? invoice.amount_paid : invoice.amount_remaining, invoice.currency, lang))}</dd></dl>
<table><thead><tr><th scope="col">${escapeHtml(t(lang, 'description'))}</th><th scope="col">${escapeHtml(t(lang, 'period'))}</th><th scope="col">${escapeHtml(t(lang, 'amount'))}</th></tr></thead>
<tbody>${rows}</tbody></table>
<p>${escapeHtml(labelled(lang, 'total', formatMoney(invoice.total, invoice.currency, lang)))}</p>
<p><a href="${escapeHtml(`/invoices/${encodeURIComponent(invoice.id)}/pdf`)}">${escapeHtml(t(lang, 'downloadPdf'))}</a></p>`,
  );
}

/** A one-page PDF of the invoice (Helvetica, WinAnsi text), enough for download links and checks. */
export function invoicePdf(invoice: StripeObject, lang: PageLanguage): Buffer {
  const number = field(invoice, 'number') ?? invoice.id;
  const paid = invoice.status === 'paid';
  const lines = [
    t(lang, 'invoiceTitle', { number }),
    field(invoice, 'account_name') ?? '',
    labelled(lang, 'date', formatDate(invoice.created, lang)),
    labelled(lang, 'billedTo', field(invoice, 'customer_email') ?? ''),
    labelled(lang, 'status', t(lang, paid ? 'invoicePaid' : 'invoiceOpen')),
    '',
    ...invoiceLines(invoice).map(
      (l) =>
        `${l.description} | ${formatDate(l.start, lang)} - ${formatDate(l.end, lang)} | ${formatMoney(l.amount, invoice.currency, lang)}`,
    ),
    '',
    labelled(lang, 'total', formatMoney(invoice.total, invoice.currency, lang)),
    labelled(
      lang,
      paid ? 'amountPaid' : 'amountDue',
      formatMoney(paid ? invoice.amount_paid : invoice.amount_remaining, invoice.currency, lang),
    ),
    `Ref. ${invoice.id}${invoiceSubscription(invoice) ? ` / ${invoiceSubscription(invoice) ?? ''}` : ''}`,
  ];
  return simplePdf(lines);
}

/** Text to a PDF string literal in WinAnsi (Latin-1 subset; other characters become '?'). */
function pdfText(s: string): string {
  let out = '';
  for (const ch of s
    .replace(/\u202f|\u00a0/g, ' ')
    .replace(/[–—]/g, '-')
    .replace(/[‘’]/g, "'")) {
    const code = ch.codePointAt(0) ?? 63;
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (ch === '€') out += '\\200';
    else if (code >= 32 && code < 127) out += ch;
    else if (code >= 160 && code <= 255) out += `\\${code.toString(8)}`;
    else out += '?';
  }
  return out;
}

export function simplePdf(lines: readonly string[]): Buffer {
  const content = [
    'BT',
    '/F1 12 Tf',
    '14 TL',
    '56 786 Td',
    ...lines.map((l, i) => `${i === 0 ? '' : 'T* '}(${pdfText(l)}) Tj`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
