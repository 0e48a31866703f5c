// Erasure through the real stack (api bundle in the local host with its Durable engine, Cosmos emulator,
// Azurite, mail sink, Stripe simulator, local identity provider): request after a fresh sign-in, the
// confirmation e-mail, the admins' pending list, cancel and re-request, then the grace period passed
// (the engine fires the durable timers at once) with every store step and the final step failing once
// after their effect (FAULT_INJECTION): the orchestration resumes, sends one final e-mail, and a search
// of every Cosmos container, blob container and queue of the manifest finds nothing of the person but
// the documented retained records.
import { QueueServiceClient } from '@azure/storage-queue';
import { myErasureSchema, pendingErasuresSchema, problemSchema } from '@soins/shared';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resources } from '../src/adapters/resources';
import { createBlobStorage } from '../src/adapters/storage/connection';
import { PRIVACY_ERASURE } from '../src/workflows/erasure';
import { EventType } from '../../local/functions-host/durable/history';
import { startApiStack, type ApiStack } from '../../tests/support/api-stack';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
const database = 'soins-erasure';
let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack(emulators, database, {
    env: {
      // Every store step and the final step fail once after doing their work (test only; refused in Azure).
      FAULT_INJECTION: 'privacy-erasure-store-after:1,privacy-erasure-finish-after:1',
      ERASURE_RETRY_FIRST_INTERVAL_MS: '50',
    },
  });
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const cosmos = () => emulatorCosmosClient(emulators);
const blobs = () => createBlobStorage({ kind: 'key', connectionString: emulators.storageConnectionString });
const instanceOf = (erasureId: string): string => `erasure-${erasureId}`;

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface SinkMessage {
  To: string;
  Tag?: string;
  Metadata?: Record<string, string>;
}
async function mailTo(address: string): Promise<SinkMessage[]> {
  await stack.host.queues.idle();
  return (await (
    await fetch(`${emulators.mailSinkUrl}/api/messages?to=${encodeURIComponent(address)}`)
  ).json()) as SinkMessage[];
}

/** The mail sink and the demo learner are shared with other suites: e-mails are told apart by their key. */
const keyed = (message: SinkMessage, key: string): boolean =>
  Object.values(message.Metadata ?? {}).includes(key);

/** Advances time for one instance: fires its durable timers (grace period, token drain, retries) until it ends. */
async function runToEnd(instanceId: string): Promise<string> {
  return until(async () => {
    const status = await stack.host.durable.getStatus(instanceId);
    if (status && ['Completed', 'Failed', 'Terminated'].includes(status.runtimeStatus)) {
      return status.runtimeStatus;
    }
    if (status) await stack.host.durable.fireTimersNow(instanceId);
    return undefined;
  }, `the erasure ${instanceId}`);
}

const learner = {
  email: 'marie.dubois@demo.soins.plus',
  first: 'Marie',
  last: 'Dubois',
  sub: 'demo-learner-marie',
};
const code = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const attestationCode = 'BCDEFGHIJKLMNOPQRSTUVWXYZ2345672';

