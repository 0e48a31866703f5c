// HTML pages of the local identity provider, in French and Dutch: sign-in, sign-up, sign-out
// confirmation, signed-out, errors. No inline scripts or styles (CSP `script-src 'self'`,
// `style-src 'self'`): the stylesheet and the one optional script are served from /assets.
import { escapeHtml } from '../lib/http-helpers';
import type { Locale } from './users';

// --- language -----------------------------------------------------------------------------------

/** First of fr/nl in a space-separated `ui_locales` value (e.g. "nl-BE fr"), if any. */
export function localeFromUiLocales(value: unknown): Locale | undefined {
  if (typeof value !== 'string') return undefined;
  for (const tag of value.split(/\s+/)) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'fr' || primary === 'nl') return primary;
  }
  return undefined;
}

/** Best of fr/nl in an Accept-Language header (by q value, then order), if any. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((x) => x.tag && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'fr' || primary === 'nl') return primary;
  }
  return undefined;
}

// --- strings ------------------------------------------------------------------------------------

const STRINGS = {
  fr: {
    languageName: 'Français',
    languageNav: 'Langue',
    product: 'SOINS+',
    signInTitle: 'Connexion',
    signInIntro: 'Connectez-vous pour accéder à vos formations SOINS+.',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    noAccount: 'Pas encore de compte ?',
    createAccount: 'Créer un compte',
    cancel: 'Annuler et revenir à l’application',
    errorSummary: 'Il y a un problème',
    badCredentials: 'E-mail ou mot de passe incorrect',
    emailRequired: 'Saisissez votre adresse e-mail',
    emailInvalid: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.be',
    emailTaken: 'Un compte existe déjà avec cette adresse e-mail',
    passwordRequired: 'Saisissez votre mot de passe',
    passwordTooShort: (n: number) => `Le mot de passe doit contenir au moins ${n} caractères`,
    passwordHint: (n: number) => `Au moins ${n} caractères.`,
    firstName: 'Prénom',
    lastName: 'Nom',
    firstNameRequired: 'Saisissez votre prénom',
    lastNameRequired: 'Saisissez votre nom',
    tooLong: 'Ce champ est trop long (100 caractères au maximum)',
    language: 'Langue de l’application',
    languageRequired: 'Choisissez une langue',
    signUpTitle: 'Créer un compte',
    signUpIntro: 'Créez votre compte SOINS+ pour suivre des formations continues.',
    signUp: 'Créer mon compte',
    haveAccount: 'Vous avez déjà un compte ?',
    demoTitle: 'Comptes de démonstration (environnement local)',
    demoPassword: 'Mot de passe de tous les comptes de démonstration :',
    roles: { learner: 'apprenant·e', admin: 'administrateur·rice', trainer: 'formateur·rice' },
    signOutTitle: 'Déconnexion',
    signOutIntro: 'Vous allez être déconnecté·e de SOINS+.',
    signOut: 'Se déconnecter',
    signedOutTitle: 'Vous êtes déconnecté·e',
    signedOutText: 'Vous avez été déconnecté·e de SOINS+.',
    backToApp: 'Revenir à l’application',
    errorTitle: 'Une erreur s’est produite',
    errorText: 'La demande de connexion n’a pas pu être traitée.',
    expiredTitle: 'Votre demande de connexion a expiré',
    expiredText: 'Revenez à l’application et recommencez la connexion.',
    errorCode: 'Code',
    errorDetails: 'Détails',
    notFoundTitle: 'Page introuvable',
    homeTitle: 'Fournisseur d’identité local',
    homeText:
      'Ce serveur remplace Microsoft Entra External ID pendant le développement local. Il ne sert qu’à se connecter depuis l’application SOINS+.',
  },
  nl: {
    languageName: 'Nederlands',
    languageNav: 'Taal',
    product: 'SOINS+',
    signInTitle: 'Aanmelden',
    signInIntro: 'Meld u aan om uw SOINS+-opleidingen te openen.',
    email: 'E-mailadres',
    password: 'Wachtwoord',
    signIn: 'Aanmelden',
    noAccount: 'Nog geen account?',
    createAccount: 'Account aanmaken',
    cancel: 'Annuleren en terug naar de toepassing',
    errorSummary: 'Er is een probleem',
    badCredentials: 'E-mailadres of wachtwoord onjuist',
    emailRequired: 'Vul uw e-mailadres in',
    emailInvalid: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.be',
    emailTaken: 'Er bestaat al een account met dit e-mailadres',
    passwordRequired: 'Vul uw wachtwoord in',
    passwordTooShort: (n: number) => `Het wachtwoord moet minstens ${n} tekens bevatten`,
    passwordHint: (n: number) => `Minstens ${n} tekens.`,
    firstName: 'Voornaam',
    lastName: 'Achternaam',
    firstNameRequired: 'Vul uw voornaam in',
    lastNameRequired: 'Vul uw achternaam in',
    tooLong: 'Dit veld is te lang (maximaal 100 tekens)',
    language: 'Taal van de toepassing',
    languageRequired: 'Kies een taal',
    signUpTitle: 'Account aanmaken',
    signUpIntro: 'Maak uw SOINS+-account aan om bijscholingen te volgen.',
    signUp: 'Mijn account aanmaken',
    haveAccount: 'Hebt u al een account?',
    demoTitle: 'Demo-accounts (lokale omgeving)',
    demoPassword: 'Wachtwoord van alle demo-accounts:',
    roles: { learner: 'cursist', admin: 'beheerder', trainer: 'lesgever' },
    signOutTitle: 'Afmelden',
    signOutIntro: 'U wordt afgemeld bij SOINS+.',
    signOut: 'Afmelden',
    signedOutTitle: 'U bent afgemeld',
    signedOutText: 'U bent afgemeld bij SOINS+.',
    backToApp: 'Terug naar de toepassing',
    errorTitle: 'Er is een fout opgetreden',
    errorText: 'De aanmeldingsaanvraag kon niet worden verwerkt.',
    expiredTitle: 'Uw aanmeldingsaanvraag is verlopen',
    expiredText: 'Ga terug naar de toepassing en meld u opnieuw aan.',
    errorCode: 'Code',
    errorDetails: 'Details',
    notFoundTitle: 'Pagina niet gevonden',
    homeTitle: 'Lokale identiteitsprovider',
    homeText:
      'Deze server vervangt Microsoft Entra External ID tijdens de lokale ontwikkeling. Hij dient alleen om aan te melden vanuit de SOINS+-toepassing.',
  },
} as const;

export type Strings = (typeof STRINGS)[Locale];

export function strings(lang: Locale): Strings {
  return STRINGS[lang];
}

// --- layout -------------------------------------------------------------------------------------

export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#f5f7fa}
header{background:#0b4f6c;color:#fff}
header .bar{max-width:32rem;margin:0 auto;padding:.75rem 1rem;display:flex;justify-content:space-between;align-items:center;gap:1rem}
header .brand{font-weight:700;font-size:1.25rem}
header nav ul{list-style:none;margin:0;padding:0;display:flex;gap:.75rem}
header a{color:#fff}
header a[aria-current="true"]{font-weight:700;text-decoration:none}
main{max-width:32rem;margin:1.5rem auto;padding:1.5rem;background:#fff;border:1px solid #d0d7de;border-radius:8px}
h1{font-size:1.6rem;margin:0 0 .5rem}
h2{font-size:1.15rem}
label,legend{display:block;font-weight:600;margin-top:1rem}
input[type=email],input[type=password],input[type=text]{display:block;width:100%;font:inherit;padding:.5rem;margin-top:.25rem;border:2px solid #555;border-radius:4px}
input[aria-invalid=true]{border-color:#b00020}
fieldset{border:0;padding:0;margin:0}
.choice{display:flex;align-items:center;gap:.5rem;margin-top:.25rem}
.choice label{font-weight:400;margin:0}
.hint{color:#444;margin:.25rem 0 0}
.field-error{color:#b00020;font-weight:600;margin:.25rem 0 0}
.error-summary{border:3px solid #b00020;padding:.75rem 1rem;margin:1rem 0}
.error-summary h2{margin:0 0 .5rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#b00020;font-weight:600}
button{font:inherit;font-weight:600;padding:.6rem 1.2rem;margin-top:1.25rem;border:2px solid #0b4f6c;background:#0b4f6c;color:#fff;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#0b4f6c}
a{color:#0b57d0}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #f9a825;outline-offset:2px}
details{margin-top:2rem;border-top:1px solid #d0d7de;padding-top:1rem}
summary{cursor:pointer;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0;word-break:break-word}
code{font-size:.95em}
`;

/** Submits the sign-out confirmation automatically when scripts run (the button works without). */
export const LOGOUT_SCRIPT = `document.addEventListener('DOMContentLoaded', function () {
  var button = document.getElementById('logout-confirm');
  if (button) button.click();
});
`;

