// In-app notifications through the real stack (api bundle in the local host, Cosmos emulator, Azurite, clamd,
// local identity provider): a diploma review notifies the learner once however often its event runs, the
// list pages newest first in the person's partition, the unread count is a single-partition COUNT the
// emulator serves as the gateway does, and a person reads and marks only her own notifications.
import {
  diplomaSchema,
  notificationListSchema,
  notificationSchema,
  notificationsMarkedSchema,
  problemSchema,
  unreadNotificationsSchema,
  type Diploma,
} from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { diplomaReviewedSubject } from '../src/domain/notifications/notifications';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
const database = 'soins-notifications';
let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack(emulators, database);
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const pdf = (text: string): Buffer => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

async function unread(caller: Caller): Promise<number> {
  const response = await stack.call(caller, 'GET', 'me/notifications/unread-count');
  expect(response.status).toBe(200);
  return unreadNotificationsSchema.parse(await response.json()).unread;
}

async function list(caller: Caller, query = '') {
  const response = await stack.call(caller, 'GET', `me/notifications${query}`);
  expect(response.status).toBe(200);
  return notificationListSchema.parse(await response.json());
}

/** Uploads a clean PDF and waits for the scan: the diploma waits for review. */
async function pendingDiploma(caller: Caller): Promise<Diploma> {
  const response = await stack.call(caller, 'PUT', 'me/diploma', { raw: pdf(`diplôme ${caller}`) });
  expect(response.status).toBe(202);
  const uploaded = diplomaSchema.parse(((await response.json()) as { diploma: unknown }).diploma);
  await stack.host.queues.idle();
  return uploaded;
}

async function decide(diploma: Diploma, json: unknown): Promise<Response> {
  return stack.call('admin', 'POST', `manage/diplomas/${diploma.userId}/${diploma.id}/decision`, { json });
}

