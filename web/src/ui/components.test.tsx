// Server-rendered markup of the design-system components (no DOM needed): accessible names and attributes.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n';
import { Button } from './Button';
import { LanguageSwitch } from './LanguageSwitch';
import { SkipLink, MAIN_CONTENT_ID } from './SkipLink';

describe('Button', () => {
  it('renders a non-submitting primary button by default', () => {
    const html = renderToStaticMarkup(<Button>OK</Button>);
    expect(html).toBe('<button type="button" class="button button--primary">OK</button>');
  });

  it('keeps an explicit type, variant, extra class and attributes', () => {
    const html = renderToStaticMarkup(
      <Button type="submit" variant="secondary" className="wide" disabled>
        Envoyer
      </Button>,
    );
    expect(html).toContain('type="submit"');
    expect(html).toContain('class="button button--secondary wide"');
    expect(html).toContain('disabled=""');
  });
});

describe('LanguageSwitch', () => {
  it.each([
    ['fr', 'Langue'],
    ['nl', 'Taal'],
  ] as const)('in %s: a labelled select offering French and Dutch, current one selected', (lang, label) => {
    const html = renderToStaticMarkup(
      <I18nProvider initialLang={lang}>
        <LanguageSwitch />
      </I18nProvider>,
    );
    const labelFor = /<label[^>]*for="([^"]+)"[^>]*>([^<]+)<\/label>/.exec(html);
    expect(labelFor?.[2]).toBe(label);
    expect(html).toContain(`<select id="${labelFor?.[1] ?? 'missing'}"`);
    expect(html).toContain('<option value="fr" lang="fr"');
    expect(html).toContain('<option value="nl" lang="nl"');
    expect(html).toMatch(new RegExp(`<option value="${lang}" lang="${lang}" selected=""`));
    expect(html).toContain('>Nederlands</option>');
    expect(html).toContain('>Français</option>');
  });
});

describe('SkipLink', () => {
  it('targets the main landmark, in the current language', () => {
    const html = renderToStaticMarkup(
      <I18nProvider initialLang="nl">
        <SkipLink />
      </I18nProvider>,
    );
    expect(html).toBe(`<a class="skip-link" href="#${MAIN_CONTENT_ID}">Naar de hoofdinhoud</a>`);
  });
});
