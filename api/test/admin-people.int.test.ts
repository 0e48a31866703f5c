// The admin space's people, news and audit log through the real stack: the api bundle in the local
// Functions host, the Cosmos emulator (refusing cross-partition paging as the real gateway does),
// Azurite, clamd, the Stripe simulator, the certificate workflow and the local identity provider. The
// demo learner with a history (Claire: a passed quiz with its certificate, an exhausted one) is seeded
// exactly as `npm start` seeds her.
import type { CosmosClient } from '@azure/cosmos';
import {
  adminNewsItemSchema,
  auditPageSchema,
  diplomaReviewListSchema,
  learnerRecordSchema,
  newsListSchema,
  problemSchema,
  redirectUrlSchema,
  userListSchema,
  verificationViewSchema,
  type AuditEntryView,
  type LearnerRecord,
} from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoHistorySubject, seedDemoHistory } from '../../local/seed/seed-demo-history';
import { seedTrainings } from '../../local/seed/seed-trainings';
import { startApiStack, type ApiStack } from '../../tests/support/api-stack';
import { CosmosAuditLog } from '../src/adapters/cosmos/audit-log';
import { CosmosDiplomaRepository } from '../src/adapters/cosmos/diploma-repository';
import type { UserProfile } from '../src/domain/identity/model';
import { parseCsv } from '../../tests/support/csv';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
const databaseName = `soins-people-${String(Date.now())}`;
let stack: ApiStack;
let cosmos: CosmosClient;
let claire: string;

beforeAll(async () => {
  stack = await startApiStack(emulators, databaseName);
  cosmos = emulatorCosmosClient(emulators);
  await seedTrainings({
    trainings: stack.composition.trainings,
    storageConnectionString: emulators.storageConnectionString,
    invalidate: stack.composition.catalogue.invalidate,
  });
  claire = stack.composition.userIdFor(stack.idp.issuer, demoHistorySubject);
  // Her diploma was reviewed and approved (certificates are for learners with an approved diploma).
  const diplomas = new CosmosDiplomaRepository(cosmos, databaseName);
  if (!(await diplomas.latestFor(claire))) {
    const at = new Date().toISOString();
    await diplomas.create({
      id: 'demo-claire-approved',
      userId: claire,
      status: 'approved',
      contentType: 'application/pdf',
      sizeBytes: 1,
      uploadedAt: at,
      decidedAt: at,
    });
  }
  await seedDemoHistory({
    cosmos,
    database: databaseName,
    trainings: stack.composition.trainings,
    certificateRequests: stack.composition.certificateRequests,
    userId: claire,
  });
}, 180_000);

afterAll(async () => {
  await stack.stop();
  cosmos.dispose();
});

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const admin = (method: string, path: string, json?: unknown, headers: Record<string, string> = {}) =>
  stack.call('admin', method, path, { ...(json === undefined ? {} : { json }), headers });

async function ok<T>(response: Response, status: number, parse: (body: unknown) => T): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return parse(JSON.parse(text));
}

async function problem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  return problemSchema.parse(await response.json());
}

const recordOf = async (userId: string): Promise<LearnerRecord> =>
  ok(await admin('GET', `manage/users/${userId}`), 200, (body) => learnerRecordSchema.parse(body));

async function auditSearch(query: Record<string, string>): Promise<AuditEntryView[]> {
  const response = await admin('GET', `manage/audit?${new URLSearchParams(query).toString()}`);
  return (await ok(response, 200, (body) => auditPageSchema.parse(body))).items;
}