describe('in-app notifications', () => {
  it('a diploma approval notifies the learner once, even when the decision and its event run again', async () => {
    expect(await unread('learner')).toBe(0);
    const diploma = await pendingDiploma('learner');
    expect((await decide(diploma, { decision: 'approve' })).status).toBe(200);

    const first = await list('learner');
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({
      subject: { kind: 'diploma-reviewed', diplomaId: diploma.id, outcome: 'approved' },
    });
    expect(first.items[0]?.readAt).toBeUndefined();
    expect(await unread('learner')).toBe(1);

    // The decision run again is refused; its event delivered again (the same notify call) writes nothing.
    expect((await decide(diploma, { decision: 'approve' })).status).toBe(409);
    const approved = diplomaSchema.parse({ ...diploma, status: 'approved' });
    const replay = await stack.composition.notifications.notify.execute(
      diploma.userId,
      diplomaReviewedSubject(approved),
    );
    expect(replay).toEqual({ id: first.items[0]?.id, created: false });
    expect((await list('learner')).items).toHaveLength(1);
    expect(await unread('learner')).toBe(1);
  });

  it('a rejection carries the admin’s reason, for that learner only', async () => {
    const diploma = await pendingDiploma('otherLearner');
    expect((await decide(diploma, { decision: 'reject', reason: 'Document illisible' })).status).toBe(200);
    expect((await list('otherLearner')).items.map((n) => n.subject)).toEqual([
      { kind: 'diploma-reviewed', diplomaId: diploma.id, outcome: 'rejected', reason: 'Document illisible' },
    ]);
    expect((await list('learner')).items.map((n) => n.subject.kind)).toEqual(['diploma-reviewed']);
    expect((await list('learner')).items[0]?.subject).toMatchObject({ outcome: 'approved' });
  });

  it('a learner cannot read or mark another person’s notification (her id scripted in the path)', async () => {
    const others = (await list('otherLearner')).items;
    const othersId = others[0]?.id ?? '';
    expect(othersId).toMatch(/^n-/);
    const response = await stack.call('learner', 'POST', `me/notifications/${othersId}/read`);
    expect(response.status).toBe(404);
    expect(problemSchema.parse(await response.json()).code).toBe('not_found');
    // Marking all read as the learner leaves the other person's unread.
    expect((await stack.call('learner', 'POST', 'me/notifications/read-all')).status).toBe(200);
    expect(await unread('otherLearner')).toBe(1);
    expect((await list('otherLearner')).items[0]?.readAt).toBeUndefined();
    // A malformed id names nothing.
    expect((await stack.call('learner', 'POST', 'me/notifications/..%2F..%2Fx/read')).status).toBe(404);
  });

  it('pages newest first in the person’s partition; a token of another listing is a 400', async () => {
    const trainerId = stack.idOf('trainer');
    for (const [index, day] of ['07', '08', '09'].entries()) {
      await stack.composition.notifications.sessionReminder(trainerId, {
        sessionId: `s-notif-${String(index)}`,
        trainingTitle: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
        startsAt: `2026-12-${day}T08:00:00.000Z`,
        place: 'Namur',
      });
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct creation times
    }
    // The same reminder again (a re-run of the reminder job) adds nothing.
    await stack.composition.notifications.sessionReminder(trainerId, {
      sessionId: 's-notif-0',
      trainingTitle: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
      startsAt: '2026-12-07T08:00:00.000Z',
      place: 'Namur',
    });
    expect(await unread('trainer')).toBe(3);

    const first = await list('trainer', '?limit=2');
    expect(first.items.map((n) => n.subject.kind === 'session-reminder' && n.subject.sessionId)).toEqual([
      's-notif-2',
      's-notif-1',
    ]);
    const token = first.continuationToken ?? '';
    expect(token).not.toBe('');
    const second = await list('trainer', `?limit=2&continuationToken=${encodeURIComponent(token)}`);
    expect(second.items.map((n) => n.subject.kind === 'session-reminder' && n.subject.sessionId)).toEqual([
      's-notif-0',
    ]);
    expect(second.continuationToken).toBeUndefined();

    // The trainer's token is bound to the trainer's listing: replayed by a learner, or forged, it is a 400.
    const replayed = await stack.call(
      'learner',
      'GET',
      `me/notifications?limit=2&continuationToken=${encodeURIComponent(token)}`,
    );
    expect(replayed.status).toBe(400);
    expect((await stack.call('trainer', 'GET', 'me/notifications?continuationToken=forged')).status).toBe(
      400,
    );
    expect((await stack.call('trainer', 'GET', 'me/notifications?limit=500')).status).toBe(400);
  });

  it('marks one read (keeping the first time), then all; the count follows', async () => {
    const [newest, middle] = (await list('trainer')).items;
    const read = await stack.call('trainer', 'POST', `me/notifications/${newest?.id ?? ''}/read`);
    expect(read.status).toBe(200);
    const readAt = notificationSchema.parse(await read.json()).readAt;
    expect(readAt).toBeDefined();
    const again = await stack.call('trainer', 'POST', `me/notifications/${newest?.id ?? ''}/read`);
    expect(notificationSchema.parse(await again.json()).readAt).toBe(readAt);
    expect(await unread('trainer')).toBe(2);
    expect((await list('trainer')).items.find((n) => n.id === middle?.id)?.readAt).toBeUndefined();

    const all = await stack.call('trainer', 'POST', 'me/notifications/read-all');
    expect(notificationsMarkedSchema.parse(await all.json())).toEqual({ marked: 2 });
    expect(await unread('trainer')).toBe(0);
    expect((await list('trainer')).items.every((n) => n.readAt !== undefined)).toBe(true);
  });

  it('counts in one partition: the gateway serves that COUNT, and refuses it across partitions', async () => {
    const userId = stack.idOf('otherLearner');
    const container = emulatorCosmosClient(emulators).database(database).container('notifications');
    // The request the SDK sends for the store's unread count, straight to the emulator's gateway.
    const countQuery = (headers: Record<string, string>) =>
      fetch(new URL(`${container.url}/docs`, emulators.cosmosEndpoint), {
        method: 'POST',
        headers: {
          'content-type': 'application/query+json',
          'x-ms-documentdb-isquery': 'True',
          'x-ms-documentdb-query-enablecrosspartition': 'True',
          ...headers,
        },
        body: JSON.stringify({
          query: 'SELECT VALUE COUNT(1) FROM c WHERE c.userId = @userId AND NOT IS_DEFINED(c.readAt)',
          parameters: [{ name: '@userId', value: userId }],
        }),
      });
    const single = await countQuery({ 'x-ms-documentdb-partitionkey': JSON.stringify([userId]) });
    expect(single.status).toBe(200);
    expect(((await single.json()) as { Documents: unknown[] }).Documents).toEqual([1]);
    // Without the partition key it is a cross-partition aggregate, which Azure's gateway refuses too.
    expect((await countQuery({})).status).toBe(400);
  });

  it('leaves out a kind a newer version wrote (during a slot swap) instead of failing the list; a bad document of a known kind still fails', async () => {
    const userId = stack.idOf('admin');
    const container = emulatorCosmosClient(emulators).database(database).container('notifications');
    await stack.composition.notifications.sessionReminder(userId, {
      sessionId: 's-notif-swap',
      trainingTitle: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
      startsAt: '2026-12-20T08:00:00.000Z',
      place: 'Liège',
    });
    await container.items.create({
      id: `n-${'a'.repeat(24)}`,
      userId,
      key: 'a-kind-from-the-future:1',
      subject: { kind: 'a-kind-from-the-future', anything: 1 },
      createdAt: new Date().toISOString(),
    });
    const listed = await list('admin');
    expect(listed.items.map((n) => n.subject.kind)).toEqual(['session-reminder']);

    await container.items.create({
      id: `n-${'b'.repeat(24)}`,
      userId,
      key: 'session-reminder:broken',
      subject: { kind: 'session-reminder' },
      createdAt: new Date().toISOString(),
    });
    expect((await stack.call('admin', 'GET', 'me/notifications')).status).toBe(500);
  });
});
