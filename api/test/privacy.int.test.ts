// Privacy through the real stack (api bundle in the local host, Cosmos emulator, Azurite, mail sink,
// Stripe simulator): public legal reads, what a user accepted, the register, the data export from the
// request to the unzipped archive and the e-mail, its bad inputs (409, 404, 410), and the retention
// jobs run on the real stores with a controlled clock.
import {
  dataExportSchema,
  exportDownloadSchema,
  legalDocumentSchema,
  legalVersionListSchema,
  myAcceptancesSchema,
  myExportsSchema,
  problemSchema,
  processingRegisterSchema,
  type DataExport,
} from '@soins/shared';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CosmosDiplomaRepository } from '../src/adapters/cosmos/diploma-repository';
import { CosmosExportStore } from '../src/adapters/cosmos/privacy-requests';
import { LocalDeadLetters, LocalDeadLetterStore } from '../src/adapters/messaging/local-dead-letters';
import { createBlobStorage } from '../src/adapters/storage/connection';
import { BlobExportFiles } from '../src/adapters/storage/export-files';
import { BlobQuarantineFiles } from '../src/adapters/storage/quarantine-files';
import type { MessageBus } from '../src/domain/ports';
import {
  PurgeExpiredExports,
  PurgeOldDeadLetters,
  PurgeQuarantineLeftovers,
} from '../src/domain/privacy/retention';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
const database = 'soins-privacy';
let stack: ApiStack;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const HOUR = 60 * 60_000;