describe('the learner record', () => {
  it('shows the demo learner: profile, trainings with progress, attempts, certificate, subscription', async () => {
    const record = await until(async () => {
      const current = await recordOf(claire);
      return current.certificates[0]?.pdfReady ? current : undefined;
    }, 'the demo certificate');
    expect(record.profile).toMatchObject({
      displayName: 'Claire Martin',
      language: 'fr',
      roles: ['learner'],
    });
    expect(record.inami).toEqual({ present: false });
    expect(record.subscription).toMatchObject({ status: 'none', entitled: false });
    expect(record.invoices).toEqual([]);
    expect(record.diplomas).toMatchObject([{ status: 'approved' }]);
    expect(record.enrolments.map((e) => [e.trainingId, e.progress.percent]).sort()).toEqual([
      ['chronic-wound-care', 100],
      ['hand-hygiene', 100],
    ]);
    expect(record.quizAttempts.map((a) => [a.attemptId, a.status])).toEqual([
      ['chronic-wound-care.1', 'failed'],
      ['chronic-wound-care.2', 'failed'],
      ['chronic-wound-care.3', 'failed'],
      ['hand-hygiene.1', 'passed'],
    ]);
    expect(record.certificates).toMatchObject([{ trainingId: 'hand-hygiene', status: 'valid' }]);
    // Scores only: the record never carries the questions or the answers.
    expect(JSON.stringify(record.quizAttempts)).not.toMatch(/correct|options|answers/);
  });

  it('answers 404 for an unknown user and a deleted one', async () => {
    await problem(await admin('GET', 'manage/users/u_nobodyhere123'), 404);
    await problem(await admin('GET', 'manage/users/not-a-user-id'), 404);
  });
});

describe('reset of quiz attempts', () => {
  const path = () => `manage/users/${claire}/trainings/chronic-wound-care/quiz-reset`;

  it('is refused without a reason (localized 400 naming `reason`) and resets nothing', async () => {
    for (const body of [{}, { reason: '  ' }, { reason: 'no' }]) {
      const refused = await problem(await admin('POST', path(), body, { 'accept-language': 'nl' }), 400);
      expect(refused.code).toBe('validation_failed');
      expect(refused.title).toBe('Sommige gegevens zijn ongeldig');
      expect(refused.errors?.map((e) => e.path)).toEqual(['reason']);
    }
    const record = await recordOf(claire);
    expect(record.quizAttempts.some((a) => a.reset)).toBe(false);
    expect(record.history.filter((e) => e.action === 'quiz.attempts.reset')).toEqual([]);
  });

  it('gives the attempts back with a reason, kept on the attempts and in the audit log', async () => {
    const reason = 'Coupure réseau pendant les tentatives';
    const reset = await admin('POST', path(), { reason });
    expect(await ok(reset, 200, (body) => body)).toEqual({ trainingId: 'chronic-wound-care', reset: 3 });
    const record = await recordOf(claire);
    const wounds = record.quizAttempts.filter((a) => a.trainingId === 'chronic-wound-care');
    expect(wounds.map((a) => a.reset?.reason)).toEqual([reason, reason, reason]);
    expect(record.history[0]).toMatchObject({
      action: 'quiz.attempts.reset',
      actor: { id: stack.idOf('admin'), name: 'Sophie Lambert' },
      target: { type: 'training', id: 'chronic-wound-care' },
      subject: { id: claire, name: 'Claire Martin' },
      reason,
      before: { attemptsCounted: 3 },
      after: { attemptsCounted: 0 },
    });
    expect(await ok(await admin('POST', path(), { reason }), 200, (body) => body)).toEqual({
      trainingId: 'chronic-wound-care',
      reset: 0,
    });
  });

  it('refuses a passed quiz (409) and an unknown training (404)', async () => {
    const passed = `manage/users/${claire}/trainings/hand-hygiene/quiz-reset`;
    expect((await problem(await admin('POST', passed, { reason: 'Essai' }), 409)).code).toBe('conflict');
    const unknown = `manage/users/${claire}/trainings/no-such-training/quiz-reset`;
    await problem(await admin('POST', unknown, { reason: 'Essai' }), 404);
  });
});

