// Erasure rules with in-memory ports: what the plan deletes, pseudonymises and keeps (driven by the data
// inventory), the fresh sign-in required to ask, the grace period, cancelling and asking again.
import { describe, expect, it } from 'vitest';
import { dataInventory, type DataStore } from '../src/domain/privacy/inventory';
import { withoutPerson } from '../src/adapters/privacy/personal-data-eraser';
import {
  CancelErasure,
  ERASURE_DEFAULT_GRACE_HOURS,
  erasurePlan,
  ErasureSteps,
  RequestErasure,
  retainedRecords,
  type ErasureInput,
  type ErasureRecord,
  type ErasureStore,
  type ErasureWorkflow,
} from '../src/domain/privacy/erasure';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const now = new Date('2026-12-06T10:00:00Z');
const clock = { now: () => new Date(now) };
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

function memoryStore(): ErasureStore & { records: Map<string, ErasureRecord> } {
  const records = new Map<string, ErasureRecord>();
  return {
    records,
    current: (userId) => Promise.resolve(records.get(userId)),
    save: (record) => {
      records.set(record.userId, record);
      return Promise.resolve();
    },
    pending: () => Promise.resolve([...records.values()].filter((r) => r.status === 'pending')),
  };
}

function recordingWorkflow(): ErasureWorkflow & { started: ErasureInput[]; cancelled: string[] } {
  const started: ErasureInput[] = [];
  const cancelled: string[] = [];
  return {
    started,
    cancelled,
    start: (input) => {
      started.push(input);
      return Promise.resolve();
    },
    cancel: (erasureId) => {
      cancelled.push(erasureId);
      return Promise.resolve();
    },
  };
}

const person = {
  id: 'u_1',
  issuer: 'https://idp.test',
  subject: 'sub-1',
  email: 'marie@example.test',
  displayName: 'Marie Dupont',
  language: 'fr' as const,
};

let ids = 0;
const requester = (store: ErasureStore) =>
  new RequestErasure({
    store,
    clock,
    newId: () => `00000000-0000-4000-8000-00000000000${String(++ids)}`,
    graceHours: ERASURE_DEFAULT_GRACE_HOURS,
    logger: silent,
  });

