// Diploma scanning as it runs in Azure (SCANNER_MODE=defender), through the api bundle in the local host
// with Azurite, the Cosmos emulator and the local identity provider. Defender for Storage is not here:
// the test plays its part and puts the scan result events Event Grid would deliver on the
// `diploma-scan-results` queue, with the blob URL and ETag of the real quarantined upload.
import { LocalDeadLetterStore } from '../src/adapters/messaging/local-dead-letters';
import { diplomaSchema, myDiplomaSchema, readinessSchema, type Diploma } from '@soins/shared';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eicarTestFile } from '../../local/services/clamd';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
const database = 'soins-diplomas-defender';
let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack(emulators, database, {
    // No clamd in this deployment: its address points at a closed port, and nothing may call it.
    env: { SCANNER_MODE: 'defender', CLAMD_HOST: '127.0.0.1', CLAMD_PORT: '1' },
  });
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const blobs = () => BlobServiceClient.fromConnectionString(emulators.storageConnectionString);
const queues = () => QueueServiceClient.fromConnectionString(emulators.storageConnectionString);
const pdf = (text: string): Buffer => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

async function upload(caller: Caller, bytes: Uint8Array): Promise<Diploma> {
  const response = await stack.call(caller, 'PUT', 'me/diploma', { raw: bytes });
  expect(response.status).toBe(202);
  return diplomaSchema.parse(((await response.json()) as { diploma: unknown }).diploma);
}

async function mine(caller: Caller): Promise<Diploma | null> {
  return myDiplomaSchema.parse(await (await stack.call(caller, 'GET', 'me/diploma')).json()).diploma;
}

