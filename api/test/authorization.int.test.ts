// Authorization in one place, proven against the real stack: the api bundle in the local host, the
// Cosmos emulator, and access tokens from the local identity provider obtained through its login form.
import { problemSchema, profileSchema } from '@soins/shared';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FunctionsHost } from '../../local/functions-host/host';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import type { Composition } from '../src/main';

const emulators = inject('emulators');
let stack: ApiStack;
let host: FunctionsHost;
let composition: Composition;
let work: string;
const callers: readonly Caller[] = ['anonymous', 'learner', 'otherLearner', 'trainer', 'admin'];

beforeAll(async () => {
  stack = await startApiStack(emulators, 'soins-authz');
  ({ host, composition } = stack);
  work = stack.workDir;
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const tokens = { get: (caller: Caller) => stack.tokenOf(caller) };
const id = (caller: Caller): string => stack.idOf(caller);
const tinyPng = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function call(caller: Caller, method: string, path: string, body?: unknown, raw?: Uint8Array) {
  return stack.call(caller, method, path, raw ? { raw } : body === undefined ? {} : { json: body });
}

interface Case {
  readonly method: string;
  readonly path: () => string;
  readonly body?: unknown;
  readonly raw?: Uint8Array;
  /** Expected status per caller, written out explicitly (not derived from the route declarations). */
  readonly expect: Record<Caller, number>;
}

const everyone = (status: number): Record<Caller, number> => ({
  anonymous: status,
  learner: status,
  otherLearner: status,
  trainer: status,
  admin: status,
});
const noSession = 's-00000000-0000-4000-8000-000000000000';
const signedIn = { anonymous: 401, learner: 200, otherLearner: 200, trainer: 200, admin: 200 };
const adminOnly = { anonymous: 401, learner: 403, otherLearner: 403, trainer: 403, admin: 200 };

const matrix: Record<string, Case> = {
  'ops-healthz': { method: 'GET', path: () => 'healthz', expect: everyone(200) },
  'ops-readyz': { method: 'GET', path: () => 'readyz', expect: everyone(200) },
  'ops-client-errors': {
    method: 'POST',
    path: () => 'client-errors',
    body: { message: 'x', route: '/' },
    expect: everyone(202),
  },
  'auth-config': { method: 'GET', path: () => 'auth/config', expect: everyone(200) },
  'me-get': { method: 'GET', path: () => 'me', expect: signedIn },
  'me-update': { method: 'PATCH', path: () => 'me', body: { language: 'fr' }, expect: signedIn },
  'me-details': {
    method: 'PUT',
    path: () => 'me/details',
    body: { firstName: 'Marie', lastName: 'Dubois', profession: 'nurse' },
    expect: signedIn,
  },
  'manage-users-list': { method: 'GET', path: () => 'manage/users', expect: adminOnly },
  'manage-users-role-grant': {
    method: 'PUT',
    path: () => `manage/users/${id('otherLearner')}/roles/trainer`,
    expect: adminOnly,
  },
  'manage-users-role-revoke': {
    method: 'DELETE',
    path: () => `manage/users/${id('otherLearner')}/roles/trainer`,
    expect: adminOnly,
  },
  'manage-users-status': {
    method: 'PUT',
    path: () => `manage/users/${id('otherLearner')}/status`,
    body: { status: 'active' },
    expect: adminOnly,
  },
  // The learner record and what an admin does from it. Unknown trainings are a 404 for admins.
  'manage-user-record': { method: 'GET', path: () => `manage/users/${id('learner')}`, expect: adminOnly },
  'manage-user-enrol': {
    method: 'POST',
    path: () => `manage/users/${id('learner')}/enrolments`,
    body: { trainingId: 'no-such-training' },
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-user-quiz-reset': {
    method: 'POST',
    path: () => `manage/users/${id('learner')}/trainings/no-such-training/quiz-reset`,
    body: { reason: 'authorization matrix' },
    expect: { ...adminOnly, admin: 404 },
  },
  // The audit log: read (search, export) by admins only; no route writes it (see "read-only" below).
  'manage-audit-search': { method: 'GET', path: () => 'manage/audit', expect: adminOnly },
  'manage-audit-export': { method: 'GET', path: () => 'manage/audit/export', expect: adminOnly },
  'trainer-sessions-list': {
    method: 'GET',
    path: () => 'trainer/sessions',
    expect: { anonymous: 401, learner: 403, otherLearner: 403, trainer: 200, admin: 200 },
  },
  // In-person sessions. An unknown session is a 404 for callers the rule lets through; that a trainer
  // cannot read or mark a session they are not assigned to is proven in sessions.int.test.ts (403).
  'manage-sessions-list': { method: 'GET', path: () => 'manage/sessions', expect: adminOnly },
  'manage-sessions-schedule': {
    method: 'POST',
    path: () => 'manage/sessions',
    body: {},
    expect: { ...adminOnly, admin: 400 },
  },
  'manage-session-capacity': {
    method: 'PUT',
    path: () => `manage/sessions/${noSession}/capacity`,
    body: { capacity: 3 },
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-session-cancel': {
    method: 'POST',
    path: () => `manage/sessions/${noSession}/cancel`,
    body: { reason: 'authorization matrix' },
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-session-reopen': {
    method: 'POST',
    path: () => `manage/sessions/${noSession}/reopen`,
    body: { reason: 'authorization matrix' },
    expect: { ...adminOnly, admin: 404 },
  },
  'sessions-upcoming': { method: 'GET', path: () => 'sessions', expect: signedIn },
  'session-registration': {
    method: 'POST',
    path: () => `sessions/${noSession}/registration`,
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  'trainer-session-sheet': {
    method: 'GET',
    path: () => `trainer/sessions/${noSession}`,
    expect: { anonymous: 401, learner: 403, otherLearner: 403, trainer: 404, admin: 404 },
  },
  'trainer-session-attendance': {
    method: 'PUT',
    path: () => `trainer/sessions/${noSession}/attendance`,
    body: { marks: [{ userId: 'someone-registered', status: 'present' }] },
    expect: { anonymous: 401, learner: 403, otherLearner: 403, trainer: 404, admin: 403 },
  },
  'trainer-session-sign-off': {
    method: 'POST',
    path: () => `trainer/sessions/${noSession}/sign-off`,
    expect: { anonymous: 401, learner: 403, otherLearner: 403, trainer: 404, admin: 403 },
  },
  'trainer-session-inami-reveal': {
    method: 'POST',
    path: () => `trainer/sessions/${noSession}/participants/${id('learner')}/inami`,
    expect: { anonymous: 401, learner: 403, otherLearner: 403, trainer: 404, admin: 404 },
  },
  'me-hours-report': { method: 'GET', path: () => 'me/hours-report?year=2026', expect: signedIn },
  'me-diploma-upload': {
    method: 'PUT',
    path: () => 'me/diploma',
    raw: tinyPng,
    expect: { anonymous: 401, learner: 202, otherLearner: 202, trainer: 202, admin: 202 },
  },
  'me-diploma-get': { method: 'GET', path: () => 'me/diploma', expect: signedIn },
  // Checkout before portal: the portal answers 409 until the caller has a Stripe customer.
  'billing-checkout': {
    method: 'POST',
    path: () => 'billing/checkout',
    body: { plan: 'monthly' },
    expect: signedIn,
  },
  // Prices are public: visitors see them before signing up.
  'billing-plans': { method: 'GET', path: () => 'billing/plans', expect: everyone(200) },
  'billing-subscription': { method: 'GET', path: () => 'billing/subscription', expect: signedIn },
  'billing-portal': { method: 'POST', path: () => 'billing/portal', expect: signedIn },
  'billing-invoices': { method: 'GET', path: () => 'billing/invoices', expect: signedIn },
  // Anonymous by design (Stripe calls it); an unsigned event is refused for everyone.
  'billing-stripe-webhook': {
    method: 'POST',
    path: () => 'billing/stripe-webhook',
    raw: Buffer.from('{"id":"evt_unsigned","type":"invoice.paid"}'),
    expect: everyone(400),
  },
  'manage-diplomas-list': { method: 'GET', path: () => 'manage/diplomas', expect: adminOnly },
  // Authorized admins reach the use case, which answers 404 for a diploma that does not exist.
  'manage-diploma-link': {
    method: 'POST',
    path: () => `manage/diplomas/${id('learner')}/nonexistent-diploma/link`,
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-diploma-decision': {
    method: 'POST',
    path: () => `manage/diplomas/${id('learner')}/nonexistent-diploma/decision`,
    body: { decision: 'approve' },
    expect: { ...adminOnly, admin: 404 },
  },
  'legal-current': { method: 'GET', path: () => 'legal/current', expect: everyone(200) },
  'me-legal-status': { method: 'GET', path: () => 'me/legal', expect: signedIn },
  'me-legal-accept': {
    method: 'POST',
    path: () => 'me/legal/acceptances',
    body: { type: 'terms', version: 1 },
    expect: { anonymous: 401, learner: 201, otherLearner: 201, trainer: 201, admin: 201 },
  },
  'manage-legal-versions': { method: 'GET', path: () => 'manage/legal/terms/versions', expect: adminOnly },
  // Publishing needs a body; an admin with an invalid one gets 400, proving the rule let them through.
  'manage-legal-publish': {
    method: 'POST',
    path: () => 'manage/legal/privacy/versions',
    body: { content: {} },
    expect: { ...adminOnly, admin: 400 },
  },
  'me-inami-get': { method: 'GET', path: () => 'me/inami', expect: signedIn },
  // A malformed number proves the rule let every signed-in caller through to validation.
  'me-inami-set': {
    method: 'PUT',
    path: () => 'me/inami',
    body: { inami: '123' },
    expect: { anonymous: 401, learner: 400, otherLearner: 400, trainer: 400, admin: 400 },
  },
  'me-inami-delete': {
    method: 'DELETE',
    path: () => 'me/inami',
    expect: { anonymous: 401, learner: 204, otherLearner: 204, trainer: 204, admin: 204 },
  },
  'manage-user-inami-get': {
    method: 'GET',
    path: () => `manage/users/${id('learner')}/inami`,
    expect: adminOnly,
  },
  'manage-user-inami-reveal': {
    method: 'POST',
    path: () => `manage/users/${id('learner')}/inami/reveal`,
    expect: { ...adminOnly, admin: 404 },
  },
  // Course player: every route is under /me and reads the user from the token, never from the path,
  // so it is owner-scoped by construction (no other learner's enrolment or progress is addressable).
  // No training exists here: a 404 proves the rule let every signed-in caller through.
  'me-trainings-list': { method: 'GET', path: () => 'me/trainings', expect: signedIn },
  'me-training-get': {
    method: 'GET',
    path: () => 'me/trainings/no-such-training',
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  'me-training-enrol': {
    method: 'POST',
    path: () => 'me/trainings/no-such-training/enrolment',
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  'me-chapter-video': {
    method: 'GET',
    path: () => 'me/trainings/no-such-training/chapters/intro/video',
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  'me-chapter-progress': {
    method: 'POST',
    path: () => 'me/trainings/no-such-training/chapters/intro/progress',
    body: { intervals: [[0, 1]], position: 1 },
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  // Anonymous by design; an unknown code is `unknown` (200), never 404.
  'certificates-verify': {
    method: 'GET',
    path: () => 'verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    expect: everyone(200),
  },
  'me-certificates-list': { method: 'GET', path: () => 'me/certificates', expect: signedIn },
  // Certificates are looked up in the caller's own partition: someone else's id is a 404.
  'me-certificate-pdf': {
    method: 'GET',
    path: () => 'me/certificates/c-aaaaaaaaaaaaaaaaaaaaaaaa/pdf',
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  'me-hours': { method: 'GET', path: () => 'me/hours', expect: signedIn },
  'manage-certificate-revoke': {
    method: 'POST',
    path: () => `manage/certificates/${id('learner')}/c-aaaaaaaaaaaaaaaaaaaaaaaa/revocation`,
    body: { reason: 'authorization matrix' },
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-certificate-retry': {
    method: 'POST',
    path: () => `manage/certificates/${id('learner')}/never-requested/retry`,
    expect: { ...adminOnly, admin: 404 },
  },
  // The catalogue and news are public; unknown ids are 404 for everyone (not 401).
  'catalogue-list': { method: 'GET', path: () => 'catalogue', expect: everyone(200) },
  'catalogue-detail': { method: 'GET', path: () => 'catalogue/no-such-training', expect: everyone(404) },
  // Free preview chapters are public too; anything that is not one is 404 for everyone.
  'catalogue-chapter-preview': {
    method: 'GET',
    path: () => 'catalogue/no-such-training/chapters/intro/preview',
    expect: everyone(404),
  },
  'news-list': { method: 'GET', path: () => 'news', expect: everyone(200) },
  'manage-trainings-list': { method: 'GET', path: () => 'manage/trainings', expect: adminOnly },
  'manage-training-get': {
    method: 'GET',
    path: () => 'manage/trainings/no-such-training',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-training-upsert': {
    method: 'PUT',
    path: () => 'manage/trainings/authz-training',
    body: {},
    expect: { ...adminOnly, admin: 400 },
  },
  'manage-training-questions-get': {
    method: 'GET',
    path: () => 'manage/trainings/no-such-training/questions',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-training-questions-replace': {
    method: 'PUT',
    path: () => 'manage/trainings/no-such-training/questions',
    body: {},
    expect: { ...adminOnly, admin: 400 },
  },
  'manage-training-publish': {
    method: 'POST',
    path: () => 'manage/trainings/no-such-training/publish',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-training-unpublish': {
    method: 'POST',
    path: () => 'manage/trainings/no-such-training/unpublish',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-training-archive': {
    method: 'POST',
    path: () => 'manage/trainings/no-such-training/archive',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-training-preview': {
    method: 'GET',
    path: () => 'manage/trainings/no-such-training/preview',
    expect: { ...adminOnly, admin: 404 },
  },
  // Course builder uploads: an admin with an invalid body gets 400, an unknown training or upload 404.
  'manage-chapter-upload-start': {
    method: 'POST',
    path: () => 'manage/trainings/no-such-training/chapters/intro/uploads',
    body: {},
    expect: { ...adminOnly, admin: 400 },
  },
  'manage-chapter-upload-get': {
    method: 'GET',
    path: () =>
      'manage/trainings/no-such-training/chapters/intro/uploads/00000000-0000-4000-8000-000000000000.fr.mp4',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-chapter-upload-complete': {
    method: 'POST',
    path: () =>
      'manage/trainings/no-such-training/chapters/intro/uploads/00000000-0000-4000-8000-000000000000.fr.mp4/completion',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-chapter-media': {
    method: 'GET',
    path: () => 'manage/trainings/no-such-training/chapters/intro/media',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-news-create': {
    method: 'POST',
    path: () => 'manage/news',
    body: {},
    expect: { ...adminOnly, admin: 400 },
  },
  'manage-news-delete': {
    method: 'DELETE',
    path: () => 'manage/news/no-such-news',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-news-list': { method: 'GET', path: () => 'manage/news', expect: adminOnly },
  'manage-news-get': {
    method: 'GET',
    path: () => 'manage/news/no-such-news',
    expect: { ...adminOnly, admin: 404 },
  },
  // An edit must name the version it changes (If-Match): without it, 428 once the rule let the admin in.
  'manage-news-update': {
    method: 'PUT',
    path: () => 'manage/news/no-such-news',
    body: {},
    expect: { ...adminOnly, admin: 428 },
  },
  'manage-news-unpublish': {
    method: 'POST',
    path: () => 'manage/news/no-such-news/unpublish',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-news-publish': {
    method: 'POST',
    path: () => 'manage/news/no-such-news/publish',
    expect: { ...adminOnly, admin: 404 },
  },
  // The quiz acts on the caller's own attempts (partition = caller): every signed-in caller reaches the
  // use case, which answers 404 for a training that does not exist.
  'me-quiz-status': {
    method: 'GET',
    path: () => 'me/trainings/no-such-training/quiz',
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  'me-quiz-attempt-start': {
    method: 'POST',
    path: () => 'me/trainings/no-such-training/quiz/attempts',
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  'me-quiz-attempt-get': {
    method: 'GET',
    path: () => 'me/trainings/no-such-training/quiz/attempts/no-such-training.1',
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  'me-quiz-attempt-submit': {
    method: 'POST',
    path: () => 'me/trainings/no-such-training/quiz/attempts/no-such-training.1/submission',
    body: { answers: [] },
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  // Operations (dead letters): admins only; a dead letter that does not exist is a 404 for them.
  'manage-dead-letters-list': {
    method: 'GET',
    path: () => 'manage/operations/dead-letters',
    expect: adminOnly,
  },
  'manage-dead-letters-redrive': {
    method: 'POST',
    path: () => 'manage/operations/dead-letters/email/0-no-such-letter/redrive',
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-dead-letters-purge': {
    method: 'DELETE',
    path: () => 'manage/operations/dead-letters/email/0-no-such-letter',
    expect: { ...adminOnly, admin: 404 },
  },
  // Report exports: jobs belong to the admin who asked (another admin's id is a 404).
  'manage-reports-export-start': {
    method: 'POST',
    path: () => 'manage/reports/exports',
    body: { kind: 'training-rates', format: 'csv', language: 'fr', clientKey: 'authz-matrix-export' },
    expect: { ...adminOnly, admin: 202 },
  },
  'manage-reports-export-list': { method: 'GET', path: () => 'manage/reports/exports', expect: adminOnly },
  'manage-reports-export-get': {
    method: 'GET',
    path: () => `manage/reports/exports/x${'0'.repeat(31)}`,
    expect: { ...adminOnly, admin: 404 },
  },
  'manage-reports-export-download': {
    method: 'POST',
    path: () => `manage/reports/exports/x${'0'.repeat(31)}/download`,
    expect: { ...adminOnly, admin: 404 },
  },
  // Privacy: the register and published legal versions are public; exports are the caller's own
  // (someone else's export id, like an unknown one, is a 404).
  'privacy-register': { method: 'GET', path: () => 'privacy/register', expect: everyone(200) },
  'manage-privacy-register': { method: 'GET', path: () => 'manage/privacy/register', expect: adminOnly },
  'legal-versions-public': { method: 'GET', path: () => 'legal/terms/versions', expect: everyone(200) },
  'legal-version-public': { method: 'GET', path: () => 'legal/terms/versions/1', expect: everyone(200) },
  'me-legal-acceptances': { method: 'GET', path: () => 'me/legal/acceptances', expect: signedIn },
  'me-exports-request': {
    method: 'POST',
    path: () => 'me/exports',
    expect: { anonymous: 401, learner: 202, otherLearner: 202, trainer: 202, admin: 202 },
  },
  'me-exports-list': { method: 'GET', path: () => 'me/exports', expect: signedIn },
  'me-export-download': {
    method: 'GET',
    path: () => 'me/exports/00000000-0000-4000-8000-000000000000/download',
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  // Erasure: the caller's own request (a fresh sign-in: the stack's tokens are minutes old), read and
  // cancelled in this order; the admins' list of pending erasures.
  'me-erasure-request': {
    method: 'POST',
    path: () => 'me/erasure',
    expect: { anonymous: 401, learner: 202, otherLearner: 202, trainer: 202, admin: 202 },
  },
  'me-erasure-get': { method: 'GET', path: () => 'me/erasure', expect: signedIn },
  'me-erasure-cancel': { method: 'DELETE', path: () => 'me/erasure', expect: signedIn },
  'manage-privacy-erasures': { method: 'GET', path: () => 'manage/privacy/erasures', expect: adminOnly },
  // Reminders: the caller's own preferences; the unsubscribe link is anonymous by design (RFC 8058
  // one-click: no cookie, no sign-in), its signed token is the only authority (a bad one is a 400 for
  // everyone; GET and POST with a real token in reminders.int.test.ts).
  'me-reminders-get': { method: 'GET', path: () => 'me/reminders', expect: signedIn },
  'me-reminders-put': {
    method: 'PUT',
    path: () => 'me/reminders',
    body: {
      preferences: {
        idle_training: true,
        session_tomorrow: true,
        payment_failed: true,
        subscription_ending: true,
        hours_short: true,
      },
    },
    expect: signedIn,
  },
  'reminders-unsubscribe': {
    method: 'POST',
    path: () => 'reminders/unsubscribe?token=v1.dGFtcGVyZWQ.' + 'A'.repeat(43),
    expect: everyone(400),
  },
  // In-app notifications: the caller's own partition only (another person's id is a 404, see
  // notifications.int.test.ts).
  'me-notifications-list': { method: 'GET', path: () => 'me/notifications', expect: signedIn },
  'me-notifications-unread': { method: 'GET', path: () => 'me/notifications/unread-count', expect: signedIn },
  'me-notification-read': {
    method: 'POST',
    path: () => 'me/notifications/n-aaaaaaaaaaaaaaaaaaaaaaaa/read',
    expect: { anonymous: 401, learner: 404, otherLearner: 404, trainer: 404, admin: 404 },
  },
  'me-notifications-read-all': { method: 'POST', path: () => 'me/notifications/read-all', expect: signedIn },
  // The catch-all answers 404 to everyone for unknown paths.
  'ops-fallback': { method: 'GET', path: () => 'no/such/route', expect: everyone(404) },
};

describe('authorization matrix', () => {
  it('every registered HTTP route declares an access rule and is in the matrix', () => {
    const registered = [...host.registry.functions.values()]
      .filter((f) => f.trigger.type === 'httpTrigger')
      .map((f) => f.name);
    const declared = new Map(composition.routes.map((r) => [r.name, r.access]));
    expect(
      registered.filter((name) => !declared.has(name)),
      'routes without a declared rule',
    ).toEqual([]);
    expect(
      registered.filter((name) => !(name in matrix)),
      'routes missing from the matrix',
    ).toEqual([]);
    expect(registered.length).toBe(Object.keys(matrix).length);
  });

  it('the audit log is read-only: every audit route is a GET, and no method edits or deletes an entry', async () => {
    const auditRoutes = composition.routes.filter((r) => /^manage\/audit(\/|$)/.test(r.route));
    expect(auditRoutes.map((r) => r.name).sort()).toEqual(['manage-audit-export', 'manage-audit-search']);
    expect(auditRoutes.flatMap((r) => r.methods).every((method) => method === 'GET')).toBe(true);
    for (const path of ['manage/audit', 'manage/audit/export', 'manage/audit/some-entry-id']) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const response = await call('admin', method, path, {});
        expect([404, 405], `${method} ${path}`).toContain(response.status);
        await response.arrayBuffer();
      }
    }
  });

  for (const [name, test] of Object.entries(matrix)) {
    it(`${name}: ${test.method} as ${callers.join(', ')}`, async () => {
      const actual: Record<string, number> = {};
      for (const caller of callers) {
        const response = await call(caller, test.method, test.path(), test.body, test.raw);
        actual[caller] = response.status;
        if (response.status >= 400) {
          const problem = problemSchema.parse(await response.json());
          expect(problem.status).toBe(response.status);
        } else {
          await response.arrayBuffer();
        }
      }
      expect(actual).toEqual(test.expect);
    });
  }
});

describe('profiles and roles', () => {
  it('creates a learner profile on the first call and reports roles from the profile', async () => {
    const me = profileSchema.parse(await (await call('learner', 'GET', 'me')).json());
    expect(me.roles).toEqual(['learner']);
    expect(me.language).toBe('fr');
    const admin = profileSchema.parse(await (await call('admin', 'GET', 'me')).json());
    expect(admin.roles).toContain('admin');
  });

  it('stores the language choice in the profile', async () => {
    const updated = profileSchema.parse(
      await (await call('otherLearner', 'PATCH', 'me', { language: 'de' })).json(),
    );
    expect(updated.language).toBe('de');
    expect(profileSchema.parse(await (await call('otherLearner', 'GET', 'me')).json()).language).toBe('de');
    await call('otherLearner', 'PATCH', 'me', { language: 'nl' });
  });

  it('stores the onboarding details and completes the profile', async () => {
    const response = await call('otherLearner', 'PUT', 'me/details', {
      firstName: ' Anne-Sophie ',
      lastName: "D'Hondt",
      profession: 'midwife',
      specialistTitle: true,
      phone: '0470 12 34 56',
    });
    expect(response.status).toBe(200);
    const me = profileSchema.parse(await (await call('otherLearner', 'GET', 'me')).json());
    expect(me).toMatchObject({
      firstName: 'Anne-Sophie',
      lastName: "D'Hondt",
      displayName: "Anne-Sophie D'Hondt",
      profession: 'midwife',
      specialistTitle: false,
      phone: '+32470123456',
      profileComplete: true,
    });
  });

  it('refuses invalid onboarding details with one field error per field', async () => {
    const response = await call('learner', 'PUT', 'me/details', {
      firstName: '',
      lastName: 'Dubois<script>',
      profession: 'surgeon',
      phone: '12',
    });
    expect(response.status).toBe(400);
    const paths = new Set((problemSchema.parse(await response.json()).errors ?? []).map((e) => e.path));
    expect([...paths].sort()).toEqual(['firstName', 'lastName', 'phone', 'profession']);
  });

  it('refuses an invalid language with a field error', async () => {
    const response = await call('learner', 'PATCH', 'me', { language: 'xx' });
    expect(response.status).toBe(400);
    expect(problemSchema.parse(await response.json()).errors?.[0]?.path).toBe('language');
  });

  it('lets an admin grant a role that takes effect on the next call, then revoke it', async () => {
    expect((await call('learner', 'GET', 'trainer/sessions')).status).toBe(403);
    expect((await call('admin', 'PUT', `manage/users/${id('learner')}/roles/trainer`)).status).toBe(200);
    expect((await call('learner', 'GET', 'trainer/sessions')).status).toBe(200);
    expect((await call('admin', 'DELETE', `manage/users/${id('learner')}/roles/trainer`)).status).toBe(200);
    expect((await call('learner', 'GET', 'trainer/sessions')).status).toBe(403);
  });

  it('refuses to let an admin remove their own admin role', async () => {
    const response = await call('admin', 'DELETE', `manage/users/${id('admin')}/roles/admin`);
    expect(response.status).toBe(409);
    expect(problemSchema.parse(await response.json()).code).toBe('cannot_remove_own_admin');
  });

  it('refuses to let an admin disable their own account', async () => {
    const response = await call('admin', 'PUT', `manage/users/${id('admin')}/status`, { status: 'disabled' });
    expect(response.status).toBe(409);
    expect(problemSchema.parse(await response.json()).code).toBe('cannot_disable_self');
    expect((await call('admin', 'GET', 'me')).status).toBe(200);
  });

  it('refuses unknown roles and users', async () => {
    expect((await call('admin', 'PUT', `manage/users/${id('learner')}/roles/learner`)).status).toBe(400);
    expect((await call('admin', 'PUT', 'manage/users/u_nobodyhere123/roles/trainer')).status).toBe(404);
  });

  it('finds users by name or e-mail, case-insensitively', async () => {
    const found = (await (await call('admin', 'GET', 'manage/users?q=PEETERS')).json()) as {
      items: { email: string }[];
    };
    expect(found.items.map((u) => u.email)).toEqual(['jan.peeters@demo.soins.plus']);
    const all = (await (await call('admin', 'GET', 'manage/users')).json()) as { items: unknown[] };
    expect(all.items.length).toBeGreaterThanOrEqual(4);
  });

  it('answers a forged continuation token with 400, not 500', async () => {
    const response = await call(
      'admin',
      'GET',
      `manage/users?continuationToken=${encodeURIComponent('{"x":1}')}`,
    );
    expect(response.status).toBe(400);
    expect(problemSchema.parse(await response.json()).errors?.[0]?.path).toBe('continuationToken');
    const diplomas = await call(
      'admin',
      'GET',
      `manage/diplomas?continuationToken=${encodeURIComponent('{"x":1}')}`,
    );
    expect(diplomas.status).toBe(400);
  });

  it('shuts out a disabled user (403) even with a valid token, and lets them back in', async () => {
    expect(
      (await call('admin', 'PUT', `manage/users/${id('otherLearner')}/status`, { status: 'disabled' }))
        .status,
    ).toBe(200);
    const refused = await call('otherLearner', 'GET', 'me');
    expect(refused.status).toBe(403);
    expect(problemSchema.parse(await refused.json()).code).toBe('account_disabled');
    expect(
      (await call('admin', 'PUT', `manage/users/${id('otherLearner')}/status`, { status: 'active' })).status,
    ).toBe(200);
    expect((await call('otherLearner', 'GET', 'me')).status).toBe(200);
  });

  it('shuts out a deleted user (401) even with a valid token', async () => {
    const learnerId = id('learner');
    const stored = await composition.users.get(learnerId);
    if (!stored) throw new Error('no profile');
    expect(await composition.users.replace({ ...stored.value, status: 'deleted' }, stored.etag)).toBe(true);
    try {
      expect((await call('learner', 'GET', 'me')).status).toBe(401);
    } finally {
      const deleted = await composition.users.get(learnerId);
      if (deleted) await composition.users.replace({ ...deleted.value, status: 'active' }, deleted.etag);
    }
  });
});

describe('token attacks get 401 with no detail', () => {
  const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = () => Math.floor(Date.now() / 1000);

  async function providerKey(): Promise<{
    sign: (claims: Record<string, unknown>) => Promise<string>;
    spki: string;
    kid: string;
  }> {
    const jwks = JSON.parse(readFileSync(join(work, 'idp', 'jwks.json'), 'utf8')) as {
      keys: (JWK & { kid: string })[];
    };
    const jwk = jwks.keys[0];
    if (!jwk) throw new Error('no provider key');
    const privateKey = await importJWK(jwk, 'RS256');
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
    const publicKey = await importJWK(publicJwk, 'RS256', { extractable: true });
    return {
      kid: jwk.kid,
      spki: await exportSPKI(publicKey as CryptoKey),
      sign: (claims) =>
        new SignJWT({ email: 'x@example.be', ...claims })
          .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'at+jwt' })
          .sign(privateKey),
    };
  }

  const base = () => ({
    iss: stack.idp.issuer,
    aud: 'api://soins-api',
    sub: 'demo-learner-marie',
    iat: now(),
    exp: now() + 600,
    scp: 'access_as_user',
    azp: 'soins-spa',
  });

  async function expect401(headers: Record<string, string>): Promise<void> {
    const response = await fetch(`${host.url}/api/me`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const problem = problemSchema.parse(await response.json());
    expect(problem.code).toBe('unauthorized');
    expect(problem.detail).toBeUndefined();
  }
  const bearer = (token: string) => ({ 'x-authorization': `Bearer ${token}` });

  it('a correctly signed token is accepted (control)', async () => {
    const key = await providerKey();
    const response = await fetch(`${host.url}/api/me`, { headers: bearer(await key.sign(base())) });
    expect(response.status).toBe(200);
  });

  it('no token, or a token only in Authorization (which Static Web Apps overwrites)', async () => {
    await expect401({});
    await expect401({ authorization: `Bearer ${tokens.get('learner') ?? ''}` });
    await expect401({ 'x-authorization': tokens.get('learner') ?? '' }); // no Bearer scheme
  });

  it('expired, not yet valid, wrong issuer, wrong audience', async () => {
    const key = await providerKey();
    await expect401(bearer(await key.sign({ ...base(), iat: now() - 3600, exp: now() - 120 })));
    await expect401(bearer(await key.sign({ ...base(), nbf: now() + 600 })));
    await expect401(bearer(await key.sign({ ...base(), iss: 'https://evil.example' })));
    await expect401(bearer(await key.sign({ ...base(), aud: 'api://other' })));
  });

  it('alg none, HS256 signed with the public key, tampered payload', async () => {
    const key = await providerKey();
    await expect401(bearer(`${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(base())}.`));
    const header = b64({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' });
    const payload = b64(base());
    const mac = createHmac('sha256', key.spki).update(`${header}.${payload}`).digest('base64url');
    await expect401(bearer(`${header}.${payload}.${mac}`));
    const [h, , s] = (tokens.get('learner') ?? '').split('.');
    await expect401(bearer(`${h ?? ''}.${b64({ ...base(), sub: 'demo-admin' })}.${s ?? ''}`));
  });

  it('a token without the api scope, for another client, or app-only', async () => {
    const key = await providerKey();
    const { scp: _scp, ...noScope } = base();
    await expect401(bearer(await key.sign(noScope)));
    await expect401(bearer(await key.sign({ ...base(), azp: 'another-app' })));
    await expect401(bearer(await key.sign({ ...base(), idtyp: 'app' })));
  });

  it('a key the provider never published (unknown kid)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(base())
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker', typ: 'at+jwt' })
      .sign(privateKey);
    await expect401(bearer(forged));
  });
});
