// Emails end to end: StorageQueueBus → Azurite `email` queue → local Functions host → email consumer
// → Cosmos idempotency record → Postmark adapter → mail sink. Plus the two adapters on their own
// against the real emulators.
import { CosmosClient, type PluginConfig } from '@azure/cosmos';
import { QueueServiceClient } from '@azure/storage-queue';
import type { EmailMessageInput } from '@soins/shared';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { bundleFunctionsApp } from '../../scripts/build-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctionsHost, type FunctionsHost } from '../../local/functions-host/host';
import { CosmosIdempotencyStore } from '../src/adapters/cosmos/idempotency-store';
import { PostmarkEmailSender } from '../src/adapters/email/postmark-sender';
import { LocalDeadLetters, LocalDeadLetterStore } from '../src/adapters/messaging/local-dead-letters';
import { StorageQueueBus } from '../src/adapters/messaging/storage-queue-bus';
import { emailIdempotencyKey } from '../src/domain/email/deliver-email';
import { EMAIL_QUEUE, emailIds, enqueueEmail } from '../src/domain/email/enqueue';
import { EmailProviderError } from '../src/domain/email/ports';
import type { Clock } from '../src/domain/ports';
import { emulatorCosmosClient } from '../../tests/support/cosmos';
import { scratchDir } from '../../tests/support/scratch-dir';

const emulators = inject('emulators');
const database = 'soins-email-it';
const token = 'it-server-token';
const from = 'SOINS+ <no-reply@soins.test>';
const appUrl = 'http://localhost:5173';
let host: FunctionsHost;
const workDir = scratchDir('email-app-');
let cosmos: CosmosClient;
let bus: StorageQueueBus;
const clock: Clock = { now: () => new Date() };

beforeAll(async () => {
  cosmos = emulatorCosmosClient(emulators);
  const { database: db } = await cosmos.databases.createIfNotExists({ id: database });
  await db.containers.createIfNotExists({ id: 'idempotency', partitionKey: { paths: ['/id'] } });
  await QueueServiceClient.fromConnectionString(emulators.storageConnectionString)
    .getQueueClient(EMAIL_QUEUE)
    .createIfNotExists();
  // Without the manifest's duplicate detection: the tests deliver one id several times on purpose,
  // as Service Bus does after a lost lock or a send outside the window, to prove the consumer's own key.
  bus = StorageQueueBus.fromConnectionString(emulators.storageConnectionString, { queues: new Map() });

  const outfile = join(workDir, 'app.cjs');
  await bundleFunctionsApp(join(import.meta.dirname, 'fixtures', 'email-app.ts'), outfile);
  host = await startFunctionsHost({
    bundlePath: outfile,
    hostJsonPath: join(import.meta.dirname, '..', '..', 'host.json'),
    env: {
      AzureWebJobsStorage: emulators.storageConnectionString,
      COSMOS_ENDPOINT: emulators.cosmosEndpoint,
      COSMOS_KEY: emulators.cosmosKey,
      COSMOS_DATABASE: database,
      POSTMARK_API_URL: emulators.mailSinkUrl,
      POSTMARK_SERVER_TOKEN: token,
      EMAIL_FROM: from,
      APP_PUBLIC_URL: appUrl,
    },
    port: 0,
    scheduleTimers: false,
    queuePollIntervalMs: 100,
    log: () => undefined,
  });
}, 120_000);

afterAll(async () => {
  await host.stop();
});

interface SinkMessage {
  id: string;
  To: string;
  From: string;
  Subject: string;
  HtmlBody?: string;
  TextBody?: string;
  Tag?: string;
  MessageStream: string;
  Metadata?: Record<string, string>;
}