describe('certificates from the record', () => {
  it('revocation needs a reason; once revoked, public verification says so; re-drive is audited', async () => {
    const [certificate] = (await recordOf(claire)).certificates;
    if (!certificate) throw new Error('no demo certificate');
    const revocation = `manage/certificates/${claire}/${certificate.id}/revocation`;
    const verify = async () =>
      verificationViewSchema.parse(
        await (await stack.call('anonymous', 'GET', `verify/${certificate.verificationCode}`)).json(),
      ).status;

    const refused = await problem(await admin('POST', revocation, {}), 400);
    expect(refused.errors?.map((e) => e.path)).toEqual(['reason']);
    expect(await verify()).toBe('valid');

    const reason = 'Fraude constatée lors du contrôle';
    expect((await admin('POST', revocation, { reason })).status).toBe(200);
    expect(await verify()).toBe('revoked');
    const record = await recordOf(claire);
    expect(record.certificates[0]).toMatchObject({ status: 'revoked', revocationReason: reason });
    expect(record.history[0]).toMatchObject({
      action: 'certificate.revoke',
      target: { type: 'certificate', id: certificate.id },
      reason,
      before: { status: 'valid' },
      after: { status: 'revoked' },
    });

    const retry = await admin('POST', `manage/certificates/${claire}/hand-hygiene/retry`);
    expect(retry.status).toBe(202);
    await retry.arrayBuffer();
    expect((await recordOf(claire)).history[0]).toMatchObject({
      action: 'certificate.redrive',
      target: { type: 'training', id: 'hand-hygiene' },
      subject: { id: claire },
    });
  });
});

describe('manual enrolment', () => {
  it('enrols a learner in a published training once; an unknown training is a 404', async () => {
    const path = `manage/users/${stack.idOf('learner')}/enrolments`;
    expect((await admin('POST', path, { trainingId: 'chronic-wound-care' })).status).toBe(201);
    expect((await admin('POST', path, { trainingId: 'chronic-wound-care' })).status).toBe(200);
    await problem(await admin('POST', path, { trainingId: 'no-such-training' }), 404);
    await problem(await admin('POST', path, {}), 400);
    const mine = (await (await stack.call('learner', 'GET', 'me/trainings')).json()) as {
      items: { trainingId: string }[];
    };
    expect(mine.items.map((i) => i.trainingId)).toContain('chronic-wound-care');
    const history = (await recordOf(stack.idOf('learner'))).history;
    expect(history.filter((e) => e.action === 'enrolment.create')).toHaveLength(1);
  });
});