/** The result event Defender publishes for a blob, as Event Grid delivers it (Event Grid schema). */
async function defenderEvent(
  container: string,
  diploma: Pick<Diploma, 'userId' | 'id'>,
  scanResultType: string,
  malwareNamesFound: string[] = [],
): Promise<{ id: string; [key: string]: unknown }> {
  const blob = blobs().getContainerClient(container).getBlobClient(`${diploma.userId}/${diploma.id}`);
  const etag = (await blob.exists()) ? ((await blob.getProperties()).etag ?? '') : '0x8DCE730957D80DE';
  const id = crypto.randomUUID();
  return {
    id,
    subject: `storageAccounts/devstoreaccount1/containers/${container}/blobs/${diploma.userId}/${diploma.id}`,
    data: {
      correlationId: id,
      blobUri: blob.url,
      eTag: etag.replace(/"/g, ''),
      scanFinishedTimeUtc: new Date().toISOString(),
      scanResultType,
      scanResultDetails: {
        malwareNamesFound,
        sha256: '275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F',
      },
    },
    eventType: 'Microsoft.Security.MalwareScanningResult',
    dataVersion: '1.0',
    metadataVersion: '1',
    eventTime: new Date().toISOString(),
    topic: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.EventGrid/topics/soins-malware-scans',
  };
}

async function deliver(event: unknown, id: string = crypto.randomUUID()): Promise<void> {
  await stack.composition.bus.send('diploma-scan-results', { id, body: event });
  await stack.host.queues.idle();
}

async function queueLength(name: string): Promise<number> {
  return (await queues().getQueueClient(name).getProperties()).approximateMessagesCount ?? 0;
}

async function exists(container: string, diploma: Diploma): Promise<boolean> {
  return blobs().getContainerClient(container).getBlobClient(`${diploma.userId}/${diploma.id}`).exists();
}

async function alertsAbout(diplomaId: string): Promise<{ Subject: string; TextBody?: string }[]> {
  const messages = (await (
    await fetch(`${emulators.mailSinkUrl}/api/messages?to=admin@demo.soins.plus`)
  ).json()) as { Subject: string; TextBody?: string }[];
  return messages.filter((message) => message.TextBody?.includes(diplomaId));
}

describe('diploma scanning with Defender for Storage (SCANNER_MODE=defender)', () => {
  it('registers the scan-result consumer and the stalled-scan report instead of the clamd scan', () => {
    const names = [...stack.host.registry.functions.keys()];
    expect(names).toEqual(expect.arrayContaining(['diploma-scan-results', 'diploma-scan-overdue']));
    expect(names).not.toContain('diploma-scan');
    expect(names).not.toContain('diploma-scan-requeue');
  });

  it('readyz does not probe clamd where Defender scans', async () => {
    const response = await fetch(`${stack.host.url}/api/readyz`);
    expect(response.status).toBe(200);
    const body = readinessSchema.parse(await response.json());
    expect(Object.keys(body.checks).sort()).toEqual(['blob', 'cosmos', 'queues']);
  });

  it('a clean result sends the upload to the review queue; nothing was asked of a scanner', async () => {
    const uploaded = await upload('learner', pdf('Diplôme de bachelier infirmier'));
    await stack.host.queues.idle();
    expect(await queueLength('diploma-scan')).toBe(0);
    expect((await mine('learner'))?.status).toBe('scanning');

    await deliver(await defenderEvent('diplomas-quarantine', uploaded, 'No threats found'));
    expect((await mine('learner'))?.status).toBe('pending_review');
    expect(await exists('diplomas-quarantine', uploaded)).toBe(false);
    expect(await exists('diplomas', uploaded)).toBe(true);
    const review = (await (
      await stack.call('admin', 'GET', 'manage/diplomas?status=pending_review')
    ).json()) as {
      items: Diploma[];
    };
    expect(review.items.map((d) => d.id)).toContain(uploaded.id);

    // Defender also scans the reviewed copy: that result is about another blob and changes nothing.
    await deliver(await defenderEvent('diplomas', uploaded, 'Malicious', ['Virus:DOS/EICAR_Test_File']));
    expect((await mine('learner'))?.status).toBe('pending_review');
    expect(await exists('diplomas', uploaded)).toBe(true);
    expect(await alertsAbout(uploaded.id)).toEqual([]);
  });

  it('a malicious result deletes the file, the learner sees the refusal, every admin is alerted once', async () => {
    const uploaded = await upload('otherLearner', Buffer.concat([pdf('attachment'), eicarTestFile()]));
    await stack.host.queues.idle();
    const event = await defenderEvent('diplomas-quarantine', uploaded, 'Malicious', [
      'Virus:DOS/EICAR_Test_File',
    ]);
    await deliver(event);
    expect((await mine('otherLearner'))?.status).toBe('infected');
    for (const container of ['diplomas-quarantine', 'diplomas'])
      expect(await exists(container, uploaded)).toBe(false);
    const link = await stack.call('admin', 'POST', `manage/diplomas/${uploaded.userId}/${uploaded.id}/link`);
    expect(link.status).toBe(404);

    // Event Grid delivers at least once: the same event again changes nothing and alerts nobody again.
    await deliver(event);
    const alerts = await alertsAbout(uploaded.id);
    // The same email as the clamd path, with Defender's malware name and none of the learner's data.
    expect(alerts.map((message) => message.Subject)).toEqual([
      'Alerte sécurité : un diplôme infecté a été supprimé',
    ]);
    expect(alerts[0]?.TextBody).toContain('Virus:DOS/EICAR_Test_File');
    expect(alerts[0]?.TextBody).not.toContain('@demo.soins.plus');

    // The learner may upload a clean file again.
    await upload('otherLearner', pdf('clean'));
  });

  it('a failed scan leaves the upload scanning; invalid and unknown events are dropped without retries', async () => {
    const uploaded = await upload('trainer', pdf('trainer diploma'));
    await stack.host.queues.idle();
    await deliver(
      await defenderEvent(
        'diplomas-quarantine',
        uploaded,
        'SAM259201: Scan failed - internal service error.',
      ),
    );
    expect((await mine('trainer'))?.status).toBe('scanning');
    expect(await exists('diplomas-quarantine', uploaded)).toBe(true);

    await deliver({ eventType: 'Microsoft.Storage.BlobCreated', data: { url: 'x' } });
    await deliver(
      await defenderEvent(
        'diplomas-quarantine',
        { userId: uploaded.userId, id: 'no-such-upload-id' },
        'Malicious',
      ),
    );
    // Nothing dead-lettered: invalid events and unknown blobs are dropped, not retried.
    const deadLettered = await LocalDeadLetterStore.fromConnectionString(
      emulators.storageConnectionString,
    ).list('diploma-scan-results', 10);
    expect(deadLettered.count).toBe(0);
    expect((await mine('trainer'))?.status).toBe('scanning');
  });

  it('the stalled-scan timer reports a scan with no result and requests nothing', async () => {
    const userId = stack.idOf('admin');
    const id = `stuck-${crypto.randomUUID()}`;
    await blobs()
      .getContainerClient('diplomas-quarantine')
      .getBlockBlobClient(`${userId}/${id}`)
      .uploadData(pdf('stuck'));
    const cosmos = emulatorCosmosClient(emulators);
    await cosmos
      .database(database)
      .container('diplomas')
      .items.create({
        id,
        userId,
        status: 'scanning',
        contentType: 'application/pdf',
        sizeBytes: 30,
        uploadedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
        schemaVersion: 1,
      });
    const fired = await fetch(`${stack.host.url}/admin/functions/diploma-scan-overdue`, {
      method: 'POST',
      body: '{}',
    });
    expect(fired.status).toBe(202);
    await stack.host.queues.idle();
    expect(await queueLength('diploma-scan')).toBe(0);
    expect(await mine('admin')).toMatchObject({ id, status: 'scanning' });
    // Defender's result, once it arrives, still applies.
    await deliver(await defenderEvent('diplomas-quarantine', { userId, id }, 'No threats found'));
    expect(await mine('admin')).toMatchObject({ id, status: 'pending_review' });
  });
});
