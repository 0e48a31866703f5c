// The data export's rules on in-memory ports with a controlled clock: one export at a time (409), a dead
// job's slot taken over, the 24-hour link (410 after), the owner only (404 for anyone else), the
// archive's files as the inventory declares them, no answer key, and a Stripe outage retried.
import type { Diploma } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import type { DeadLetter, DeadLetters } from '../src/domain/ports';
import {
  BuildExport,
  ExportDownloadLink,
  ListMyExports,
  RequestExport,
  type ExportArchive,
  type ExportFiles,
  type ExportRecord,
  type ExportStore,
  type PersonalDataReader,
  type StoredArchive,
} from '../src/domain/privacy/export';
import {
  PurgeErasureWorkflowHistories,
  PurgeExpiredExports,
  PurgeOldDeadLetters,
  PurgeQuarantineLeftovers,
  type QuarantinedFile,
} from '../src/domain/privacy/retention';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

class Clock {
  constructor(public current = new Date('2026-03-01T10:00:00Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

class MemoryExportStore implements ExportStore {
  readonly records = new Map<string, ExportRecord>();
  readonly slots = new Map<string, { exportId: string; since: string }>();

  claimSlot(userId: string, exportId: string, now: Date, staleBefore: Date): Promise<boolean> {
    const held = this.slots.get(userId);
    const holder = held ? this.records.get(held.exportId) : undefined;
    const finished = !holder || ['ready', 'failed', 'expired'].includes(holder.status);
    if (held && !finished && Date.parse(held.since) >= staleBefore.getTime()) return Promise.resolve(false);
    this.slots.set(userId, { exportId, since: now.toISOString() });
    return Promise.resolve(true);
  }
  releaseSlot(userId: string, exportId: string): Promise<void> {
    if (this.slots.get(userId)?.exportId === exportId) this.slots.delete(userId);
    return Promise.resolve();
  }
  save(record: ExportRecord): Promise<void> {
    this.records.set(record.exportId, record);
    return Promise.resolve();
  }
  get(userId: string, exportId: string): Promise<ExportRecord | undefined> {
    const record = this.records.get(exportId);
    return Promise.resolve(record?.userId === userId ? record : undefined);
  }
  listFor(userId: string, limit: number): Promise<ExportRecord[]> {
    return Promise.resolve(
      [...this.records.values()]
        .filter((r) => r.userId === userId)
        .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
        .slice(0, limit),
    );
  }
  readyExpiredBefore(now: Date, limit: number): Promise<ExportRecord[]> {
    return Promise.resolve(
      [...this.records.values()]
        .filter(
          (r) =>
            r.status === 'ready' && r.expiresAt !== undefined && Date.parse(r.expiresAt) <= now.getTime(),
        )
        .slice(0, limit),
    );
  }
}

class MemoryExportFiles implements ExportFiles {
  readonly archives = new Map<string, { entries: Map<string, Uint8Array>; written: Date }>();
  constructor(private readonly clock: Clock) {}
  open(userId: string, exportId: string): ExportArchive {
    const entries = new Map<string, Uint8Array>();
    return {
      add: (path, content) => {
        entries.set(path, content);
        return Promise.resolve();
      },
      finish: () => {
        this.archives.set(`${userId}/${exportId}`, { entries, written: this.clock.now() });
        return Promise.resolve({ sizeBytes: [...entries.values()].reduce((n, b) => n + b.byteLength, 0) });
      },
      abort: () => {
        this.archives.delete(`${userId}/${exportId}`);
        return Promise.resolve();
      },
    };
  }
  readLink(userId: string, exportId: string, minutes: number) {
    return Promise.resolve({
      url: `https://blob.test/exports/${userId}/${exportId}.zip?sig`,
      expiresAt: new Date(this.clock.now().getTime() + minutes * 60_000),
    });
  }
  exists(userId: string, exportId: string): Promise<boolean> {
    return Promise.resolve(this.archives.has(`${userId}/${exportId}`));
  }
  delete(userId: string, exportId: string): Promise<void> {
    this.archives.delete(`${userId}/${exportId}`);
    return Promise.resolve();
  }
  writtenBefore(before: Date, limit: number): Promise<StoredArchive[]> {
    return Promise.resolve(
      [...this.archives.entries()]
        .filter(([, archive]) => archive.written < before)
        .map(([name, archive]) => {
          const [userId = '', exportId = ''] = name.split('/');
          return { userId, exportId, lastModified: archive.written };
        })
        .slice(0, limit),
    );
  }
}

const userId = 'u_marie';
const documents: Record<string, Record<string, unknown>[]> = {
  users: [
    { id: userId, email: 'marie@example.be', displayName: 'Marie', _etag: 'x', _ts: 1, schemaVersion: 1 },
  ],
  pii: [{ id: userId, userId, inami: { ciphertext: 'secret', blindIndex: 'hash' } }],
  learning: [
    { id: 'enrolment:t1', kind: 'enrolment', userId, trainingId: 't1' },
    {
      id: 'progress:t1:c1',
      kind: 'progress',
      userId,
      trainingId: 't1',
      chapterId: 'c1',
      intervals: [[0, 10]],
    },
    {
      id: 'attempt:a1',
      kind: 'quiz-attempt',
      userId,
      status: 'in_progress',
      questions: [
        { questionId: 'q1', optionIds: ['a', 'b'], correctOptionIds: ['b'], explanation: { fr: 'x' } },
      ],
    },
  ],
  certificates: [
    { id: 'c1', kind: 'certificate', userId, trainingTitle: 'Hygiène' },
    { id: 'request:t1', kind: 'request', userId },
  ],
  acceptances: [{ id: 'terms:v1', userId, type: 'terms', version: 1, acceptedAt: '2026-01-01T00:00:00Z' }],
  diplomas: [{ id: 'd1', userId, contentType: 'image/png', status: 'approved' }],
  billing: [{ id: userId, userId, stripeCustomerId: 'cus_1' }],
  audit: [{ id: 'e1', userId, actorId: 'u_admin', action: 'inami.reveal' }],
  notifications: [
    {
      id: 'n-aaaaaaaaaaaaaaaaaaaaaaaa',
      userId,
      key: 'diploma-reviewed:d1:approved',
      subject: { kind: 'diploma-reviewed', diplomaId: 'd1', outcome: 'approved' },
      createdAt: '2026-02-01T10:00:00.000Z',
      schemaVersion: 1,
    },
  ],
};

const reader: PersonalDataReader = {
  documents: (container) => Promise.resolve(documents[container] ?? []),
  blobNames: (container, owner) =>
    Promise.resolve(
      container === 'certificates' ? [`${owner}/c1.pdf`] : container === 'diplomas' ? [`${owner}/d1`] : [],
    ),
  readBlob: (container, name) => Promise.resolve(new TextEncoder().encode(`${container}:${name}`)),
};

function setup(options: { invoicesDown?: boolean } = {}) {
  const clock = new Clock();
  const store = new MemoryExportStore();
  const files = new MemoryExportFiles(clock);
  const sent: string[] = [];
  const emails: string[] = [];
  let ids = 0;
  const request = new RequestExport({
    store,
    send: (message) => {
      sent.push(message.exportId);
      return Promise.resolve();
    },
    clock,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    logger: silent,
  });
  const build = new BuildExport({
    store,
    reader,
    files,
    sources: {
      inami: () => Promise.resolve('4-12345-81-401'),
      invoices: () =>
        Promise.resolve(
          options.invoicesDown
            ? { ok: false as const, error: { code: 'dependency_unavailable', message: 'stripe down' } }
            : { ok: true as const, value: [] },
        ),
    },
    events: {
      ready: (record) => {
        emails.push(record.exportId);
        return Promise.resolve();
      },
    },
    clock,
    logger: silent,
  });
  const download = new ExportDownloadLink({ store, files, clock });
  const list = new ListMyExports({ store, clock });
  return { clock, store, files, sent, emails, request, build, download, list };
}

const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

describe('data export', () => {
  it('allows one export at a time per person, then another once it is ready', async () => {
    const { request, build, sent } = setup();
    const first = await request.execute(userId);
    expect(first.ok).toBe(true);
    const second = await request.execute(userId);
    expect(second).toMatchObject({ ok: false, error: { code: 'export_in_progress' } });
    // Another person is not affected.
    expect((await request.execute('u_jan')).ok).toBe(true);
    expect(await build.execute({ userId, exportId: sent[0] ?? '' })).toBe('built');
    expect((await request.execute(userId)).ok).toBe(true);
  });

  it('lets the person ask again when the job died (its slot is stale after 2 hours) and shows it failed', async () => {
    const { request, list, clock } = setup();
    expect((await request.execute(userId)).ok).toBe(true);
    clock.advance(HOUR);
    expect((await request.execute(userId)).ok).toBe(false);
    clock.advance(HOUR + 1000);
    expect((await request.execute(userId)).ok).toBe(true);
    const statuses = (await list.execute(userId)).map((e) => e.status);
    expect(statuses).toEqual(['queued', 'failed']);
  });

  it('builds the archive the inventory describes, without system fields or the quiz answer key', async () => {
    const { request, build, files, sent, emails, store } = setup();
    await request.execute(userId);
    const exportId = sent[0] ?? '';
    await build.execute({ userId, exportId });
    const archive = files.archives.get(`${userId}/${exportId}`);
    expect([...(archive?.entries.keys() ?? [])].sort()).toEqual(
      [
        'README.md',
        'attestations.json',
        'audit.json',
        'certificates.json',
        'certificates/c1.pdf',
        'consents.json',
        'data-requests.json',
        'diplomas.json',
        'diplomas/d1.png',
        'notifications.json',
        'profile.json',
        'progress.json',
        'quiz-attempts.json',
        'subscription-and-invoices.json',
        'trainer-sessions.json',
      ].sort(),
    );
    const profile = JSON.parse(text(archive?.entries.get('profile.json'))) as Record<string, unknown>;
    expect(profile).toMatchObject({ formatVersion: 1, inami: '4-12345-81-401', profile: { id: userId } });
    expect(JSON.stringify(profile)).not.toMatch(/_etag|_ts|schemaVersion|ciphertext|blindIndex|secret/);
    const attempts = text(archive?.entries.get('quiz-attempts.json'));
    expect(attempts).toContain('"optionIds"');
    expect(attempts).not.toContain('correctOptionIds');
    expect(attempts).not.toContain('explanation');
    expect(JSON.parse(text(archive?.entries.get('attestations.json')))).toMatchObject({ items: [] });
    expect(JSON.parse(text(archive?.entries.get('notifications.json')))).toMatchObject({
      items: [
        {
          id: 'n-aaaaaaaaaaaaaaaaaaaaaaaa',
          subject: { kind: 'diploma-reviewed', diplomaId: 'd1', outcome: 'approved' },
          createdAt: '2026-02-01T10:00:00.000Z',
        },
      ],
    });
    expect(text(archive?.entries.get('README.md'))).toContain('`certificates/`');
    expect(text(archive?.entries.get('certificates/c1.pdf'))).toBe(`certificates:${userId}/c1.pdf`);
    expect(store.records.get(exportId)).toMatchObject({
      status: 'ready',
      readyAt: '2026-03-01T10:00:00.000Z',
      expiresAt: '2026-03-02T10:00:00.000Z',
      progress: { done: 15, total: 15 },
    });
    expect(emails).toEqual([exportId]);
  });

  it('retries later when Stripe is down: the job throws, nothing is stored, the export is still running', async () => {
    const { request, build, files, sent, store } = setup({ invoicesDown: true });
    await request.execute(userId);
    const exportId = sent[0] ?? '';
    await expect(build.execute({ userId, exportId })).rejects.toThrow(/invoices unavailable/);
    expect(files.archives.size).toBe(0);
    expect(store.records.get(exportId)?.status).toBe('running');
  });

  it('hands its owner a short link for 24 hours, then answers expired; anyone else gets not found', async () => {
    const { request, build, download, sent, clock } = setup();
    await request.execute(userId);
    const exportId = sent[0] ?? '';
    expect(await download.execute(userId, exportId)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await build.execute({ userId, exportId });
    const link = await download.execute(userId, exportId);
    expect(link).toMatchObject({ ok: true, value: { expiresAt: '2026-03-01T10:05:00.000Z' } });
    expect(await download.execute('u_jan', exportId)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    clock.advance(DAY - 1000);
    expect((await download.execute(userId, exportId)).ok).toBe(true);
    clock.advance(1000);
    expect(await download.execute(userId, exportId)).toMatchObject({
      ok: false,
      error: { code: 'export_expired' },
    });
  });

  it('a redelivered build does not build twice and asks for the (idempotent) e-mail again', async () => {
    const { request, build, sent, emails } = setup();
    await request.execute(userId);
    const message = { userId, exportId: sent[0] ?? '' };
    expect(await build.execute(message)).toBe('built');
    expect(await build.execute(message)).toBe('already_built');
    expect(await build.execute({ userId, exportId: '00000000-0000-4000-8000-999999999999' })).toBe(
      'unknown_export',
    );
    expect(emails).toEqual([message.exportId, message.exportId]);
  });
});

describe('retention jobs (controlled clock)', () => {
  it('deletes export archives once their 24 hours are over and marks them expired', async () => {
    const { request, build, sent, files, store, clock } = setup();
    await request.execute(userId);
    const exportId = sent[0] ?? '';
    await build.execute({ userId, exportId });
    // An orphan archive (its record is gone) written at the same time.
    await files.open('u_orphan', '00000000-0000-4000-8000-00000000aaaa').finish();
    const job = new PurgeExpiredExports({ store, files, clock, logger: silent });
    clock.advance(DAY - 60_000);
    expect((await job.execute()).deleted).toBe(0);
    expect(files.archives.size).toBe(2);
    clock.advance(60_000 + 1);
    expect((await job.execute()).deleted).toBe(2);
    expect(files.archives.size).toBe(0);
    expect(store.records.get(exportId)?.status).toBe('expired');
  });

  it('deletes abandoned, superseded and left-over quarantine files after a day; keeps a scan in progress', async () => {
    const clock = new Clock();
    const at = (hoursAgo: number) => new Date(clock.now().getTime() - hoursAgo * HOUR);
    const diploma = (id: string, status: Diploma['status']): Diploma => ({
      id,
      userId,
      status,
      contentType: 'application/pdf',
      sizeBytes: 10,
      uploadedAt: '2026-02-27T10:00:00Z',
    });
    const diplomas: Record<string, Diploma> = {
      superseded: diploma('superseded', 'scanning'),
      decided: diploma('decided', 'approved'),
      waiting: diploma('waiting', 'scanning'),
    };
    const quarantine: QuarantinedFile[] = [
      { userId, diplomaId: 'abandoned', lastModified: at(30) }, // file without record
      { userId, diplomaId: 'superseded', lastModified: at(30) },
      { userId, diplomaId: 'decided', lastModified: at(30) },
      { userId: 'u_other', diplomaId: 'waiting', lastModified: at(30) },
      { userId, diplomaId: 'fresh', lastModified: at(2) },
    ];
    const deleted: string[] = [];
    const job = new PurgeQuarantineLeftovers({
      files: {
        writtenBefore: (before) => Promise.resolve(quarantine.filter((f) => f.lastModified < before)),
        deleteQuarantined: (_owner, id) => {
          deleted.push(id);
          return Promise.resolve();
        },
      },
      diplomas: {
        get: (_owner, id) => Promise.resolve(diplomas[id] ? { value: diplomas[id] } : undefined),
        // The newest diploma of userId is `decided`; of u_other, `waiting`.
        latestFor: (owner) => Promise.resolve(owner === userId ? diplomas.decided : diplomas.waiting),
      },
      clock,
      logger: silent,
    });
    expect(await job.execute()).toMatchObject({ deleted: 3, kept: 1 });
    expect(deleted.sort()).toEqual(['abandoned', 'decided', 'superseded']);
  });

  it('purges dead letters older than 14 days on every queue, oldest first, and keeps younger ones', async () => {
    const clock = new Clock();
    const letter = (id: string, daysAgo: number | undefined): DeadLetter => ({
      id,
      messageId: id,
      reason: 'MaxDeliveryCountExceeded',
      description: undefined,
      enqueuedAt:
        daysAgo === undefined ? undefined : new Date(clock.now().getTime() - daysAgo * DAY).toISOString(),
      deliveryCount: 5,
      lastError: undefined,
    });
    const queues: Record<string, DeadLetter[]> = {
      email: [letter('1', 20), letter('2', 15), letter('3', 13)],
      'privacy-exports': [letter('4', undefined)],
    };
    const deadLetters: DeadLetters = {
      list: (queue, options) => {
        const items = (queues[queue] ?? []).slice(0, options.limit);
        return Promise.resolve({ count: items.length, complete: true, items });
      },
      redrive: () => Promise.resolve(false),
      purge: (queue, id) => {
        const before = queues[queue]?.length ?? 0;
        const after = (queues[queue] ?? []).filter((l) => l.id !== id);
        queues[queue] = after;
        return Promise.resolve(after.length < before);
      },
    };
    const job = new PurgeOldDeadLetters({ deadLetters, queues: Object.keys(queues), clock, logger: silent });
    expect((await job.execute()).deleted).toBe(2);
    expect(queues.email?.map((l) => l.id)).toEqual(['3']);
    expect(queues['privacy-exports']).toHaveLength(1);
    clock.advance(DAY + 1000);
    expect((await job.execute()).deleted).toBe(1);
  });

  it('purges the workflow history of the erasures that ended in the last week, and only theirs', async () => {
    const now = new Date('2026-12-06T03:50:00.000Z');
    const asked: { action?: string; from: string; until: string }[] = [];
    // The audit log's erasure entries, two pages: e2 was purged by an earlier run already; e3 failed and waits
    // to be resumed; a staff entry of another action on the same page names no erasure.
    const entry = (target: string, action = 'privacy.erasure') => ({
      id: target,
      actor: 'system:privacy-erasure',
      action,
      target: { type: 'user', id: target },
      at: '2026-12-01T10:00:00.000Z',
    });
    const pages = new Map([
      [undefined, { items: [entry('erased-e1'), entry('u_staff', 'user.roles')], continuationToken: 'p2' }],
      ['p2', { items: [entry('erased-e2'), entry('erased-e3')] }],
    ]);
    const instances = new Map([
      ['erasure-e1', 'Completed'],
      ['erasure-e2', 'Completed'],
      ['erasure-e3', 'Failed'],
      ['certificate-u1-t1', 'Completed'],
    ]);
    const job = new PurgeErasureWorkflowHistories({
      audit: {
        search: (filter, page) => {
          asked.push({ action: filter.action, from: filter.from, until: filter.until });
          return Promise.resolve(pages.get(page.continuationToken) ?? { items: [] });
        },
      },
      workflows: {
        purge: (instanceId) => {
          const finished = instances.get(instanceId) === 'Completed';
          if (finished) instances.delete(instanceId);
          return Promise.resolve(finished);
        },
      },
      clock: { now: () => now },
      logger: silent,
    });
    instances.delete('erasure-e2');
    expect(await job.execute()).toEqual({ job: 'privacy-erasure-history-purge', deleted: 1, kept: 2 });
    const window = {
      action: 'privacy.erasure',
      from: '2026-11-29T03:50:00.000Z',
      until: '2026-12-06T03:50:00.000Z',
    };
    expect(asked).toEqual([window, window]);
    expect([...instances.keys()]).toEqual(['erasure-e3', 'certificate-u1-t1']);
  });
});