describe('the users list', () => {
  const term = `filters${Date.now().toString(36)}`;

  beforeAll(async () => {
    const people: [string, UserProfile['profession'], UserProfile['roles']][] = [
      ['nurse', 'nurse', ['learner']],
      ['midwife-1', 'midwife', ['learner']],
      ['midwife-2', 'midwife', ['learner', 'trainer']],
      ['other', 'other', ['learner']],
    ];
    for (const [index, [name, profession, roles]] of people.entries()) {
      const at = new Date(Date.now() + index * 1000).toISOString();
      const profile: UserProfile = {
        id: `u_${term}${name.replace('-', '')}`,
        issuer: 'https://filters.test',
        subject: `${term}-${name}`,
        email: `${name}.${term}@example.be`,
        displayName: `${term} ${name}`,
        roles,
        language: 'nl',
        status: 'active',
        createdAt: at,
        updatedAt: at,
        ...(profession ? { profession } : {}),
      };
      expect(await stack.composition.users.create(profile)).toBe(true);
    }
  });

  const names = async (query: Record<string, string>) =>
    (
      await ok(
        await admin('GET', `manage/users?${new URLSearchParams({ q: term, ...query }).toString()}`),
        200,
        (b) => userListSchema.parse(b),
      )
    ).items.map((u) => u.displayName.replace(`${term} `, ''));

  it('filters by profession, role and status, on the directory, keeping the search', async () => {
    expect(await names({ profession: 'midwife' })).toEqual(['midwife-2', 'midwife-1']);
    expect(await names({ role: 'trainer' })).toEqual(['midwife-2']);
    expect(await names({ role: 'trainer', profession: 'nurse' })).toEqual([]);
    const other = `u_${term}other`;
    expect((await admin('PUT', `manage/users/${other}/status`, { status: 'disabled' })).status).toBe(200);
    expect(await names({ status: 'disabled' })).toEqual(['other']);
    expect(await names({ status: 'active' })).toEqual(['midwife-2', 'midwife-1', 'nurse']);
  });

  it('filters by subscription, as Stripe last reported it', async () => {
    const checkout = await stack.call('otherLearner', 'POST', 'billing/checkout', {
      json: { plan: 'monthly' },
    });
    const url = (await ok(checkout, 200, (b) => redirectUrlSchema.parse(b))).url;
    expect((await fetch(url)).status).toBe(200);
    const paid = await fetch(`${url}/pay`, {
      method: 'POST',
      body: new URLSearchParams({ card_number: '4242 4242 4242 4242' }),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    expect((await fetch(`${emulators.stripeSimUrl}/_sim/settled?timeout_ms=20000`)).status).toBe(200);
    await stack.host.queues.idle();
    const list = async (query: string) =>
      (await ok(await admin('GET', `manage/users?${query}`), 200, (b) => userListSchema.parse(b))).items;
    const active = await list('subscription=active');
    expect(active.map((u) => u.id)).toEqual([stack.idOf('otherLearner')]);
    expect(active[0]?.subscription).toBe('active');
    const none = (await list('subscription=none&q=demo.soins.plus')).map((u) => u.id);
    expect(none).toContain(stack.idOf('learner'));
    expect(none).not.toContain(stack.idOf('otherLearner'));
    const record = await recordOf(stack.idOf('otherLearner'));
    expect(record.subscription).toMatchObject({ status: 'active', plan: 'monthly', entitled: true });
    expect(record.invoices?.length).toBeGreaterThan(0);
  });

  it('refuses an unknown filter value with a 400 naming it', async () => {
    const refused = await problem(await admin('GET', 'manage/users?role=superuser'), 400);
    expect(refused.errors?.map((e) => e.path)).toEqual(['role']);
  });
});

describe('the diploma review queue', () => {
  it('names the learner, says which language to write a refusal in, and audits the decision', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    // Pieter (Dutch) sends his diploma: not a demo learner, so none was seeded for him (npm start gives the
    // demo learners an approved one).
    expect((await stack.call('trainer', 'PUT', 'me/diploma', { raw: png })).status).toBe(202);
    const item = await until(async () => {
      const page = await ok(await admin('GET', 'manage/diplomas'), 200, (b) =>
        diplomaReviewListSchema.parse(b),
      );
      return page.items.find((d) => d.userId === stack.idOf('trainer'));
    }, 'the scanned diploma');
    expect(item.learner).toEqual({
      displayName: 'Pieter Claes',
      email: 'trainer@demo.soins.plus',
      profession: 'nurse',
      language: 'nl',
      writeIn: 'nl',
    });
    const reason = 'Het diploma is onleesbaar, gelieve een scan met hogere resolutie op te laden.';
    const decision = `manage/diplomas/${item.userId}/${item.id}/decision`;
    expect((await admin('POST', decision, { decision: 'reject', reason })).status).toBe(200);
    const record = await recordOf(item.userId);
    expect(record.diplomas[0]).toMatchObject({ id: item.id, status: 'rejected', rejectionReason: reason });
    expect(record.history[0]).toMatchObject({
      action: 'diploma.reject',
      target: { type: 'diploma', id: item.id },
      reason,
      after: { status: 'rejected' },
    });
  });
});

describe('news', () => {
  const content = (word: string, window: Record<string, string> = {}) => ({
    title: { fr: `${word} (fr)`, nl: `${word} (nl)` },
    body: { fr: `Texte ${word}`, nl: `Tekst ${word}` },
    ...window,
  });
  const publicTitles = async () =>
    newsListSchema
      .parse(await (await stack.call('anonymous', 'GET', 'news')).json())
      .items.map((n) => n.title.fr);

  it('is public and cached with an ETag; a change shows at once', async () => {
    const first = await stack.call('anonymous', 'GET', 'news');
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    const etag = first.headers.get('etag') ?? '';
    await first.arrayBuffer();
    const notModified = await stack.call('anonymous', 'GET', 'news', { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    const created = await ok(await admin('POST', 'manage/news', content('Bienvenue')), 201, (b) =>
      adminNewsItemSchema.parse(b),
    );
    expect(created.status).toBe('live');
    const after = await stack.call('anonymous', 'GET', 'news', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(newsListSchema.parse(await after.json()).items[0]?.id).toBe(created.id);
  });

  it('needs both languages (400 naming the missing text)', async () => {
    const refused = await problem(
      await admin('POST', 'manage/news', { title: { fr: 'Seul' }, body: { fr: 'Texte', nl: 'Tekst' } }),
      400,
    );
    expect(refused.errors?.map((e) => e.path)).toEqual(['title.nl']);
  });

  it('edits only the version read: a stale one is a localized 412, a missing one a 428; nothing half-saved', async () => {
    const created = await ok(await admin('POST', 'manage/news', content('Version')), 201, (b) =>
      adminNewsItemSchema.parse(b),
    );
    const path = `manage/news/${created.id}`;
    const edit = content('Première', { publishFrom: created.publishFrom });
    const saved = await ok(await admin('PUT', path, edit, { 'if-match': created.etag }), 200, (b) =>
      adminNewsItemSchema.parse(b),
    );
    expect(saved.etag).not.toBe(created.etag);
    const stale = await problem(
      await admin('PUT', path, content('Seconde', { publishFrom: created.publishFrom }), {
        'if-match': created.etag,
        'accept-language': 'nl',
      }),
      412,
    );
    expect(stale.code).toBe('precondition_failed');
    expect(stale.title).toMatch(/intussen door iemand anders gewijzigd/);
    expect((await problem(await admin('PUT', path, edit), 428)).code).toBe('precondition_required');
    const stored = await ok(await admin('GET', path), 200, (b) => adminNewsItemSchema.parse(b));
    expect(stored.title.fr).toBe('Première (fr)');
    expect(stored.etag).toBe(saved.etag);
  });

  it('shows an item inside its window only; unpublish and publish; delete', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = await ok(
      await admin('POST', 'manage/news', content('Demain', { publishFrom: future })),
      201,
      (b) => adminNewsItemSchema.parse(b),
    );
    expect(scheduled.status).toBe('scheduled');
    expect(await publicTitles()).not.toContain('Demain (fr)');
    const shown = await ok(await admin('POST', 'manage/news', content('Visible')), 201, (b) =>
      adminNewsItemSchema.parse(b),
    );
    expect(await publicTitles()).toContain('Visible (fr)');
    const down = await ok(await admin('POST', `manage/news/${shown.id}/unpublish`), 200, (b) =>
      adminNewsItemSchema.parse(b),
    );
    expect(down.status).toBe('unpublished');
    expect(await publicTitles()).not.toContain('Visible (fr)');
    await ok(await admin('POST', `manage/news/${shown.id}/publish`), 200, (b) => b);
    expect(await publicTitles()).toContain('Visible (fr)');
    expect((await admin('DELETE', `manage/news/${shown.id}`)).status).toBe(204);
    await problem(await admin('DELETE', `manage/news/${shown.id}`), 404);
    expect(await publicTitles()).not.toContain('Visible (fr)');
    const actions = (await auditSearch({ targetType: 'news', target: shown.id })).map((e) => e.action);
    expect(actions).toEqual(['news.delete', 'news.publish', 'news.unpublish', 'news.create']);
  });
});

describe('the audit log', () => {
  it('records role changes with the roles before and after, named when read', async () => {
    const learner = stack.idOf('learner');
    expect((await admin('PUT', `manage/users/${learner}/roles/trainer`)).status).toBe(200);
    const [entry] = await auditSearch({ action: 'user.role.grant', target: 'marie.dubois@demo.soins.plus' });
    expect(entry).toMatchObject({
      actor: { id: stack.idOf('admin'), name: 'Sophie Lambert', email: 'admin@demo.soins.plus' },
      target: { type: 'user', id: learner },
      subject: { id: learner, name: 'Marie Dubois' },
      before: { roles: ['learner'] },
      after: { roles: ['learner', 'trainer'] },
    });
  });

  it('filters by actor (id or e-mail), action, target, text and period', async () => {
    const byAdmin = await auditSearch({ actor: 'admin@demo.soins.plus' });
    expect(byAdmin.length).toBeGreaterThan(5);
    expect(byAdmin.every((e) => e.actor.id === stack.idOf('admin'))).toBe(true);
    expect(await auditSearch({ actor: 'nobody@example.be' })).toEqual([]);
    const aboutClaire = await auditSearch({ target: 'claire.martin@demo.soins.plus' });
    expect(new Set(aboutClaire.map((e) => e.action))).toEqual(
      new Set(['quiz.attempts.reset', 'certificate.revoke', 'certificate.redrive']),
    );
    expect((await auditSearch({ q: 'FRAUDE' })).map((e) => e.action)).toEqual(['certificate.revoke']);
    expect(await auditSearch({ from: '2020-01-01', to: '2020-01-31' })).toEqual([]);
    const refused = await problem(await admin('GET', 'manage/audit?from=2026-11-02&to=2026-11-01'), 400);
    expect(refused.errors?.map((e) => e.path)).toEqual(['from']);
  });

  describe('over several months', () => {
    const actor = 'u_pagingactor0001';
    beforeAll(async () => {
      // Entries as the api writes them (its adapter), spread over August to October.
      const log = new CosmosAuditLog(cosmos, databaseName);
      for (let n = 0; n < 60; n++) {
        await log.record({
          actor,
          action: 'test.paging',
          target: { type: 'user', id: `u_paging${String(n).padStart(4, '0')}x` },
          at: new Date(Date.UTC(2026, 7 + (n % 3), 1 + Math.floor(n / 3), 12)).toISOString(),
          reason: n === 0 ? '=HYPERLINK("http://evil.example")' : `raison ${String(n)}; détail`,
        });
      }
    });
    const query = { action: 'test.paging', from: '2026-08-01', to: '2026-10-31' };

    it('pages newest first across the months, each page one partition, tokens bound to the filter', async () => {
      const pages: AuditEntryView[][] = [];
      let token: string | undefined;
      do {
        const search = new URLSearchParams({ ...query, ...(token ? { continuationToken: token } : {}) });
        const page = await ok(await admin('GET', `manage/audit?${search.toString()}`), 200, (b) =>
          auditPageSchema.parse(b),
        );
        pages.push(page.items);
        token = page.continuationToken;
        if (token && pages.length === 1) {
          const other = new URLSearchParams({ ...query, actor, continuationToken: token });
          await problem(await admin('GET', `manage/audit?${other.toString()}`), 400);
        }
      } while (token && pages.length < 10);
      expect(pages.map((p) => p.length)).toEqual([50, 10]);
      const at = pages.flat().map((e) => e.at);
      expect(at).toEqual([...at].sort().reverse());
      expect(new Set(pages.flat().map((e) => e.id)).size).toBe(60);
      expect(at[0]?.startsWith('2026-10')).toBe(true);
      expect(at.at(-1)?.startsWith('2026-08')).toBe(true);
      const forged = await problem(await admin('GET', 'manage/audit?continuationToken=forged'), 400);
      expect(forged.errors?.[0]?.path).toBe('continuationToken');
    });

    it('exports the same entries as CSV: UTF-8 BOM, `;`, formulas neutralised', async () => {
      const response = await admin('GET', `manage/audit/export?${new URLSearchParams(query).toString()}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="soins-audit-/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(text.startsWith('\uFEFF')).toBe(true);
      const rows = parseCsv(text.slice(1));
      expect(rows[0]).toEqual([
        'at',
        'actor_id',
        'actor_name',
        'actor_email',
        'action',
        'target_type',
        'target_id',
        'subject_id',
        'subject_name',
        'reason',
        'before',
        'after',
      ]);
      expect(rows).toHaveLength(61);
      expect(rows.every((row) => row.length === 12)).toBe(true);
      const reasons = rows.slice(1).map((row) => row[9]);
      expect(reasons).toContain('\'=HYPERLINK("http://evil.example")');
      expect(reasons).toContain('raison 1; détail');
    });
  });
});
