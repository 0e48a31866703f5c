import type { AppNotification } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { makeTranslate } from '../../i18n';
import { notificationTarget, notificationText, titleIn } from './text';

const at = '2026-12-06T10:00:00.000Z';
const of = (subject: AppNotification['subject']): AppNotification => ({ id: 'n-a', subject, createdAt: at });

describe('the bell’s accessible name (ICU plurals)', () => {
  it.each([
    ['fr', 0, 'Notifications'],
    ['fr', 1, 'Notifications, 1 non lue'],
    ['fr', 3, 'Notifications, 3 non lues'],
    ['nl', 0, 'Meldingen'],
    ['nl', 1, 'Meldingen, 1 ongelezen'],
    ['nl', 12, 'Meldingen, 12 ongelezen'],
  ] as const)('%s, %i unread: “%s”', (lang, count, name) => {
    expect(makeTranslate(lang)('notifications.bell', { count })).toBe(name);
  });
});

describe('what a notification says, in the reader’s current language', () => {
  const certificate = of({
    kind: 'certificate-ready',
    certificateId: 'c-1',
    trainingId: 'wounds',
    trainingTitle: { fr: 'Soins des plaies', nl: 'Wondzorg' },
  });

  it('switches the training title with the language, falling back to the other one', () => {
    expect(notificationText(makeTranslate('fr'), 'fr', certificate)).toBe(
      'Votre attestation pour « Soins des plaies » est prête.',
    );
    expect(notificationText(makeTranslate('nl'), 'nl', certificate)).toBe(
      'Uw attest voor ‘Wondzorg’ is klaar.',
    );
    expect(titleIn({ fr: 'Hygiène' }, 'nl')).toEqual({ text: 'Hygiène', lang: 'fr' });
  });

  it('shows the reason of a rejected diploma, and none for an approval', () => {
    const t = makeTranslate('fr');
    expect(
      notificationText(
        t,
        'fr',
        of({ kind: 'diploma-reviewed', diplomaId: 'd-1', outcome: 'rejected', reason: 'Document illisible' }),
      ),
    ).toBe('Votre diplôme a été refusé. Motif : Document illisible');
    expect(
      notificationText(t, 'fr', of({ kind: 'diploma-reviewed', diplomaId: 'd-1', outcome: 'approved' })),
    ).toBe('Votre diplôme a été approuvé.');
    expect(
      notificationText(
        makeTranslate('nl'),
        'nl',
        of({ kind: 'diploma-reviewed', diplomaId: 'd', outcome: 'rejected' }),
      ),
    ).toBe('Uw diploma werd geweigerd.');
  });

  it('names the session, its date and place in a reminder', () => {
    const text = notificationText(
      makeTranslate('nl'),
      'nl',
      of({
        kind: 'session-reminder',
        sessionId: 's-1',
        trainingTitle: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
        startsAt: '2026-12-07T08:00:00.000Z',
        place: 'Namen',
      }),
    );
    expect(text).toMatch(/^Herinnering: de sessie ‘Handhygiëne’ vindt morgen plaats, .*7 dec.* in Namen\.$/);
  });

  it('says a session was cancelled, with the reason when the admin gave one, in either language', () => {
    const cancelled = of({
      kind: 'session-cancelled',
      sessionId: 's-1',
      trainingTitle: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
      startsAt: '2026-12-07T08:00:00.000Z',
      reason: 'Formateur malade',
    });
    expect(notificationText(makeTranslate('fr'), 'fr', cancelled)).toMatch(
      /^La session « Hygiène des mains » du .*7 déc.* est annulée\. Motif : Formateur malade$/,
    );
    const { reason: _reason, ...withoutReason } = cancelled.subject as typeof cancelled.subject & {
      reason?: string;
    };
    expect(notificationText(makeTranslate('nl'), 'nl', of(withoutReason))).toMatch(
      /^De sessie ‘Handhygiëne’ van .*7 dec.* werd geannuleerd\.$/,
    );
    expect(notificationTarget(cancelled).to).toBe('/sessions');
  });

  it('leads to the page of what it is about', () => {
    expect(notificationTarget(certificate).to).toBe('/certificates');
    expect(notificationTarget(of({ kind: 'diploma-reviewed', diplomaId: 'd', outcome: 'approved' })).to).toBe(
      '/profile',
    );
    expect(
      notificationTarget(
        of({
          kind: 'session-reminder',
          sessionId: 's',
          trainingTitle: { fr: 'x' },
          startsAt: at,
          place: 'p',
        }),
      ).to,
    ).toBe('/sessions');
  });
});