describe('erasure', () => {
  let erasureId = '';

  it('is refused, with a localized 403, when the caller signed in more than 5 minutes ago', async () => {
    // A genuine token of the learner, as the identity provider would issue it on a refresh an hour after
    // her sign-in: same claims and signing key, `auth_time` an hour old.
    const real = stack.tokenOf('learner') ?? '';
    const { keys } = JSON.parse(readFileSync(join(stack.workDir, 'idp', 'jwks.json'), 'utf8')) as {
      keys: JWK[];
    };
    const jwk = keys[0];
    if (!jwk) throw new Error('the identity provider has no signing key');
    const now = Math.floor(Date.now() / 1000);
    const stale = await new SignJWT({ ...decodeJwt(real), auth_time: now - 3600, iat: now, nbf: now })
      .setProtectedHeader({ ...decodeProtectedHeader(real), alg: 'RS256' })
      .sign(await importJWK(jwk, 'RS256'));
    const refused = await fetch(`${stack.host.url}/api/me/erasure`, {
      method: 'POST',
      headers: { 'x-authorization': `Bearer ${stale}`, 'accept-language': 'nl' },
    });
    expect(refused.status).toBe(403);
    const problem = problemSchema.parse(await refused.json());
    expect(problem).toMatchObject({ code: 'reauthentication_required' });
    expect(problem.title).toMatch(/Meld u opnieuw aan/);
    // Nothing was scheduled.
    const mine = myErasureSchema.parse(await (await stack.call('learner', 'GET', 'me/erasure')).json());
    expect(mine.request).toBeNull();
  });

  it('is refused without a signed-in caller, and scheduled 14 days ahead after a fresh sign-in', async () => {
    expect((await stack.call('anonymous', 'POST', 'me/erasure')).status).toBe(401);
    const before = Date.now();
    const response = await stack.call('learner', 'POST', 'me/erasure');
    expect(response.status).toBe(202);
    const { request } = myErasureSchema.parse(await response.json());
    expect(request?.status).toBe('pending');
    erasureId = request?.erasureId ?? '';
    const days = (Date.parse(request?.scheduledFor ?? '') - before) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThan(14.01);

    const again = await stack.call('learner', 'POST', 'me/erasure', { headers: { 'accept-language': 'nl' } });
    expect(again.status).toBe(409);
    expect(problemSchema.parse(await again.json())).toMatchObject({ code: 'erasure_pending' });

    // The orchestration waits on its grace timer, after the confirmation e-mail.
    await until(async () => {
      const status = await stack.host.durable.getStatus(instanceOf(erasureId));
      const stage = (status?.customStatus as { stage?: string } | undefined)?.stage;
      return stage === 'grace-period' ? stage : undefined;
    }, 'the grace period');
    const mail = await mailTo(learner.email);
    expect(mail.filter((m) => keyed(m, `erasure:${erasureId}:scheduled`))).toHaveLength(1);

    const pending = pendingErasuresSchema.parse(
      await (await stack.call('admin', 'GET', 'manage/privacy/erasures')).json(),
    );
    expect(pending.items.find((item) => item.erasureId === erasureId)).toMatchObject({
      userId: stack.idOf('learner'),
      status: 'pending',
      scheduledFor: request?.scheduledFor,
    });
    expect((await stack.call('learner', 'GET', 'manage/privacy/erasures')).status).toBe(403);
  });

  it('can be cancelled during the grace period (the orchestration ends, nothing erased), then asked again', async () => {
    const cancelled = await stack.call('learner', 'DELETE', 'me/erasure');
    expect(cancelled.status).toBe(200);
    expect(myErasureSchema.parse(await cancelled.json()).request?.status).toBe('cancelled');
    const done = await stack.host.durable.waitForCompletion(instanceOf(erasureId), 30_000);
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual({ outcome: 'cancelled' });
    expect((await stack.call('learner', 'GET', 'me')).status).toBe(200);
    const twice = await stack.call('learner', 'DELETE', 'me/erasure');
    expect(twice.status).toBe(409);
    expect(problemSchema.parse(await twice.json())).toMatchObject({ code: 'erasure_not_pending' });
    const pending = pendingErasuresSchema.parse(
      await (await stack.call('admin', 'GET', 'manage/privacy/erasures')).json(),
    );
    expect(pending.items.some((item) => item.erasureId === erasureId)).toBe(false);

    const again = await stack.call('learner', 'POST', 'me/erasure');
    expect(again.status).toBe(202);
    const next = myErasureSchema.parse(await again.json()).request;
    expect(next?.erasureId).not.toBe(erasureId);
    erasureId = next?.erasureId ?? '';
  });

  it('after the grace period, leaves nothing of the person but the documented records, and sends one final e-mail', async () => {
    const userId = stack.idOf('learner');
    const db = cosmos().database(database);
    // Data in most stores: INAMI (pii + blind index), a certificate with its code and PDF, a diploma file,
    // a quarantined upload, a Stripe customer with our billing record.
    expect((await stack.call('learner', 'PUT', 'me/inami', { json: { inami: '41234581401' } })).status).toBe(
      200,
    );
    const { resource: pii } = await db
      .container('pii')
      .item(userId, userId)
      .read<{ inami: { blindIndex: string } }>();
    const blindIndex = pii?.inami.blindIndex ?? '';
    expect(blindIndex).not.toBe('');
    // Reminder preferences and a sent reminder (the `reminders` container, erased with the partition).
    const reminders = {
      preferences: {
        idle_training: false,
        session_tomorrow: true,
        payment_failed: true,
        subscription_ending: true,
        hours_short: true,
      },
    };
    expect((await stack.call('learner', 'PUT', 'me/reminders', { json: reminders })).status).toBe(200);
    await db.container('reminders').items.create({
      id: 'reminder:session_tomorrow:erasure',
      userId,
      kind: 'sent',
      reminder: 'session_tomorrow',
      period: 's-erasure',
      sentAt: '2026-11-02T06:30:00.000Z',
      ttl: 3600,
    });
    await db.container('certificates').items.create({
      id: 'cert-erasure',
      userId,
      status: 'valid',
      holderName: `${learner.first} ${learner.last}`,
      trainingTitle: 'Soins de plaies',
      hours: 2,
      completedAt: '2026-11-02T10:00:00.000Z',
      verificationCode: code,
    });
    await db.container('certificate-codes').items.create({
      id: code,
      userId,
      certificateId: 'cert-erasure',
      schemaVersion: 1,
    });
    // An in-person session she attended (attestation, ledger line) and one she led as a trainer.
    const sessionDoc = (id: string, fields: Record<string, unknown>) => ({
      id,
      partition: `session:${id}`,
      kind: 'session',
      schemaVersion: 1,
      trainingId: 'training-erasure',
      trainingTitle: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
      organiser: 'SOINS+',
      startsAt: '2026-11-03T09:00:00.000Z',
      endsAt: '2026-11-03T12:00:00.000Z',
      place: 'Bruxelles',
      capacity: 10,
      language: 'fr',
      accreditedHours: 3,
      status: 'scheduled',
      createdAt: '2026-10-01T09:00:00.000Z',
      createdBy: 'admin-erasure',
      ...fields,
    });
    const sessions = db.container('training-sessions');
    await sessions.items.create(
      sessionDoc('session-erasure-1', {
        trainerIds: ['trainer-erasure'],
        registrations: [
          { userId, status: 'registered', requestedAt: '2026-10-02T09:00:00.000Z', sequence: 0 },
          {
            userId: 'other-learner',
            status: 'registered',
            requestedAt: '2026-10-02T09:00:00.000Z',
            sequence: 0,
          },
        ],
        attendance: {
          [userId]: { status: 'present', markedBy: 'trainer-erasure', markedAt: '2026-11-03T12:00:00.000Z' },
        },
        signedOff: { by: 'trainer-erasure', at: '2026-11-03T12:05:00.000Z' },
        attestations: [
          {
            id: `session-erasure-1.${userId}`,
            userId,
            verificationCode: attestationCode,
            hours: 3,
            language: 'fr',
            holderName: `${learner.first} ${learner.last}`,
            issuedAt: '2026-11-03T12:05:00.000Z',
            pdfBlobName: `${userId}/attestation.pdf`,
          },
        ],
      }),
    );
    await sessions.items.create(
      sessionDoc('session-erasure-2', {
        trainerIds: [userId],
        registrations: [],
        attendance: {},
        attestations: [],
      }),
    );
    // An upcoming one-seat session where she holds the seat and another learner waits: the seat she
    // frees goes to the waiting list.
    const upcoming = new Date(Date.now() + 10 * 86_400_000);
    await sessions.items.create(
      sessionDoc('session-erasure-3', {
        startsAt: upcoming.toISOString(),
        endsAt: new Date(upcoming.getTime() + 3 * 3_600_000).toISOString(),
        capacity: 1,
        trainerIds: ['trainer-erasure'],
        registrations: [
          { userId, status: 'registered', requestedAt: '2026-10-02T09:00:00.000Z', sequence: 0 },
          {
            userId: 'waiting-learner',
            status: 'waiting',
            requestedAt: '2026-10-02T10:00:00.000Z',
            sequence: 0,
          },
        ],
        attendance: {},
        attestations: [],
      }),
    );
    await sessions.items.create({
      id: 'session-erasure-2',
      partition: `list:trainer:${userId}`,
      startsAt: '2026-11-03T09:00:00.000Z',
      schemaVersion: 1,
    });
    await db.container('certificate-codes').items.create({
      id: attestationCode,
      userId,
      certificateId: `session-erasure-1.${userId}`,
      sessionId: 'session-erasure-1',
      schemaVersion: 1,
    });
    await db.container('hours-ledger').items.create({
      id: `attestation:session-erasure-1.${userId}`,
      year: '2026',
      schemaVersion: 1,
      userId,
      source: 'attestation',
      documentId: `session-erasure-1.${userId}`,
      verificationCode: attestationCode,
      trainingId: 'training-erasure',
      trainingTitle: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
      organiser: 'SOINS+',
      sessionId: 'session-erasure-1',
      startedOn: '2026-11-03',
      completedOn: '2026-11-03',
      hours: 3,
    });
    // An in-app notification, written by the api's own notify (the diploma's rejection reason names her).
    await stack.composition.notifications.notify.execute(userId, {
      kind: 'diploma-reviewed',
      diplomaId: 'diploma-erasure',
      outcome: 'rejected',
      reason: `Le nom ${learner.last} est illisible`,
    });
    const service = await blobs().service();
    for (const container of ['certificates', 'diplomas', 'diplomas-quarantine', 'exports']) {
      await service
        .getContainerClient(container)
        .getBlockBlobClient(`${userId}/file-1`)
        .uploadData(new Uint8Array([1]));
    }
    const customer = (await (
      await fetch(`${emulators.stripeSimUrl}/v1/customers`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${emulators.stripeApiKey}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ email: learner.email, name: `${learner.first} ${learner.last}` }),
      })
    ).json()) as { id: string };
    const at = new Date().toISOString();
    await db.container('billing').items.create({
      id: userId,
      userId,
      stripeCustomerId: customer.id,
      createdAt: at,
      updatedAt: at,
      schemaVersion: 1,
    });

    // The grace period (and the token drain) pass: the engine fires the durable timers now.
    expect(await runToEnd(instanceOf(erasureId))).toBe('Completed');
    const status = await stack.host.durable.getStatus(instanceOf(erasureId), { showHistory: true });
    expect(status?.name).toBe(PRIVACY_ERASURE);
    expect(status?.output).toEqual({ outcome: 'erased' });
    // Failures midway happened (every store step and the final step once) and were resumed.
    const failed = (status?.history ?? []).filter((event) => event.EventType === EventType.TaskFailed);
    expect(failed.length).toBeGreaterThanOrEqual(resources.cosmos.containers.length);

    // One final e-mail, to the address captured at request time.
    const mail = await mailTo(learner.email);
    expect(mail.filter((m) => keyed(m, `erasure:${erasureId}:completed`))).toHaveLength(1);

    // The identity-provider account is gone.
    const idpUsers = readFileSync(join(stack.workDir, 'idp', 'users.json'), 'utf8');
    expect(idpUsers).not.toContain(learner.sub);

    // What is kept: the nameless verification, the pseudonymised billing record, the audit entry.
    const verify = (await (await stack.call('anonymous', 'GET', `verify/${code}`)).json()) as Record<
      string,
      unknown
    >;
    expect(verify).toEqual({
      status: 'valid',
      training: 'Soins de plaies',
      hours: 2,
      completedAt: '2026-11-02T10:00:00.000Z',
    });
    const attested = (await (
      await stack.call('anonymous', 'GET', `verify/${attestationCode}`)
    ).json()) as Record<string, unknown>;
    expect(attested).toEqual({
      status: 'valid',
      training: 'Hygiène des mains',
      hours: 3,
      completedAt: '2026-11-03T09:00:00.000Z',
    });
    const pseudonym = `erased-${erasureId}`;
    const { resource: led } = await db
      .container('training-sessions')
      .item('session-erasure-2', 'session:session-erasure-2')
      .read<Record<string, unknown>>();
    expect(led).toMatchObject({ trainerIds: [pseudonym] });
    const { resource: attended } = await db
      .container('training-sessions')
      .item('session-erasure-1', 'session:session-erasure-1')
      .read<Record<string, unknown>>();
    expect(attended).toMatchObject({ registrations: [{ userId: 'other-learner' }], attestations: [] });
    const { resource: freed } = await db
      .container('training-sessions')
      .item('session-erasure-3', 'session:session-erasure-3')
      .read<Record<string, unknown>>();
    expect(freed?.registrations).toEqual([
      expect.objectContaining({ userId: 'waiting-learner', status: 'registered', sequence: 1 }),
    ]);
    const { resource: billing } = await db
      .container('billing')
      .item(pseudonym, pseudonym)
      .read<Record<string, unknown>>();
    expect(billing).toMatchObject({ stripeCustomerId: customer.id });
    const stripeCustomer = (await (
      await fetch(`${emulators.stripeSimUrl}/v1/customers/${customer.id}`, {
        headers: { authorization: `Bearer ${emulators.stripeApiKey}` },
      })
    ).json()) as Record<string, unknown>;
    expect(stripeCustomer).toMatchObject({ name: pseudonym, email: null });
    const { resources: audit } = await db
      .container('audit')
      .items.query({
        query: 'SELECT * FROM c WHERE c.userId = @p',
        parameters: [{ name: '@p', value: pseudonym }],
      })
      .fetchAll();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'privacy.erasure', actorId: 'system:privacy-erasure' });

    // No residue: every container, blob container and queue of the manifest, searched for the person.
    const needles = [userId, learner.email, learner.first, learner.last, blindIndex, learner.sub];
    const hits: string[] = [];
    for (const container of resources.cosmos.containers) {
      const { resources: docs } = await db
        .container(container.name)
        .items.query<{ id: string }>('SELECT * FROM c')
        .fetchAll();
      for (const doc of docs) {
        const text = JSON.stringify(doc);
        for (const needle of needles) if (text.includes(needle)) hits.push(`${container.name}:${doc.id}`);
      }
    }
    for (const container of resources.blobContainers) {
      for await (const blob of service
        .getContainerClient(container.name)
        .listBlobsFlat({ includeMetadata: true })) {
        const text = `${blob.name} ${JSON.stringify(blob.metadata ?? {})}`;
        for (const needle of needles)
          if (text.includes(needle)) hits.push(`blob ${container.name}/${blob.name}`);
      }
    }
    const queues = QueueServiceClient.fromConnectionString(emulators.storageConnectionString);
    for (const queue of resources.queues) {
      const peeked = await queues.getQueueClient(queue.name).peekMessages({ numberOfMessages: 32 });
      for (const message of peeked.peekedMessageItems) {
        const text = Buffer.from(message.messageText, 'base64').toString('utf8') + message.messageText;
        for (const needle of needles) if (text.includes(needle)) hits.push(`queue ${queue.name}`);
      }
    }
    expect(hits).toEqual([]);

    // The orchestration's own history carried her address to the final e-mail: the daily job purges it
    // (a no-residue search of the task hub, which lives outside the manifest).
    const ended = await stack.host.durable.getStatus(instanceOf(erasureId));
    expect(JSON.stringify(ended?.input)).toContain(learner.email);
    await stack.host.timers.fire('privacy-erasure-history-purge');
    expect(await stack.host.durable.getStatus(instanceOf(erasureId))).toBeUndefined();
  });
});
