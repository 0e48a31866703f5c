import {
  emailMessageSchema,
  emailRequestSchema,
  emailTemplates,
  type EmailRecipient,
  type EmailRequest,
  type EmailRequestInput,
} from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { renderEmail } from '../src/domain/email/render';

const appUrl = 'https://app.soins.test/';

function recipient(language: EmailRecipient['language'], displayName = 'Marie Dupont'): EmailRecipient {
  return { userId: 'u_123', email: 'marie@example.be', displayName, language };
}

function requestFor(template: EmailRequest['template'], language: EmailRecipient['language']): EmailRequest {
  const input: Record<EmailRequest['template'], EmailRequestInput> = {
    welcome: { template: 'welcome', recipient: recipient(language) },
    subscription_confirmed: {
      template: 'subscription_confirmed',
      recipient: recipient(language),
      plan: 'monthly',
      amountCents: 1500,
      currency: 'eur',
      periodEnd: '2026-12-31T23:30:00Z',
    },
    diploma_approved: { template: 'diploma_approved', recipient: recipient(language) },
    diploma_rejected: {
      template: 'diploma_rejected',
      recipient: recipient(language),
      reason: 'Le document est illisible.\nMerci de joindre le verso.',
    },
    payment_failed: {
      template: 'payment_failed',
      recipient: recipient(language),
      amountCents: 1500,
      currency: 'EUR',
      retryUrl: 'https://invoice.stripe.test/i/acct_1/inv_1?x=1&y=2',
    },
    certificate_issued: {
      template: 'certificate_issued',
      recipient: recipient(language),
      trainingTitle: 'Soins des plaies <chroniques>',
      hours: 1.5,
      completedAt: '2026-11-20T10:00:00Z',
      verificationCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
    },
    diploma_infected_alert: {
      template: 'diploma_infected_alert',
      recipient: recipient(language),
      diplomaId: '5f0c8a1e-0000-4000-8000-000000000001',
      signature: 'Eicar-Test-Signature',
      detectedAt: '2026-11-26T09:30:00Z',
    },
    export_ready: {
      template: 'export_ready',
      recipient: recipient(language),
      report: 'training-participants',
      format: 'csv',
      subject: 'hygiene-mains',
      rows: 12,
    },
    session_registration: {
      template: 'session_registration',
      recipient: recipient(language),
      status: 'waiting',
      trainingTitle: 'Soins des plaies <chroniques>',
      startsAt: '2026-12-15T08:00:00Z',
      endsAt: '2026-12-15T11:30:00Z',
      place: 'Bruxelles, salle 2',
    },
    session_cancelled: {
      template: 'session_cancelled',
      recipient: recipient(language),
      trainingTitle: 'Soins des plaies <chroniques>',
      startsAt: '2026-12-15T08:00:00Z',
      endsAt: '2026-12-15T11:30:00Z',
      place: 'Bruxelles, salle 2',
      reason: 'Formateur malade <urgence>',
    },
    attestation_issued: {
      template: 'attestation_issued',
      recipient: recipient(language),
      trainingTitle: 'Soins des plaies <chroniques>',
      hours: 2.5,
      sessionDate: '2026-12-15T08:00:00Z',
      verificationCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
    },
    data_export_ready: {
      template: 'data_export_ready',
      recipient: recipient(language),
      exportId: '5f0c8a1e-0000-4000-8000-000000000002',
      expiresAt: '2026-11-27T09:30:00Z',
    },
    erasure_scheduled: {
      template: 'erasure_scheduled',
      recipient: recipient(language),
      scheduledFor: '2026-12-20T11:00:00Z',
    },
    erasure_completed: { template: 'erasure_completed', recipient: recipient(language) },
    reminder: {
      template: 'reminder',
      recipient: recipient(language),
      reminder: {
        kind: 'session_tomorrow',
        trainingTitle: { fr: 'Plaies chroniques', nl: 'Chronische wonden' },
        startsAt: '2026-12-08T08:00:00Z',
        endsAt: '2026-12-08T11:30:00Z',
        place: 'Bruxelles',
      },
      unsubscribeToken: `v1.${'a'.repeat(20)}.${'b'.repeat(43)}`,
    },
  };
  return emailRequestSchema.parse(input[template]);
}

const markup = /<\/?(?:p|a|table|tr|td|th|ul|li|h1|br|div|blockquote|html|body|span|strong)\b/i;

