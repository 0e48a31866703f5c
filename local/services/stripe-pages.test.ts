import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_PRICES, seedCatalog } from './stripe-billing';
import { STRIPE_API_VERSION, StripeStore, type StripeObject } from './stripe-core';
import { checkoutPage, formatMoney, invoicePdf, pageLanguage, portalPage, simplePdf } from './stripe-pages';
import Stripe from 'stripe';

function store(): StripeStore {
  const s = new StripeStore();
  seedCatalog(s, DEFAULT_SIM_PRICES, 1_767_225_600);
  return s;
}

const session = (extra: Record<string, unknown> = {}): StripeObject => ({
  id: 'cs_test_1',
  object: 'checkout.session',
  mode: 'subscription',
  status: 'open',
  amount_total: 15000,
  currency: 'eur',
  customer_email: 'ana"<script>@example.be',
  locale: 'fr',
  _sim: { line_items: [{ price: 'price_soins_yearly', quantity: 1, unitAmount: 15000, currency: 'eur' }] },
  ...extra,
});

describe('pageLanguage', () => {
  it('takes the Stripe locale, then Accept-Language, then English', () => {
    expect(pageLanguage('fr')).toBe('fr');
    expect(pageLanguage('fr-CA')).toBe('fr');
    expect(pageLanguage('nl')).toBe('nl');
    expect(pageLanguage('auto', 'nl-BE,nl;q=0.9,en;q=0.5')).toBe('nl');
    expect(pageLanguage(null, 'it-IT, de;q=0.5')).toBe('de');
    expect(pageLanguage('ja')).toBe('en');
  });
});

describe('checkoutPage', () => {
  it('shows plan, amount per interval, test-card hint and no script, escaping data', () => {
    const html = checkoutPage(session(), store(), 'fr');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('S’abonner à SOINS+ abonnement annuel');
    // The product's name; the price's nickname is internal (Stripe never shows it to customers).
    expect(html).toContain('<dd>SOINS+ abonnement annuel</dd>');
    expect(html).not.toContain('Yearly');
    expect(html).toContain(`${formatMoney(15000, 'eur', 'fr')} par an`);
    expect(html).toContain('4242 4242 4242 4242');
    expect(html).toContain('4000 0000 0000 0002');
    expect(html).toContain('<label for="card_number">Numéro de carte</label>');
    expect(html).toContain('action="/checkout/cs_test_1/pay"');
    expect(html).toContain('action="/checkout/cs_test_1/cancel"');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('ana&quot;&lt;script&gt;@example.be');
  });

  it('names the Dutch product of a Dutch price', () => {
    const html = checkoutPage(
      session({
        locale: 'nl',
        _sim: {
          line_items: [{ price: 'price_soins_monthly_nl', quantity: 1, unitAmount: 1500, currency: 'eur' }],
        },
      }),
      store(),
      'nl',
    );
    expect(html).toContain('<dd>SOINS+ maandabonnement</dd>');
    expect(html).not.toContain('Monthly');
  });

  it('announces a declined card and keeps the typed number', () => {
    const html = checkoutPage(session({ locale: 'nl' }), store(), 'nl', {
      code: 'card_declined',
      declineCode: 'generic_decline',
      cardNumber: '4000 0000 0000 0002',
    });
    expect(html).toContain('role="alert">Uw kaart werd geweigerd.');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="4000 0000 0000 0002"');
    expect(html).toContain('aria-describedby="card-hint card-error"');
  });

  it('has no form once the session is complete, and a not-found page', () => {
    expect(checkoutPage(session({ status: 'complete' }), store(), 'en')).not.toContain('<form');
    expect(checkoutPage(undefined, store(), 'de')).toContain('Checkout-Sitzung nicht gefunden');
  });
});

describe('portalPage', () => {
  it('shows a return link, and an empty state without subscriptions or invoices', () => {
    const s = store();
    s.put('customer', { id: 'cus_1', object: 'customer', email: 'a@example.be' });
    const portal: StripeObject = {
      id: 'bps_1',
      object: 'billing_portal.session',
      customer: 'cus_1',
      return_url: 'http://app.test/account?x=1&y=2',
    };
    const html = portalPage(portal, s, 'en', { notice: 'card-updated' });
    expect(html).toContain('href="http://app.test/account?x=1&amp;y=2"');
    expect(html).toContain('You have no subscription.');
    expect(html).toContain('No invoices yet.');
    expect(html).toContain('role="status">Your payment method was updated.');
    expect(html).not.toMatch(/<script/i);
  });
});

describe('PDF', () => {
  it('writes a well-formed one-page PDF with a correct xref', () => {
    const pdf = simplePdf(['Facture (1)', 'Total : 15,00 €']).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((off, i) => {
      expect(pdf.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    expect(pdf).toContain('(Facture \\(1\\)) Tj');
    expect(pdf).toContain('\\200');
  });

  it('renders an invoice', () => {
    const invoice: StripeObject = {
      id: 'in_1',
      object: 'invoice',
      number: 'ABC-0001',
      status: 'paid',
      currency: 'eur',
      total: 1500,
      amount_paid: 1500,
      created: 1_767_225_600,
      lines: { data: [{ description: '1 × SOINS+ (Monthly)', amount: 1500, period: { start: 1, end: 2 } }] },
    };
    expect(invoicePdf(invoice, 'fr').toString('latin1')).toContain('(Facture ABC-0001) Tj');
  });
});

describe('API version', () => {
  it('matches the bundled stripe client, whose object shapes the simulator renders', () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
  });
});