interface LayoutOptions {
  readonly lang: Locale;
  readonly title: string;
  readonly body: string;
  /** Language switch targets; omitted when the page has no switch. */
  readonly switchHref?: (lang: Locale) => string;
  readonly scripts?: readonly string[];
}

function layout({ lang, title, body, switchHref, scripts = [] }: LayoutOptions): string {
  const s = strings(lang);
  const nav = switchHref
    ? `<nav aria-label="${escapeHtml(s.languageNav)}"><ul>${(['fr', 'nl'] as const)
        .map(
          (l) =>
            `<li><a href="${escapeHtml(switchHref(l))}" lang="${l}" hreflang="${l}"${l === lang ? ' aria-current="true"' : ''}>${escapeHtml(STRINGS[l].languageName)}</a></li>`,
        )
        .join('')}</ul></nav>`
    : '';
  const scriptTags = scripts.map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('');
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ${escapeHtml(s.product)}</title>
<link rel="stylesheet" href="/assets/identity.css">${scriptTags}</head>
<body>
<header><div class="bar"><span class="brand">${escapeHtml(s.product)}</span>${nav}</div></header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

// --- forms --------------------------------------------------------------------------------------

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

function errorSummary<F extends string>(lang: Locale, errors: FieldErrors<F>, order: readonly F[]): string {
  const items = order
    .filter((f) => errors[f])
    .map((f) => `<li><a href="#${f}">${escapeHtml(errors[f])}</a></li>`)
    .join('');
  if (!items) return '';
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${escapeHtml(strings(lang).errorSummary)}</h2>
<ul>${items}</ul>
</div>`;
}

interface InputOptions {
  readonly id: string;
  readonly label: string;
  readonly type: 'email' | 'password' | 'text';
  readonly autocomplete: string;
  readonly value?: string;
  readonly error?: string;
  readonly hint?: string;
  readonly autofocus?: boolean;
  readonly minlength?: number;
  readonly maxlength?: number;
}

function input(o: InputOptions): string {
  const describedBy = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return `<label for="${o.id}">${escapeHtml(o.label)}</label>
${o.hint ? `<p class="hint" id="${o.id}-hint">${escapeHtml(o.hint)}</p>` : ''}${o.error ? `<p class="field-error" id="${o.id}-error">${escapeHtml(o.error)}</p>` : ''}<input id="${o.id}" name="${o.id}" type="${o.type}" autocomplete="${o.autocomplete}" required${o.type === 'email' ? ' spellcheck="false" autocapitalize="none"' : ''}${o.minlength ? ` minlength="${o.minlength}"` : ''}${o.maxlength ? ` maxlength="${o.maxlength}"` : ''}${o.value !== undefined && o.type !== 'password' ? ` value="${escapeHtml(o.value)}"` : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}${o.error ? ' aria-invalid="true"' : ''}${o.autofocus ? ' autofocus' : ''}>`;
}

/** The first field with an error, in page order. */
function firstError<F extends string>(errors: FieldErrors<F>, order: readonly F[]): F | undefined {
  return order.find((f) => errors[f]);
}

export interface DemoAccountHint {
  readonly email: string;
  readonly role: 'learner' | 'admin' | 'trainer';
}

export type LoginField = 'email' | 'password';
const LOGIN_FIELDS: readonly LoginField[] = ['email', 'password'];

export interface LoginPageOptions {
  readonly uid: string;
  readonly lang: Locale;
  readonly email?: string;
  readonly errors?: FieldErrors<LoginField>;
  readonly demoAccounts?: readonly DemoAccountHint[];
  readonly demoPassword?: string;
}

export function loginPage(o: LoginPageOptions): string {
  const s = strings(o.lang);
  const errors = o.errors ?? {};
  const focus = firstError(errors, LOGIN_FIELDS);
  const base = `/interaction/${encodeURIComponent(o.uid)}`;
  const demo =
    o.demoAccounts && o.demoAccounts.length > 0
      ? `<details><summary>${escapeHtml(s.demoTitle)}</summary>
<ul>${o.demoAccounts.map((d) => `<li><code>${escapeHtml(d.email)}</code> (${escapeHtml(s.roles[d.role])})</li>`).join('')}</ul>
${o.demoPassword ? `<p>${escapeHtml(s.demoPassword)} <code>${escapeHtml(o.demoPassword)}</code></p>` : ''}</details>`
      : '';
  return layout({
    lang: o.lang,
    title: s.signInTitle,
    switchHref: (l) => `${base}?lang=${l}`,
    body: `<h1>${escapeHtml(s.signInTitle)}</h1>
<p>${escapeHtml(s.signInIntro)}</p>
${errorSummary(o.lang, errors, LOGIN_FIELDS)}
<form method="post" action="${base}/login" novalidate>
<input type="hidden" name="lang" value="${o.lang}">
${input({ id: 'email', label: s.email, type: 'email', autocomplete: 'username', value: o.email ?? '', error: errors.email, autofocus: focus === 'email' || focus === undefined })}
${input({ id: 'password', label: s.password, type: 'password', autocomplete: 'current-password', error: errors.password, autofocus: focus === 'password' })}
<button type="submit">${escapeHtml(s.signIn)}</button>
</form>
<p>${escapeHtml(s.noAccount)} <a href="${base}/signup?lang=${o.lang}">${escapeHtml(s.createAccount)}</a></p>
<form method="post" action="${base}/abort"><input type="hidden" name="lang" value="${o.lang}"><button type="submit" class="secondary">${escapeHtml(s.cancel)}</button></form>
${demo}`,
  });
}

export type SignupField = 'firstName' | 'lastName' | 'email' | 'password' | 'locale';
export const SIGNUP_FIELDS: readonly SignupField[] = ['firstName', 'lastName', 'email', 'password', 'locale'];

export interface SignupPageOptions {
  readonly uid: string;
  readonly lang: Locale;
  readonly values?: Partial<Record<Exclude<SignupField, 'password'>, string>>;
  readonly errors?: FieldErrors<SignupField>;
  readonly minPasswordLength: number;
}

export function signupPage(o: SignupPageOptions): string {
  const s = strings(o.lang);
  const errors = o.errors ?? {};
  const values = o.values ?? {};
  const focus = firstError(errors, SIGNUP_FIELDS);
  const base = `/interaction/${encodeURIComponent(o.uid)}`;
  const chosen = values.locale === 'fr' || values.locale === 'nl' ? values.locale : o.lang;
  const localeDescribedBy = errors.locale ? ' aria-describedby="locale-error"' : '';
  const radios = (['fr', 'nl'] as const)
    .map(
      (l, i) =>
        `<div class="choice"><input type="radio" id="${i === 0 ? 'locale' : `locale-${l}`}" name="locale" value="${l}"${l === chosen ? ' checked' : ''}${focus === 'locale' && i === 0 ? ' autofocus' : ''}><label for="${i === 0 ? 'locale' : `locale-${l}`}" lang="${l}">${escapeHtml(STRINGS[l].languageName)}</label></div>`,
    )
    .join('');
  return layout({
    lang: o.lang,
    title: s.signUpTitle,
    switchHref: (l) => `${base}/signup?lang=${l}`,
    body: `<h1>${escapeHtml(s.signUpTitle)}</h1>
<p>${escapeHtml(s.signUpIntro)}</p>
${errorSummary(o.lang, errors, SIGNUP_FIELDS)}
<form method="post" action="${base}/signup" novalidate>
<input type="hidden" name="lang" value="${o.lang}">
${input({ id: 'firstName', label: s.firstName, type: 'text', autocomplete: 'given-name', value: values.firstName ?? '', error: errors.firstName, autofocus: focus === 'firstName' || focus === undefined, maxlength: 100 })}
${input({ id: 'lastName', label: s.lastName, type: 'text', autocomplete: 'family-name', value: values.lastName ?? '', error: errors.lastName, autofocus: focus === 'lastName', maxlength: 100 })}
${input({ id: 'email', label: s.email, type: 'email', autocomplete: 'email', value: values.email ?? '', error: errors.email, autofocus: focus === 'email' })}
${input({ id: 'password', label: s.password, type: 'password', autocomplete: 'new-password', hint: s.passwordHint(o.minPasswordLength), error: errors.password, autofocus: focus === 'password', minlength: o.minPasswordLength })}
<fieldset${localeDescribedBy}><legend>${escapeHtml(s.language)}</legend>
${errors.locale ? `<p class="field-error" id="locale-error">${escapeHtml(errors.locale)}</p>` : ''}${radios}
</fieldset>
<button type="submit">${escapeHtml(s.signUp)}</button>
</form>
<p>${escapeHtml(s.haveAccount)} <a href="${base}?lang=${o.lang}">${escapeHtml(s.signIn)}</a></p>`,
  });
}

// --- sign-out, errors, misc ---------------------------------------------------------------------

/** `form` is oidc-provider's hidden form (id "op.logoutForm") carrying the xsrf token. */
export function logoutPage(lang: Locale, form: string): string {
  const s = strings(lang);
  return layout({
    lang,
    title: s.signOutTitle,
    scripts: ['/assets/logout.js'],
    body: `<h1>${escapeHtml(s.signOutTitle)}</h1>
<p>${escapeHtml(s.signOutIntro)}</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" id="logout-confirm">${escapeHtml(s.signOut)}</button>`,
  });
}

