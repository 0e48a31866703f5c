import { describe, expect, it } from 'vitest';
import { errorPage, localeFromAcceptLanguage, localeFromUiLocales, loginPage, signupPage } from './pages';

describe('language selection', () => {
  it('reads ui_locales and Accept-Language', () => {
    expect(localeFromUiLocales('nl-BE fr')).toBe('nl');
    expect(localeFromUiLocales('en de')).toBeUndefined();
    expect(localeFromUiLocales(undefined)).toBeUndefined();
    expect(localeFromAcceptLanguage('en-GB,en;q=0.9,nl;q=0.8,fr;q=0.7')).toBe('nl');
    expect(localeFromAcceptLanguage('fr;q=0.5, nl;q=0.9')).toBe('nl');
    expect(localeFromAcceptLanguage('de-DE')).toBeUndefined();
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
  });
});

describe('pages', () => {
  it('renders the sign-in page with labels, a language switch and no inline script', () => {
    const html = loginPage({ uid: 'abc', lang: 'fr', email: '"><script>alert(1)</script>' });
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<label for="email">Adresse e-mail</label>');
    expect(html).toContain('<label for="password">Mot de passe</label>');
    expect(html).toContain('href="/interaction/abc?lang=nl" lang="nl" hreflang="nl"');
    expect(html).toContain('aria-current="true">Français');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    expect(html).not.toContain('role="alert"');
  });

  it('links each error to its field and focuses the first one', () => {
    const html = signupPage({
      uid: 'u1',
      lang: 'nl',
      values: { firstName: 'Jan', email: 'x' },
      errors: { lastName: 'Vul uw achternaam in', password: 'Te kort' },
      minPasswordLength: 12,
    });
    expect(html).toContain('role="alert"');
    expect(html).toContain('<a href="#lastName">Vul uw achternaam in</a>');
    expect(html).toMatch(
      /<input id="lastName"[^>]*aria-describedby="lastName-error"[^>]*aria-invalid="true" autofocus>/,
    );
    expect(html).toMatch(
      /<input id="password"[^>]*aria-describedby="password-hint password-error"[^>]*aria-invalid="true">/,
    );
    expect(html.match(/autofocus/g)).toHaveLength(1);
    expect(html).toContain('value="Jan"');
    expect(html).toContain('<legend>Taal van de toepassing</legend>');
  });

  it('shows oidc-provider errors escaped', () => {
    const html = errorPage({ lang: 'nl', kind: 'error', code: 'invalid_request', description: '<b>bad</b>' });
    expect(html).toContain('Er is een fout opgetreden');
    expect(html).toContain('&lt;b&gt;bad&lt;/b&gt;');
  });
});