describe('the erasure plan (driven by the data inventory)', () => {
  const plan = erasurePlan();
  const step = (name: string) => plan.find((candidate) => candidate.store === name);

  it('has one step per store holding personal data, and none for the others', () => {
    const personal = dataInventory.filter((store) => store.personalData).map((store) => store.name);
    expect(plan.map((candidate) => candidate.store).sort()).toEqual([...personal].sort());
    // Steps are keyed by kind and name: the `diplomas` container and blob container are two steps.
    expect(new Set(plan.map((candidate) => candidate.key)).size).toBe(plan.length);
    expect(step('trainings')).toBeUndefined();
    expect(step('news')).toBeUndefined();
  });

  it('deletes the person’s own documents and blobs', () => {
    for (const name of [
      'users',
      'pii',
      'learning',
      'certificates',
      'acceptances',
      'privacy-requests',
      'limits',
    ]) {
      expect(step(name)?.actions, name).toEqual([{ kind: 'delete', locator: { kind: 'partition' } }]);
    }
    expect(step('inami-index')?.actions).toEqual([
      { kind: 'delete', locator: { kind: 'field', fields: ['userId'] } },
    ]);
    expect(step('idempotency')?.actions).toEqual([{ kind: 'delete', locator: { kind: 'id-contains' } }]);
    for (const name of ['diplomas-quarantine', 'exports']) {
      expect(step(name)?.actions, name).toEqual([{ kind: 'delete-blobs' }]);
    }
    expect(plan.filter((candidate) => candidate.store === 'diplomas').map((s) => s.actions)).toEqual([
      [{ kind: 'delete', locator: { kind: 'partition' } }],
      [{ kind: 'delete-blobs' }],
    ]);
  });

  it('pseudonymises what the law keeps: invoices, certificate verification, staff actions, published versions', () => {
    expect(step('billing')?.actions).toEqual([{ kind: 'pseudonymise-billing' }]);
    expect(step('certificate-codes')?.actions).toEqual([{ kind: 'retain-verification' }]);
    expect(step('audit')?.actions).toEqual([
      { kind: 'delete', locator: { kind: 'partition' } },
      { kind: 'pseudonymise-fields', locator: { kind: 'field', fields: ['actorId'] }, fields: ['actorId'] },
    ]);
    expect(step('audit-log')?.actions).toEqual([
      { kind: 'delete', locator: { kind: 'field', fields: ['subjectUserId', 'targetId'] } },
      { kind: 'pseudonymise-fields', locator: { kind: 'field', fields: ['actorId'] }, fields: ['actorId'] },
    ]);
    expect(step('legal')?.actions).toEqual([
      {
        kind: 'pseudonymise-fields',
        locator: { kind: 'field', fields: ['publishedBy'] },
        fields: ['publishedBy'],
      },
    ]);
    expect(step('training-sessions')?.actions).toEqual([{ kind: 'erase-from-sessions' }]);
    expect(step('hours-ledger')?.actions).toEqual([
      { kind: 'delete', locator: { kind: 'field', fields: ['userId'] } },
    ]);
    expect(Object.keys(retainedRecords).sort()).toEqual([
      'audit',
      'audit-log',
      'billing',
      'certificate-codes',
      'legal',
      'training-sessions',
    ]);
  });

  it('keeps the verification minimum before the certificates go, and the profile until the end', () => {
    const names = plan.map((candidate) => candidate.store);
    expect(names.indexOf('certificate-codes')).toBeLessThan(names.indexOf('certificates'));
    expect(names.indexOf('certificate-codes')).toBeLessThan(names.indexOf('training-sessions'));
    expect(names.at(-1)).toBe('users');
  });

  it('leaves queue messages to their consumers (in transit)', () => {
    expect(step('email')?.actions).toEqual([{ kind: 'in-transit' }]);
  });

  it('erases a store added to the inventory without another change', () => {
    const added: DataStore = {
      kind: 'cosmos',
      name: 'new-container',
      personalData: true,
      activities: ['accounts'],
      holds: { fr: 'x', nl: 'x' },
      locators: [{ kind: 'partition' }],
      export: { kind: 'excluded', reason: 'test' },
      retention: { kind: 'account' },
    };
    expect(erasurePlan([...dataInventory, added]).find((s) => s.store === 'new-container')?.actions).toEqual([
      { kind: 'delete', locator: { kind: 'partition' } },
    ]);
  });
});

describe('a training session without the erased person', () => {
  it('drops her registration, attendance and attestation, and names the pseudonym where she acted as trainer', () => {
    const person = { userId: 'u-1', pseudonym: 'erased-e1' };
    const mark = (markedBy: string) => ({ status: 'present', markedBy, markedAt: '2026-12-01T10:00:00Z' });
    const session = {
      id: 's-1',
      kind: 'session',
      createdBy: 'u-1',
      trainerIds: ['u-1', 't-2'],
      registrations: [
        { userId: 'u-1', status: 'registered' },
        { userId: 'u-3', status: 'waiting' },
      ],
      attendance: { 'u-1': mark('t-2'), 'u-3': mark('u-1') },
      attestations: [
        { id: 's-1.u-1', userId: 'u-1', holderName: 'Marie Peeters' },
        { id: 's-1.u-3', userId: 'u-3', holderName: 'Jan Claes' },
      ],
      signedOff: { by: 'u-1', at: '2026-12-01T12:00:00Z' },
      cancellation: { by: 'u-1', at: '2026-12-01T13:00:00Z', reason: 'Salle indisponible' },
    };
    const erased = withoutPerson(session, person);
    expect(JSON.stringify(erased)).not.toContain('u-1');
    expect(JSON.stringify(erased)).not.toContain('Marie');
    expect(erased).toMatchObject({
      createdBy: 'erased-e1',
      trainerIds: ['erased-e1', 't-2'],
      registrations: [{ userId: 'u-3', status: 'waiting' }],
      attendance: { 'u-3': mark('erased-e1') },
      attestations: [{ id: 's-1.u-3', userId: 'u-3', holderName: 'Jan Claes' }],
      signedOff: { by: 'erased-e1' },
      cancellation: { by: 'erased-e1', reason: 'Salle indisponible' },
    });
  });
});

