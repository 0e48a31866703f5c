// Server-rendered markup of the design-system components (no DOM needed): accessible names and attributes.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n';
import { Button, buttonClass } from './Button';
import { ConfirmDialog } from './Dialog';
import { SelectField, TextAreaField, TextField } from './Field';
import { Badge, EmptyState, ErrorState, Loading } from './States';
import { Table } from './Table';
import { ToastProvider } from './Toast';
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

describe('states, table, fields', () => {
  it('EmptyState has a heading at the requested level and its body', () => {
    const html = renderToStaticMarkup(
      <EmptyState level={3} title="Aucune session planifiée">
        <p>Bientôt.</p>
      </EmptyState>,
    );
    expect(html).toContain('<h3 class="state__title">Aucune session planifiée</h3>');
    expect(html).toContain('<p>Bientôt.</p>');
    expect(html).not.toContain('role="alert"');
  });

  it('ErrorState is announced (role=alert) and can be the page heading', () => {
    const html = renderToStaticMarkup(<ErrorState level={1} title="Une erreur est survenue" />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('<h1 class="state__title">Une erreur est survenue</h1>');
  });

  it('Loading is a polite status with a text alternative', () => {
    const html = renderToStaticMarkup(<Loading label="Chargement…" />);
    expect(html).toContain('role="status"');
    expect(html).toContain('aria-hidden="true"');
    expect(html).toContain('Chargement…');
  });

  it('Table has a caption and a named, focusable scroll region', () => {
    const html = renderToStaticMarkup(
      <Table caption="Utilisateurs de SOINS+">
        <tbody>
          <tr>
            <td>x</td>
          </tr>
        </tbody>
      </Table>,
    );
    expect(html).toContain('role="region" aria-label="Utilisateurs de SOINS+" tabindex="0"');
    expect(html).toContain('<caption class="table__caption">Utilisateurs de SOINS+</caption>');
  });

  it('TextField ties its label, hint and error to the input', () => {
    const html = renderToStaticMarkup(
      <TextField
        label="Nom ou adresse e-mail"
        hint="Au moins 2 lettres"
        error="Trop court"
        value="a"
        readOnly
      />,
    );
    const id = /<input[^>]* id="([^"]+)"/.exec(html)?.[1] ?? 'missing';
    expect(html).toContain(`<label class="field__label" for="${id}">Nom ou adresse e-mail</label>`);
    expect(html).toContain(`aria-describedby="${id}-hint ${id}-error"`);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`<p class="field__error" id="${id}-error">Trop court</p>`);
  });

  it('SelectField offers options with their language', () => {
    const html = renderToStaticMarkup(
      <SelectField
        label="Langue"
        value="nl"
        options={[
          { value: 'fr', label: 'Français', lang: 'fr' },
          { value: 'nl', label: 'Nederlands', lang: 'nl' },
        ]}
        onChange={() => undefined}
      />,
    );
    expect(html).toMatch(/<option value="nl" lang="nl" selected="">Nederlands<\/option>/);
  });

  it('buttons: busy state, small size and link styling', () => {
    expect(renderToStaticMarkup(<Button busy>Enregistrer</Button>)).toBe(
      '<button type="button" class="button button--primary" disabled="" aria-busy="true">Enregistrer</button>',
    );
    expect(buttonClass('danger', 'sm')).toBe('button button--danger button--sm');
    expect(renderToStaticMarkup(<Badge tone="brand">Formateur</Badge>)).toBe(
      '<span class="badge badge--brand">Formateur</span>',
    );
  });
});

describe('ConfirmDialog', () => {
  it('is a native dialog labelled by its title and described by its body, empty while closed', () => {
    const props = {
      title: 'Désactiver ce compte ?',
      confirmLabel: 'Confirmer',
      cancelLabel: 'Annuler',
      onConfirm: () => undefined,
      onCancel: () => undefined,
    };
    const closed = renderToStaticMarkup(
      <ConfirmDialog {...props} open={false}>
        <p>Corps</p>
      </ConfirmDialog>,
    );
    expect(closed).toMatch(
      /^<dialog class="dialog" aria-labelledby="[^"]+" aria-describedby="[^"]+"><\/dialog>$/,
    );
    const open = renderToStaticMarkup(
      <ConfirmDialog {...props} open error="Vous ne pouvez pas retirer votre propre rôle d’administrateur.">
        <p>Corps</p>
      </ConfirmDialog>,
    );
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(open)?.[1] ?? 'missing';
    expect(open).toContain(`<h2 id="${labelledBy}" class="dialog__title">Désactiver ce compte ?</h2>`);
    expect(open).toContain('role="alert"');
    // Cancel comes first: the safe choice gets the focus.
    expect(open.indexOf('Annuler')).toBeLessThan(open.indexOf('Confirmer'));
  });
});

describe('ToastProvider', () => {
  it('renders live regions from the start (polite for success, assertive for errors)', () => {
    const html = renderToStaticMarkup(
      <ToastProvider closeLabel="Fermer" regionLabel="Notifications">
        <p>page</p>
      </ToastProvider>,
    );
    expect(html).toContain('<section class="toasts" aria-label="Notifications">');
    expect(html).toContain('role="status" aria-live="polite"');
    expect(html).toContain('role="alert" aria-live="assertive"');
  });
});

describe('TextAreaField', () => {
  it('labels the textarea and ties hint and error to it', () => {
    const html = renderToStaticMarkup(
      <TextAreaField
        label="Texte"
        hint="Texte brut"
        error="Trop court"
        value=""
        onChange={() => undefined}
      />,
    );
    const id = /<textarea[^>]* id="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(id).not.toBe('');
    expect(html).toContain(`<label class="field__label" for="${id}">Texte</label>`);
    expect(html).toContain(`aria-describedby="${id}-hint ${id}-error"`);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`<p class="field__error" id="${id}-error">Trop court</p>`);
  });
});