describe('renderEmail', () => {
  for (const template of emailTemplates) {
    it(`${template}: French and Dutch versions differ, each complete and well-formed`, () => {
      const fr = renderEmail(requestFor(template, 'fr'), { appUrl });
      const nl = renderEmail(requestFor(template, 'nl'), { appUrl });
      expect(fr.subject).not.toBe(nl.subject);
      expect(fr.subject.length).toBeGreaterThan(5);
      expect(nl.subject.length).toBeGreaterThan(5);

      expect(fr.html).toContain('<html lang="fr-BE"');
      expect(nl.html).toContain('<html lang="nl-BE"');
      for (const { html, text } of [fr, nl]) {
        expect(html).toMatch(/^<!DOCTYPE html>/);
        expect(html).toContain('<meta charset="utf-8">');
        expect(html).not.toMatch(/<img\b|<link\b|<script\b|url\(/i); // nothing external, no scripts
        // Layout tables are marked as presentation; the only other table is a data table with headers.
        for (const table of html.match(/<table\b[^>]*>/g) ?? []) {
          if (!table.includes('role="presentation"')) expect(html).toContain('<th scope="row"');
        }
        expect(html).toContain('Marie Dupont');
        expect(text).toContain('Marie Dupont');
        expect(text).not.toMatch(markup);
        expect(text).not.toMatch(/&(?:amp|lt|gt|quot|#39);/);
        expect(text).toMatch(/https:\/\/(?:app\.soins\.test|invoice\.stripe\.test)\//);
      }
      expect(fr.text).toContain('L’équipe SOINS+');
      expect(nl.text).toContain('Het SOINS+-team');
    });
  }

  it('greets in the right language and signs off', () => {
    const fr = renderEmail(requestFor('welcome', 'fr'), { appUrl });
    const nl = renderEmail(requestFor('welcome', 'nl'), { appUrl });
    expect(fr.subject).toBe('Bienvenue sur SOINS+');
    expect(nl.subject).toBe('Welkom bij SOINS+');
    expect(fr.text).toContain('Bonjour Marie Dupont,');
    expect(nl.text).toContain('Beste Marie Dupont,');
    expect(fr.text).toContain('infirmier·ère·s');
    expect(nl.text).toContain('verpleegkundigen');
    expect(fr.text).toContain('https://app.soins.test/dashboard'); // no double slash
  });

  it('escapes user input in the HTML part and keeps it verbatim in the text part', () => {
    const request = emailRequestSchema.parse({
      template: 'diploma_rejected',
      recipient: recipient('fr', '<script>alert("x")</script> & Co'),
      reason: 'Scan <b>flou</b> & incomplet',
    });
    const { html, text } = renderEmail(request, { appUrl });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>flou</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).toContain('Scan &lt;b&gt;flou&lt;/b&gt; &amp; incomplet');
    expect(text).toContain('<script>alert("x")</script> & Co');
    expect(text).toContain('> Scan <b>flou</b> & incomplet');
  });

  it('keeps the line breaks of a rejection reason', () => {
    const { html, text } = renderEmail(requestFor('diploma_rejected', 'fr'), { appUrl });
    expect(html).toContain('Le document est illisible.<br>Merci de joindre le verso.');
    expect(text).toContain('> Le document est illisible.\n> Merci de joindre le verso.');
  });

  it('strips control characters and line breaks from names', () => {
    const request = emailRequestSchema.parse({
      template: 'welcome',
      recipient: recipient('nl', 'Jan\r\nPeeters\u0007'),
    });
    expect(renderEmail(request, { appUrl }).text).toContain('Beste Jan Peeters,\n');
  });

  it('greets without a name when there is none', () => {
    const request = emailRequestSchema.parse({ template: 'welcome', recipient: recipient('fr', '  ') });
    expect(renderEmail(request, { appUrl }).text).toContain('\n\nBonjour,\n\n');
  });

  it('formats amounts with Intl for fr-BE and nl-BE (15,00 € / € 15,00)', () => {
    const fr = renderEmail(requestFor('payment_failed', 'fr'), { appUrl });
    const nl = renderEmail(requestFor('payment_failed', 'nl'), { appUrl });
    expect(fr.text).toMatch(/paiement de 15,00\s€ pour/u);
    expect(nl.text).toMatch(/betaling van €\s15,00 voor/u);
    expect(fr.html).toMatch(/15,00\s€/u);
  });

  it('shows the plan, amount per period and the period end as a Brussels date', () => {
    const fr = renderEmail(requestFor('subscription_confirmed', 'fr'), { appUrl });
    const nl = renderEmail(requestFor('subscription_confirmed', 'nl'), { appUrl });
    // 2026-12-31T23:30Z is already 1 January 2027 in Brussels.
    expect(fr.text).toMatch(/Période en cours jusqu’au\s: 1 janvier 2027/u);
    expect(nl.text).toContain('Huidige periode loopt tot: 1 januari 2027');
    expect(fr.text).toMatch(/Montant\s: 15,00\s€ par mois/u);
    expect(nl.text).toMatch(/Bedrag: €\s15,00 per maand/u);
    expect(fr.text).toMatch(/Formule\s: Abonnement mensuel/u);
    expect(nl.text).toContain('Formule: Maandabonnement');
    expect(fr.html).toContain('<th scope="row"');

    const yearly = emailRequestSchema.parse({
      template: 'subscription_confirmed',
      recipient: recipient('fr'),
      plan: 'yearly',
      amountCents: 15000,
      currency: 'EUR',
      periodEnd: '2027-06-30T12:00:00+02:00',
    });
    expect(renderEmail(yearly, { appUrl }).text).toMatch(/150,00\s€ par an/u);
  });

  it('links the payment button to the retry URL, escaped in the attribute', () => {
    const { html, text } = renderEmail(requestFor('payment_failed', 'fr'), { appUrl });
    expect(html).toContain('href="https://invoice.stripe.test/i/acct_1/inv_1?x=1&amp;y=2"');
    expect(text).toContain('https://invoice.stripe.test/i/acct_1/inv_1?x=1&y=2');
    const withoutRetry = emailRequestSchema.parse({
      template: 'payment_failed',
      recipient: recipient('nl'),
      amountCents: 990,
      currency: 'EUR',
    });
    expect(renderEmail(withoutRetry, { appUrl }).text).toContain(
      'Betaling regelen: https://app.soins.test/dashboard',
    );
  });

  it('sends German and English speakers the French version', () => {
    for (const language of ['de', 'en'] as const) {
      const email = renderEmail(requestFor('diploma_approved', language), { appUrl });
      expect(email.subject).toBe('Votre diplôme a été validé');
      expect(email.html).toContain('lang="fr-BE"');
    }
  });

  it('renders a text part that reads well: heading, greeting, paragraphs, sign-off, footer', () => {
    const { text } = renderEmail(requestFor('welcome', 'fr'), { appUrl });
    const parts = text.trimEnd().split('\n\n');
    expect(parts[0]).toBe('Bienvenue sur SOINS+');
    expect(parts[1]).toBe('Bonjour Marie Dupont,');
    expect(text).toContain('\n- complétez votre profil');
    expect(text).toMatch(/Accéder à mon espace\s: https:\/\/app\.soins\.test\/dashboard/u);
    expect(parts.at(-2)).toBe('À bientôt,\nL’équipe SOINS+');
    expect(parts.at(-1)).toMatch(/^-- \nVous recevez cet e-mail/);
  });
});

describe('email queue message schema', () => {
  const valid = {
    id: 'stripe:evt_123:subscription_confirmed',
    request: requestFor('subscription_confirmed', 'fr'),
  };

  it('accepts a valid message and normalises the currency', () => {
    const parsed = emailMessageSchema.parse({
      ...valid,
      request: { ...valid.request, currency: 'eur' },
    });
    expect(parsed.request).toMatchObject({ currency: 'EUR' });
    expect(emailMessageSchema.safeParse({ ...valid, id: `k${'x'.repeat(79)}` }).success).toBe(true);
    expect(
      emailMessageSchema.parse({ id: 'welcome:u_abc-DEF_1', request: requestFor('welcome', 'nl') }).id,
    ).toBe('welcome:u_abc-DEF_1');
  });

  const bad: [string, unknown][] = [
    ['no id', { request: valid.request }],
    ['an id with a slash', { ...valid, id: 'welcome/u_1' }],
    ['an id with spaces', { ...valid, id: 'welcome u_1' }],
    ['an id over 80 characters (Postmark metadata limit)', { ...valid, id: `k${'x'.repeat(80)}` }],
    ['an unknown template', { ...valid, request: { ...valid.request, template: 'newsletter' } }],
    [
      'an invalid address',
      { ...valid, request: { ...valid.request, recipient: { ...recipient('fr'), email: 'nope' } } },
    ],
    [
      'an unknown language',
      { ...valid, request: { ...valid.request, recipient: { ...recipient('fr'), language: 'es' } } },
    ],
    ['a fractional amount', { ...valid, request: { ...valid.request, amountCents: 15.5 } }],
    ['a negative amount', { ...valid, request: { ...valid.request, amountCents: -1 } }],
    ['a bad currency', { ...valid, request: { ...valid.request, currency: 'EURO' } }],
    ['a bad plan', { ...valid, request: { ...valid.request, plan: 'weekly' } }],
    ['a period end that is not ISO', { ...valid, request: { ...valid.request, periodEnd: '31/12/2026' } }],
    [
      'a missing template field',
      { id: 'x:1', request: { template: 'diploma_rejected', recipient: recipient('fr') } },
    ],
    [
      'an empty reason',
      { id: 'x:1', request: { template: 'diploma_rejected', recipient: recipient('fr'), reason: '  ' } },
    ],
    [
      'a javascript: retry URL',
      {
        id: 'x:1',
        request: {
          template: 'payment_failed',
          recipient: recipient('fr'),
          amountCents: 1,
          currency: 'EUR',
          retryUrl: 'javascript:alert(1)',
        },
      },
    ],
    ['a string', 'hello'],
    ['null', null],
  ];
  for (const [label, input] of bad) {
    it(`rejects ${label}`, () => {
      expect(emailMessageSchema.safeParse(input).success).toBe(false);
    });
  }
});