export function signedOutPage(lang: Locale, appUrl: string | undefined): string {
  const s = strings(lang);
  return layout({
    lang,
    title: s.signedOutTitle,
    body: `<h1>${escapeHtml(s.signedOutTitle)}</h1>
<p>${escapeHtml(s.signedOutText)}</p>
${appUrl ? `<p><a href="${escapeHtml(appUrl)}">${escapeHtml(s.backToApp)}</a></p>` : ''}`,
  });
}

export interface ErrorPageOptions {
  readonly lang: Locale;
  readonly kind: 'error' | 'expired' | 'not_found';
  readonly code?: string;
  readonly description?: string;
  readonly appUrl?: string;
}

export function errorPage(o: ErrorPageOptions): string {
  const s = strings(o.lang);
  const title =
    o.kind === 'expired' ? s.expiredTitle : o.kind === 'not_found' ? s.notFoundTitle : s.errorTitle;
  const text = o.kind === 'expired' ? s.expiredText : o.kind === 'not_found' ? '' : s.errorText;
  const details =
    o.code || o.description
      ? `<dl>${o.code ? `<dt>${escapeHtml(s.errorCode)}</dt><dd><code>${escapeHtml(o.code)}</code></dd>` : ''}${o.description ? `<dt>${escapeHtml(s.errorDetails)}</dt><dd lang="en">${escapeHtml(o.description)}</dd>` : ''}</dl>`
      : '';
  return layout({
    lang: o.lang,
    title,
    body: `<h1>${escapeHtml(title)}</h1>
${text ? `<p>${escapeHtml(text)}</p>` : ''}
${details}
${o.appUrl ? `<p><a href="${escapeHtml(o.appUrl)}">${escapeHtml(s.backToApp)}</a></p>` : ''}`,
  });
}

export function homePage(lang: Locale, issuer: string, appUrl: string | undefined): string {
  const s = strings(lang);
  return layout({
    lang,
    title: s.homeTitle,
    switchHref: (l) => `/?lang=${l}`,
    body: `<h1>${escapeHtml(s.homeTitle)}</h1>
<p>${escapeHtml(s.homeText)}</p>
<p><a href="${escapeHtml(`${issuer}/.well-known/openid-configuration`)}" lang="en">OpenID Connect discovery</a></p>
${appUrl ? `<p><a href="${escapeHtml(appUrl)}">${escapeHtml(s.backToApp)}</a></p>` : ''}`,
  });
}