async function outbox(to: string): Promise<SinkMessage[]> {
  const response = await fetch(`${emulators.mailSinkUrl}/api/messages?to=${encodeURIComponent(to)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as SinkMessage[];
}

const uniqueAddress = () => `it-${randomUUID().slice(0, 8)}@example.be`;
const store = () => new CosmosIdempotencyStore(cosmos, database, clock);
const logLines = (): string[] => (host.registry.exports as { logLines: string[] }).logLines;

/** Dead letters of the `email` queue from this message (its retries carry ids derived from it). */
async function poisoned(id: string): Promise<number> {
  const listing = await new LocalDeadLetters(
    LocalDeadLetterStore.fromConnectionString(emulators.storageConnectionString),
    bus,
  ).list(EMAIL_QUEUE, { limit: 1000 });
  return listing.items.filter((item) => item.messageId.startsWith(id)).length;
}

describe('email queue consumer in the local Functions host', () => {
  it('sends exactly one email for a message delivered three times', async () => {
    const address = uniqueAddress();
    const userId = `u_${randomUUID().slice(0, 8)}`;
    const message: EmailMessageInput = {
      id: emailIds.welcome(userId),
      request: {
        template: 'welcome',
        recipient: { userId, email: address, displayName: 'Anaïs <Dubois>', language: 'fr' },
      },
    };
    for (let i = 0; i < 3; i++) await enqueueEmail(bus, message);
    await host.queues.idle();

    const sent = await outbox(address);
    expect(sent).toHaveLength(1);
    const email = sent[0];
    expect(email).toMatchObject({
      To: address,
      From: from,
      Subject: 'Bienvenue sur SOINS+',
      Tag: 'welcome',
      MessageStream: 'outbound',
      Metadata: { idempotencyKey: message.id, template: 'welcome' },
    });
    expect(email?.HtmlBody).toContain('<html lang="fr-BE"');
    expect(email?.HtmlBody).toContain('Bonjour Anaïs &lt;Dubois&gt;,');
    expect(email?.TextBody).toContain('Bonjour Anaïs <Dubois>,');
    expect(email?.TextBody).toContain(`${appUrl}/dashboard`);

    expect(await store().status(emailIdempotencyKey(message.id))).toMatchObject({
      state: 'completed',
      attempts: 1,
      result: { messageId: email?.id },
    });
    expect(await poisoned(message.id)).toBe(0);
    const mine = logLines()
      .map((line) => JSON.parse(line) as { event: string; idempotencyId?: string })
      .filter((line) => line.idempotencyId === message.id)
      .map((line) => line.event);
    // The three deliveries are handled at once (Service Bus's concurrency): one sends, the other two wait for
    // its claim and find it done; which of them logs first is theirs to race.
    expect([...mine].sort()).toEqual(['email.duplicate', 'email.duplicate', 'email.sent']);
    const logs = logLines().join('\n');
    expect(logs).not.toContain(address);
    expect(logs).not.toContain('Anaïs');
  });

  it('after a crash between sending and recording, the redelivery finds the email and does not resend', async () => {
    const address = uniqueAddress();
    const id = emailIds.stripe(`evt_${randomUUID().slice(0, 8)}`, 'payment_failed');
    // What the crashed attempt left: an expired claim in Cosmos and an email Postmark accepted.
    const past: Clock = { now: () => new Date(Date.now() - 10 * 60_000) };
    const stale = await new CosmosIdempotencyStore(cosmos, database, past).claim(emailIdempotencyKey(id), {
      leaseMs: 60_000,
    });
    expect(stale.kind).toBe('acquired');
    const earlier = await new PostmarkEmailSender({
      apiUrl: emulators.mailSinkUrl,
      serverToken: token,
      from,
    }).send({
      to: address,
      subject: 'Uw betaling voor SOINS+ is niet gelukt',
      html: '<p>x</p>',
      text: 'x',
      tag: 'payment_failed',
      messageStream: 'outbound',
      metadata: { idempotencyKey: id, template: 'payment_failed' },
    });

    await enqueueEmail(bus, {
      id,
      request: {
        template: 'payment_failed',
        recipient: { userId: 'u_crash', email: address, displayName: 'Jan', language: 'nl' },
        amountCents: 1500,
        currency: 'eur',
      },
    });
    await host.queues.idle();

    const sent = await outbox(address);
    expect(sent.map((m) => m.id)).toEqual([earlier.messageId]);
    expect(await store().status(emailIdempotencyKey(id))).toMatchObject({
      state: 'completed',
      attempts: 2,
      result: { messageId: earlier.messageId, recovered: true },
    });
  });

  it('sends Dutch billing emails with the amount formatted for nl-BE', async () => {
    const address = uniqueAddress();
    await enqueueEmail(bus, {
      id: emailIds.stripe(`evt_${randomUUID().slice(0, 8)}`, 'subscription_confirmed'),
      request: {
        template: 'subscription_confirmed',
        recipient: { userId: 'u_nl', email: address, displayName: 'Jan Peeters', language: 'nl' },
        plan: 'yearly',
        amountCents: 15000,
        currency: 'eur',
        periodEnd: '2027-03-01T00:00:00+01:00',
      },
    });
    await host.queues.idle();
    const [email] = await outbox(address);
    expect(email?.Subject).toBe('Uw SOINS+-abonnement is bevestigd');
    expect(email?.TextBody).toMatch(/Bedrag: €\s150,00 per jaar/u);
    expect(email?.TextBody).toContain('Huidige periode loopt tot: 1 maart 2027');
    expect(email?.HtmlBody).toContain('<html lang="nl-BE"');
  });

  it('drops an invalid message without retrying it or dead-lettering it', async () => {
    const id = `broken:${randomUUID().slice(0, 8)}`;
    await bus.send(EMAIL_QUEUE, { id, body: { id, request: { template: 'welcome' } } });
    await host.queues.idle();
    expect(await poisoned(id)).toBe(0);
    expect(await store().status(emailIdempotencyKey(id))).toBeUndefined();
    expect(logLines().join('\n')).toContain('"event":"email.invalid_message"');
  });
});

describe('PostmarkEmailSender against the mail sink', () => {
  const sender = (serverToken = token) =>
    new PostmarkEmailSender({ apiUrl: emulators.mailSinkUrl, serverToken, from });
  const email = (to: string, key: string) => ({
    to,
    subject: 'Test',
    html: '<p>Test</p>',
    text: 'Test',
    tag: 'welcome',
    messageStream: 'outbound',
    metadata: { idempotencyKey: key },
  });

  it('finds a sent message by its idempotency metadata, and only in its stream', async () => {
    const key = `probe:${randomUUID()}`;
    expect(await sender().findByMetadata('idempotencyKey', key, 'outbound')).toBeUndefined();
    const { messageId } = await sender().send(email(uniqueAddress(), key));
    expect(await sender().findByMetadata('idempotencyKey', key, 'outbound')).toEqual({ messageId });
    expect(await sender().findByMetadata('idempotencyKey', key, 'broadcast')).toBeUndefined();
  });

  it('reports an invalid recipient as rejected (422) and a missing token as configuration (401)', async () => {
    const invalid = await sender()
      .send(email('not-an-address', 'probe:x'))
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(EmailProviderError);
    expect(invalid).toMatchObject({ kind: 'rejected', detail: { status: 422, errorCode: 300 } });
    expect((invalid as Error).message).not.toContain('not-an-address');

    const unauthorized = await sender('')
      .send(email(uniqueAddress(), 'probe:y'))
      .catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ kind: 'configuration', detail: { status: 401, errorCode: 10 } });
  });
});

describe('CosmosIdempotencyStore against the emulator', () => {
  it('claims once, reports busy, completes once and keeps the first outcome', async () => {
    const key = `test:${randomUUID()}`;
    const s = store();
    expect(await s.status(key)).toBeUndefined();
    const first = await s.claim(key, { leaseMs: 60_000 });
    expect(first).toMatchObject({
      kind: 'acquired',
      takeover: false,
      record: { state: 'in_progress', attempts: 1 },
    });
    expect(await s.claim(key, { leaseMs: 60_000 })).toMatchObject({ kind: 'busy' });

    await s.complete(key, { state: 'completed', result: { messageId: 'm1' } });
    await s.complete(key, { state: 'failed', result: { reason: 'late writer' } });
    expect(await s.status(key)).toMatchObject({ state: 'completed', result: { messageId: 'm1' } });
    expect(await s.claim(key, { leaseMs: 60_000 })).toMatchObject({ kind: 'done' });

    const raw = await cosmos
      .database(database)
      .container('idempotency')
      .item(key, key)
      .read<Record<string, unknown>>();
    expect(raw.resource).toMatchObject({ schemaVersion: 1, state: 'completed' });
    expect(typeof raw.resource?.completedAt).toBe('string');
  });

  it('lets only the holder release, and a released claim is taken over', async () => {
    const key = `test:${randomUUID()}`;
    const s = store();
    const first = await s.claim(key, { leaseMs: 60_000 });
    if (first.kind !== 'acquired') throw new Error('expected a claim');
    await s.release(key, 'someone-else');
    expect(await s.claim(key, { leaseMs: 60_000 })).toMatchObject({ kind: 'busy' });
    await s.release(key, first.token);
    const second = await s.claim(key, { leaseMs: 60_000 });
    expect(second).toMatchObject({ kind: 'acquired', takeover: true, record: { attempts: 2 } });
    await s.release(key, first.token); // the old holder can no longer release
    expect(await s.claim(key, { leaseMs: 60_000 })).toMatchObject({ kind: 'busy' });
  });

  it('completes or releases its own claim with one write, and reads first only when someone else wrote', async () => {
    // The emulator's requests by operation, counted by a client of this store's own.
    const operations: string[] = [];
    const counting: PluginConfig = {
      on: 'request',
      plugin: (context, node, next) => {
        operations.push(context.operationType ?? '?');
        return next(context);
      },
    };
    // `plugins` is left out of the options' public type; the client takes it.
    const withPlugins = {
      endpoint: emulators.cosmosEndpoint,
      key: emulators.cosmosKey,
      connectionPolicy: { enableEndpointDiscovery: false },
      plugins: [counting],
    };
    const countingClient = new CosmosClient(withPlugins);
    const counted = new CosmosIdempotencyStore(countingClient, database, clock);
    const key = `test:${randomUUID()}`;
    await counted.claim(key, { leaseMs: 60_000 });
    operations.length = 0;
    await counted.complete(key, { state: 'completed', result: { messageId: 'm1' } });
    expect(operations).toEqual(['replace']);
    expect(await store().status(key)).toMatchObject({ state: 'completed', result: { messageId: 'm1' } });

    const released = `test:${randomUUID()}`;
    const claim = await counted.claim(released, { leaseMs: 60_000 });
    if (claim.kind !== 'acquired') throw new Error('expected a claim');
    operations.length = 0;
    await counted.release(released, claim.token);
    expect(operations).toEqual(['replace']);
    expect(await store().claim(released, { leaseMs: 60_000 })).toMatchObject({
      kind: 'acquired',
      takeover: true,
    });

    // Another writer took the claim over meanwhile: the guarded write fails, the store reads and decides.
    const taken = `test:${randomUUID()}`;
    const past: Clock = { now: () => new Date(Date.now() - 5 * 60_000) };
    const stale = new CosmosIdempotencyStore(countingClient, database, past);
    const old = await stale.claim(taken, { leaseMs: 1_000 });
    if (old.kind !== 'acquired') throw new Error('expected a claim');
    await store().claim(taken, { leaseMs: 60_000 }); // a takeover by another delivery
    operations.length = 0;
    await stale.release(taken, old.token);
    expect(operations).toEqual(['replace', 'read']);
    expect(await store().claim(taken, { leaseMs: 60_000 })).toMatchObject({ kind: 'busy' });
  });

  it('gives a key to exactly one of many concurrent claimers', async () => {
    const key = `test:${randomUUID()}`;
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => store().claim(key, { leaseMs: 60_000 })),
    );
    expect(outcomes.filter((o) => o.kind === 'acquired')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'busy')).toHaveLength(7);
  });

  it('gives an expired claim to exactly one of many concurrent takeovers', async () => {
    const key = `test:${randomUUID()}`;
    const past: Clock = { now: () => new Date(Date.now() - 5 * 60_000) };
    await new CosmosIdempotencyStore(cosmos, database, past).claim(key, { leaseMs: 1_000 });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => store().claim(key, { leaseMs: 60_000 })),
    );
    const acquired = outcomes.filter((o) => o.kind === 'acquired');
    expect(acquired).toHaveLength(1);
    expect(acquired[0]).toMatchObject({ takeover: true, record: { attempts: 2 } });
  });
});
