import type { AdminCertificate, AdminQuizAttempt, AuditEntryView } from '@soins/shared';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../api/client';
import { makeTranslate } from '../../i18n';
import { actionLabel, changeLabel, exportAudit, targetTypeLabel } from './audit';
import { validateAuditSearch } from './audit-search';
import { contentOf, draftFrom } from './legal-draft';
import { quizGroups, redrivable, resetQuizAttempts, revokeCertificate } from './people';

const attempt = (trainingId: string, number: number, status: AdminQuizAttempt['status'], reset = false) => ({
  attemptId: `${trainingId}.${String(number)}`,
  trainingId,
  number,
  status,
  startedAt: '2026-11-25T10:00:00.000Z',
  ...(reset ? { reset: { at: '2026-11-26T10:00:00.000Z', reason: 'panne' } } : {}),
});

describe('the learner record', () => {
  it('groups attempts per training and counts what a reset would give back', () => {
    const groups = quizGroups([
      attempt('wounds', 1, 'failed', true),
      attempt('wounds', 2, 'expired'),
      attempt('wounds', 3, 'failed'),
      attempt('wounds', 4, 'in_progress'),
      attempt('hygiene', 1, 'failed'),
      attempt('hygiene', 2, 'passed'),
    ]);
    expect(groups.map((g) => [g.trainingId, g.resettable, g.passed])).toEqual([
      ['wounds', 2, false],
      ['hygiene', 1, true],
    ]);
  });

  it('offers a re-drive for a passed quiz whose certificate is missing or not ready', () => {
    const certificate = (trainingId: string, pdfReady: boolean) =>
      ({ trainingId, pdfReady, status: 'valid' }) as AdminCertificate;
    const attempts = [attempt('a', 1, 'passed'), attempt('b', 1, 'passed'), attempt('c', 1, 'passed')];
    expect(redrivable(attempts, [certificate('a', true), certificate('b', false)])).toEqual(['b', 'c']);
  });

  it('sends the reasons of a reset and a revocation to their routes, ids encoded', async () => {
    const request = vi.fn(() => Promise.resolve({ trainingId: 'hygiene', reset: 2 }));
    const api = { request } as unknown as ApiClient;
    await resetQuizAttempts(api, 'u_1', 'hygiene', 'Panne');
    expect(request).toHaveBeenLastCalledWith('/manage/users/u_1/trainings/hygiene/quiz-reset', {
      method: 'POST',
      body: { reason: 'Panne' },
    });
    await revokeCertificate(api, 'u_1', 'c-a/b', 'Fraude');
    expect(request).toHaveBeenLastCalledWith('/manage/certificates/u_1/c-a%2Fb/revocation', {
      method: 'POST',
      body: { reason: 'Fraude' },
    });
  });
});

describe('the audit log page', () => {
  it('keeps the valid search params only, as the api checks them', () => {
    expect(
      validateAuditSearch({
        actor: ' admin@demo.soins.plus ',
        action: 'certificate.revoke',
        targetType: 'user',
        from: '2026-11-01',
        to: '2026-11-30',
        q: 'fraude',
      }),
    ).toEqual({
      actor: 'admin@demo.soins.plus',
      action: 'certificate.revoke',
      targetType: 'user',
      from: '2026-11-01',
      to: '2026-11-30',
      q: 'fraude',
    });
    expect(
      validateAuditSearch({ action: 'DROP TABLE', targetType: 'User!', from: '01/11/2026', actor: '  ' }),
    ).toEqual({});
  });

  it('labels known actions and target types in the reader’s language, others as they are', () => {
    const t = makeTranslate('nl');
    expect(actionLabel(t, 'certificate.revoke')).toBe('Attest ingetrokken');
    expect(actionLabel(t, 'training.publish')).toBe('training.publish');
    expect(targetTypeLabel(t, 'news')).toBe('Nieuwsbericht');
    expect(targetTypeLabel(t, 'quiz-version')).toBe('quiz-version');
  });

  it('exports with the filters and gives the file its byte-order mark back', async () => {
    const request = vi.fn(() => Promise.resolve('at;action\r\n'));
    const csv = await exportAudit({ request } as unknown as ApiClient, { action: 'news.create' });
    expect(request).toHaveBeenLastCalledWith('/manage/audit/export', {
      query: { action: 'news.create' },
      responseType: 'text',
    });
    expect(csv).toBe('\uFEFFat;action\r\n');
  });

  it('shows a change as before → after', () => {
    const entry = (values: Partial<AuditEntryView>) => values as AuditEntryView;
    expect(
      changeLabel(entry({ before: { roles: ['learner'] }, after: { roles: ['learner', 'trainer'] } })),
    ).toBe('{"roles":["learner"]} → {"roles":["learner","trainer"]}');
    expect(changeLabel(entry({ after: { version: 2 } }))).toBe('→ {"version":2}');
    expect(changeLabel(entry({}))).toBe('');
  });
});

describe('a new legal version', () => {
  it('starts from the text in force, and is sent trimmed', () => {
    const content = {
      fr: { title: 'Conditions', body: 'Texte en vigueur.' },
      nl: { title: 'Voorwaarden', body: 'Geldende tekst.' },
    };
    const draft = draftFrom(content);
    expect(draft).toEqual({
      frTitle: 'Conditions',
      frBody: 'Texte en vigueur.',
      nlTitle: 'Voorwaarden',
      nlBody: 'Geldende tekst.',
    });
    expect(contentOf({ ...draft, frTitle: '  Conditions v2 ' }).fr.title).toBe('Conditions v2');
    expect(draftFrom(undefined).frBody).toBe('');
  });
});