beforeAll(async () => {
  stack = await startApiStack(emulators, database);
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const cosmos = () => emulatorCosmosClient(emulators);
const blobs = () => createBlobStorage({ kind: 'key', connectionString: emulators.storageConnectionString });
const fixedClock = (at: Date) => ({ now: () => new Date(at) });

async function waitForExport(caller: Caller, exportId: string): Promise<DataExport> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const list = myExportsSchema.parse(await (await stack.call(caller, 'GET', 'me/exports')).json());
    const found = list.items.find((item) => item.exportId === exportId);
    if (found && ['ready', 'failed'].includes(found.status)) return found;
    if (Date.now() > deadline) throw new Error(`export still ${String(found?.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('legal documents, publicly', () => {
  it('lists the published versions and serves each one anonymously, cacheable, without the publisher', async () => {
    const list = await stack.call('anonymous', 'GET', 'legal/privacy/versions');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toMatch(/public/);
    const versions = legalVersionListSchema.parse(await list.json());
    expect(versions.items.length).toBeGreaterThan(0);
    const latest = versions.items[0]?.version ?? 0;
    const one = await stack.call('anonymous', 'GET', `legal/privacy/versions/${String(latest)}`);
    expect(one.status).toBe(200);
    const etag = one.headers.get('etag') ?? '';
    const body = (await one.json()) as Record<string, unknown>;
    expect(legalDocumentSchema.parse(body).version).toBe(latest);
    expect(JSON.stringify(body)).not.toContain('publishedBy');
    const again = await stack.call('anonymous', 'GET', `legal/privacy/versions/${String(latest)}`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('answers a clear 404 for an unknown type, version, or a malformed version', async () => {
    for (const path of [
      'legal/cookies/versions',
      'legal/terms/versions/999',
      'legal/terms/versions/abc',
      'legal/terms/versions/0',
    ]) {
      const response = await stack.call('anonymous', 'GET', path, { headers: { 'accept-language': 'nl' } });
      expect(response.status, path).toBe(404);
      expect(problemSchema.parse(await response.json()).title).toBe('Bron niet gevonden');
    }
  });

  it('shows a signed-in user what they accepted and when', async () => {
    const response = await stack.call('learner', 'GET', 'me/legal/acceptances');
    expect(response.status).toBe(200);
    const { items } = myAcceptancesSchema.parse(await response.json());
    expect(items.map((item) => item.type).sort()).toEqual(['privacy', 'terms']);
    for (const item of items) expect(Date.parse(item.acceptedAt)).not.toBeNaN();
  });
});

describe('register of processing', () => {
  it('is public without the technical inventory, and complete with it for admins', async () => {
    const open = processingRegisterSchema.parse(
      await (await stack.call('anonymous', 'GET', 'privacy/register')).json(),
    );
    expect(open.activities.length).toBeGreaterThan(5);
    expect(open.stores).toBeUndefined();
    const staff = processingRegisterSchema.parse(
      await (await stack.call('admin', 'GET', 'manage/privacy/register')).json(),
    );
    expect(staff.stores?.find((store) => store.name === 'exports')).toMatchObject({
      personalData: true,
      retentionPeriod: 'P1D',
    });
  });

  it('has the processed webhook ids’ time to live on the container itself (what the register announces)', async () => {
    const { resource } = await cosmos().database(database).container('stripe-events').read();
    expect(resource?.defaultTtl).toBe(30 * 24 * 3600);
    const requests = await cosmos().database(database).container('privacy-requests').read();
    expect(requests.resource?.defaultTtl).toBe(-1);
  });
});

describe('data export', () => {
  let exportId = '';

  it('builds one archive per request (a concurrent second request is a 409) and e-mails a link', async () => {
    const learnerId = stack.idOf('learner');
    expect((await stack.call('learner', 'PUT', 'me/inami', { json: { inami: '41234581401' } })).status).toBe(
      200,
    );
    const pdf = new TextEncoder().encode('%PDF-1.4 test certificate');
    await (
      await blobs().container('certificates')
    )
      .getBlockBlobClient(`${learnerId}/cert-test.pdf`)
      .uploadData(pdf);

    const [a, b] = await Promise.all([
      stack.call('learner', 'POST', 'me/exports'),
      stack.call('learner', 'POST', 'me/exports'),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const refused = a.status === 409 ? a : b;
    expect(problemSchema.parse(await refused.json())).toMatchObject({
      code: 'export_in_progress',
      status: 409,
    });
    const accepted = dataExportSchema.parse(await (a.status === 202 ? a : b).json());
    exportId = accepted.exportId;

    const done = await waitForExport('learner', exportId);
    expect(done).toMatchObject({ status: 'ready' });
    expect(Date.parse(done.expiresAt ?? '') - Date.parse(done.readyAt ?? '')).toBe(24 * HOUR);

    const link = exportDownloadSchema.parse(
      await (await stack.call('learner', 'GET', `me/exports/${exportId}/download`)).json(),
    );
    const zipped = await fetch(link.url);
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-disposition')).toMatch(/attachment/);
    const entries = unzipSync(new Uint8Array(await zipped.arrayBuffer()));
    expect(Object.keys(entries)).toEqual(
      expect.arrayContaining([
        'README.md',
        'profile.json',
        'consents.json',
        'progress.json',
        'quiz-attempts.json',
        'certificates.json',
        'certificates/cert-test.pdf',
        'attestations.json',
        'subscription-and-invoices.json',
        'notifications.json',
        'audit.json',
      ]),
    );
    const profile = JSON.parse(new TextDecoder().decode(entries['profile.json'])) as {
      profile: { id: string; email: string };
      inami: string;
    };
    expect(profile.profile.id).toBe(learnerId);
    expect(profile.inami).toBe('4-12345-81-401');
    expect(new TextDecoder().decode(entries['certificates/cert-test.pdf'])).toBe('%PDF-1.4 test certificate');
    const consents = JSON.parse(new TextDecoder().decode(entries['consents.json'])) as {
      legalAcceptances: unknown[];
    };
    expect(consents.legalAcceptances).toHaveLength(2);

    await stack.host.queues.idle();
    const mail = (await (
      await fetch(`${emulators.mailSinkUrl}/api/messages?to=${encodeURIComponent(profile.profile.email)}`)
    ).json()) as { Tag?: string; TextBody?: string }[];
    // The mail sink and the demo learner are shared with other suites (the authorization matrix also
    // requests an export): this export's e-mails are the ones naming it, and there is exactly one.
    const sent = mail.filter(
      (message) =>
        message.Tag === 'data_export_ready' && (message.TextBody ?? '').includes(`/exports/${exportId}`),
    );
    expect(sent).toHaveLength(1);

    // Done: a new request is accepted again.
    const next = await stack.call('learner', 'POST', 'me/exports');
    expect(next.status).toBe(202);
    await waitForExport('learner', dataExportSchema.parse(await next.json()).exportId);
  });

  it('keeps the archive to its owner: another person, a malformed id or nobody gets 404/401', async () => {
    expect((await stack.call('otherLearner', 'GET', `me/exports/${exportId}/download`)).status).toBe(404);
    expect((await stack.call('learner', 'GET', 'me/exports/not-an-id/download')).status).toBe(404);
    expect((await stack.call('anonymous', 'GET', `me/exports/${exportId}/download`)).status).toBe(401);
  });

  it('the retention job deletes the archive after 24 hours (controlled clock); the link then answers 410', async () => {
    const learnerId = stack.idOf('learner');
    const store = new CosmosExportStore(cosmos(), database);
    const files = new BlobExportFiles(blobs());
    const record = await store.get(learnerId, exportId);
    const readyAt = Date.parse(record?.readyAt ?? '');
    const before = new PurgeExpiredExports({
      store,
      files,
      clock: fixedClock(new Date(readyAt + HOUR)),
      logger: silent,
    });
    await before.execute();
    expect(await files.exists(learnerId, exportId)).toBe(true);
    const after = new PurgeExpiredExports({
      store,
      files,
      clock: fixedClock(new Date(readyAt + 24 * HOUR + 60_000)),
      logger: silent,
    });
    expect((await after.execute()).deleted).toBeGreaterThanOrEqual(1);
    expect(await files.exists(learnerId, exportId)).toBe(false);
    expect((await store.get(learnerId, exportId))?.status).toBe('expired');

    const gone = await stack.call('learner', 'GET', `me/exports/${exportId}/download`, {
      headers: { 'accept-language': 'fr' },
    });
    expect(gone.status).toBe(410);
    expect(problemSchema.parse(await gone.json())).toMatchObject({ code: 'export_expired' });
  });

  it('answers 410 as soon as the 24 hours are over, even before the job ran', async () => {
    const learnerId = stack.idOf('learner');
    const store = new CosmosExportStore(cosmos(), database);
    const requested = await stack.call('learner', 'POST', 'me/exports');
    expect(requested.status).toBe(202);
    await waitForExport('learner', dataExportSchema.parse(await requested.json()).exportId);
    const latest = (await store.listFor(learnerId, 1))[0];
    expect(latest?.status).toBe('ready');
    if (!latest) return;
    expect(await new BlobExportFiles(blobs()).exists(learnerId, latest.exportId)).toBe(true);
    await store.save({ ...latest, expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect((await stack.call('learner', 'GET', `me/exports/${latest.exportId}/download`)).status).toBe(410);
    const listed = myExportsSchema.parse(await (await stack.call('learner', 'GET', 'me/exports')).json());
    expect(listed.items.find((item) => item.exportId === latest.exportId)?.status).toBe('expired');
  });
});

describe('retention jobs on the real stores', () => {
  it('are registered as timers and run (nothing is old enough yet)', async () => {
    for (const timer of [
      'privacy-exports-expire',
      'privacy-quarantine-cleanup',
      'privacy-dead-letters-purge',
      'privacy-erasure-history-purge',
    ]) {
      await expect(stack.host.timers.fire(timer)).resolves.toBeUndefined();
    }
  });

  it('deletes an abandoned quarantine upload a day later, and keeps a young one', async () => {
    const quarantine = await blobs().container('diplomas-quarantine');
    await quarantine.getBlockBlobClient('u_abandoned/orphan-1').uploadData(new Uint8Array([1, 2, 3]));
    const job = (at: Date) =>
      new PurgeQuarantineLeftovers({
        files: new BlobQuarantineFiles(blobs()),
        diplomas: new CosmosDiplomaRepository(cosmos(), database),
        clock: fixedClock(at),
        logger: silent,
      });
    await job(new Date(Date.now() + HOUR)).execute();
    expect(await quarantine.getBlobClient('u_abandoned/orphan-1').exists()).toBe(true);
    expect((await job(new Date(Date.now() + 25 * HOUR)).execute()).deleted).toBeGreaterThanOrEqual(1);
    expect(await quarantine.getBlobClient('u_abandoned/orphan-1').exists()).toBe(false);
  });

  it('purges local dead letters older than 14 days', async () => {
    const store = LocalDeadLetterStore.fromConnectionString(emulators.storageConnectionString);
    const noBus: MessageBus = { send: () => Promise.resolve() };
    const deadLetters = new LocalDeadLetters(store, noBus);
    const letter = (daysAgo: number) => ({
      messageId: `m-${String(daysAgo)}`,
      body: { id: 'x' },
      deadLetterReason: 'MaxDeliveryCountExceeded',
      deadLetterErrorDescription: 'test',
      enqueuedAt: new Date(Date.now() - daysAgo * 24 * HOUR).toISOString(),
      deadLetteredAt: new Date().toISOString(),
      deliveryCount: 5,
    });
    await store.add('privacy-exports', letter(20));
    await store.add('privacy-exports', letter(3));
    const job = new PurgeOldDeadLetters({
      deadLetters,
      queues: ['privacy-exports'],
      clock: fixedClock(new Date()),
      logger: silent,
    });
    expect((await job.execute()).deleted).toBe(1);
    const left = await deadLetters.list('privacy-exports', { limit: 10 });
    expect(left.items.map((item) => item.messageId)).toEqual(['m-3']);
  });
});