describe('asking for an erasure', () => {
  it('needs a fresh sign-in: no auth_time, or one older than 5 minutes, is refused', async () => {
    const store = memoryStore();
    const workflow = recordingWorkflow();
    for (const authTime of [undefined, seconds(now) - 6 * 60]) {
      const result = await requester(store).execute(workflow, person, { authTime });
      expect(result).toMatchObject({ ok: false, error: { code: 'reauthentication_required' } });
    }
    expect(workflow.started).toHaveLength(0);
    expect(store.records.size).toBe(0);
  });

  it('schedules it 14 days later, captures the address, and refuses a second request while pending', async () => {
    const store = memoryStore();
    const workflow = recordingWorkflow();
    const result = await requester(store).execute(workflow, person, {
      authTime: seconds(now) - 60,
      objectId: 'oid-1',
    });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value).toMatchObject({ status: 'pending', scheduledFor: '2026-12-20T10:00:00.000Z' });
    expect(workflow.started[0]).toMatchObject({
      userId: 'u_1',
      pseudonym: `erased-${result.value.erasureId}`,
      identity: { issuer: 'https://idp.test', subject: 'sub-1', objectId: 'oid-1' },
      recipient: { email: 'marie@example.test', displayName: 'Marie Dupont', language: 'fr' },
      scheduledFor: '2026-12-20T10:00:00.000Z',
    });
    const again = await requester(store).execute(workflow, person, { authTime: seconds(now) });
    expect(again).toMatchObject({ ok: false, error: { code: 'erasure_pending' } });
  });

  it('can be cancelled while pending (the event reaches the orchestration), then asked again', async () => {
    const store = memoryStore();
    const workflow = recordingWorkflow();
    const cancel = new CancelErasure({ store, clock });
    expect(await cancel.execute(workflow, 'u_1')).toMatchObject({
      ok: false,
      error: { code: 'erasure_not_pending' },
    });
    const first = await requester(store).execute(workflow, person, { authTime: seconds(now) });
    if (!first.ok) throw new Error(first.error.code);
    const cancelled = await cancel.execute(workflow, 'u_1');
    expect(cancelled).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    expect(workflow.cancelled).toEqual([first.value.erasureId]);
    expect(await cancel.execute(workflow, 'u_1')).toMatchObject({ ok: false });
    const second = await requester(store).execute(workflow, person, { authTime: seconds(now) });
    if (!second.ok) throw new Error(second.error.code);
    expect(second.value.erasureId).not.toBe(first.value.erasureId);
    expect(workflow.started).toHaveLength(2);
  });
});

describe('the steps', () => {
  const input = (record: ErasureRecord): ErasureInput => ({
    erasureId: record.erasureId,
    userId: record.userId,
    pseudonym: `erased-${record.erasureId}`,
    identity: { issuer: 'https://idp.test', subject: 'sub-1' },
    recipient: undefined,
    requestedAt: record.requestedAt,
    scheduledFor: record.scheduledFor,
  });

  function steps(store: ErasureStore, applied: string[]) {
    return new ErasureSteps({
      store,
      eraser: {
        apply: (step, action) => {
          applied.push(`${step.store}:${action.kind}`);
          return Promise.resolve(1);
        },
      },
      billing: { close: () => Promise.resolve() },
      identity: { delete: () => Promise.resolve() },
      notifier: { scheduled: () => Promise.resolve(), completed: () => Promise.resolve() },
      audit: { erased: () => Promise.resolve() },
      clock,
      logger: silent,
    });
  }

  it('does nothing when the request was cancelled before the timer fired', async () => {
    const store = memoryStore();
    const record: ErasureRecord = {
      erasureId: 'e1',
      userId: 'u_1',
      status: 'cancelled',
      requestedAt: now.toISOString(),
      scheduledFor: now.toISOString(),
    };
    await store.save(record);
    expect(await steps(store, []).begin(input(record))).toBe(false);
    await store.save({ ...record, status: 'pending' });
    expect(await steps(store, []).begin(input(record))).toBe(true);
    expect(store.records.get('u_1')?.status).toBe('running');
  });

  it('erases a store with every action of its step', async () => {
    const applied: string[] = [];
    const record: ErasureRecord = {
      erasureId: 'e2',
      userId: 'u_1',
      status: 'running',
      requestedAt: now.toISOString(),
      scheduledFor: now.toISOString(),
    };
    await steps(memoryStore(), applied).eraseStore(input(record), 'cosmos:audit');
    expect(applied).toEqual(['audit:delete', 'audit:pseudonymise-fields']);
  });
});
