// Quiz passed → certificate, end to end through the api bundle in the local host: the request queue,
// the Durable orchestration (with injected activity failures), Cosmos, Blob Storage, the email queue
// and the mail sink, then the learner's, the public's and the admin's routes.
import { BlobServiceClient } from '@azure/storage-blob';
import {
  certificatePdfLinkSchema,
  certificateRetrySchema,
  hoursLedgerSchema,
  myCertificatesSchema,
  notificationListSchema,
  problemSchema,
  verificationViewSchema,
  type CertificateListItem,
} from '@soins/shared';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctionsHost } from '../../local/functions-host/host';
import { startApiStack, type ApiStack } from '../../tests/support/api-stack';
import { shiftApiClock } from '../../tests/support/clock';
import { certificateIdFor, certificateInstanceId } from '../src/domain/certificates/model';
import type { PassedTraining } from '../src/domain/certificates/request-port';
import { training } from './certificate-fakes';

const emulators = inject('emulators');
let stack: ApiStack;
const suffix = Math.random().toString(36).slice(2, 8);
const wound = training({ id: `wound-${suffix}`, trainingId: `wound-${suffix}`, accreditedHours: 2.5 });
const restart = training({ id: `restart-${suffix}`, trainingId: `restart-${suffix}` });
const late = training({
  id: `late-${suffix}`,
  trainingId: `late-${suffix}`,
  title: { fr: 'Douleur aiguë', nl: 'Acute pijn' },
});

beforeAll(async () => {
  // Read by the api's config when the host loads the bundle (test only; refused in Azure).
  process.env.FAULT_INJECTION = 'certificate-store:2,certificate-email-after:1';
  process.env.CERTIFICATE_RETRY_FIRST_INTERVAL_MS = '100';
  stack = await startApiStack(emulators, 'soins-certificates', { approvedDiplomas: true });
  await stack.composition.trainings.save(wound);
  await stack.composition.trainings.save(restart);
}, 120_000);

afterAll(async () => {
  delete process.env.FAULT_INJECTION;
  delete process.env.CERTIFICATE_RETRY_FIRST_INTERVAL_MS;
  await stack.stop();
});

interface SinkMessage {
  id: string;
  To: string;
  Subject: string;
  Metadata?: Record<string, string>;
  Attachments: { Name: string; ContentType: string; ContentLength: number; url: string }[];
}

async function sinkMessagesFor(key: string): Promise<SinkMessage[]> {
  const all = (await (await fetch(`${emulators.mailSinkUrl}/api/messages`)).json()) as SinkMessage[];
  return all.filter((m) => m.Metadata?.idempotencyKey === key);
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'certificate-int-'));
  try {
    writeFileSync(join(dir, 'c.pdf'), bytes);
    return execFileSync('pdftotext', [join(dir, 'c.pdf'), '-']).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function myCertificates(): Promise<CertificateListItem[]> {
  const response = await stack.call('learner', 'GET', 'me/certificates');
  expect(response.status).toBe(200);
  return myCertificatesSchema.parse(await response.json()).items;
}

const passedFor = (trainingId: string): PassedTraining => ({
  userId: stack.idOf('learner'),
  trainingId,
  attemptId: `attempt-${trainingId}`,
  passedAt: '2026-11-20T10:00:00.000Z',
  scorePercent: 85,
});

describe('quiz passed → certificate', () => {
  let certificate: CertificateListItem;
  let pdf: Buffer;

  it('issues exactly one certificate, one PDF and one email despite failing activities and a double request', async () => {
    const passed = passedFor(wound.trainingId);
    await stack.composition.certificateRequests.request(passed);
    await stack.composition.certificateRequests.request(passed);

    const instanceId = certificateInstanceId(passed.userId, passed.trainingId);
    const instance = await until(() => stack.host.durable.getStatus(instanceId), 'the orchestration');
    const done = await stack.host.durable.waitForCompletion(instance.instanceId, 45_000);
    expect(done.runtimeStatus).toBe('Completed');
    // The injected faults really happened: 2 failed PDF stores, 1 email activity failing after its send.
    const history = (await stack.host.durable.getStatus(instanceId, { showHistory: true }))?.history ?? [];
    expect(history.filter((event) => event.EventType === 6)).toHaveLength(3);

    const certificateId = await certificateIdFor(passed.userId, passed.trainingId);
    const key = `certificate:${certificateId}`;
    const [message] = await until(async () => {
      const found = await sinkMessagesFor(key);
      return found.length > 0 ? found : undefined;
    }, 'the certificate email');
    await stack.host.queues.idle();
    expect(await sinkMessagesFor(key)).toHaveLength(1);

    const items = await myCertificates();
    expect(items.filter((c) => c.trainingId === wound.trainingId)).toHaveLength(1);
    certificate = items.find((c) => c.trainingId === wound.trainingId) as CertificateListItem;
    expect(certificate).toMatchObject({
      id: certificateId,
      trainingTitle: 'Soins des plaies chroniques',
      hours: 2.5,
      completedAt: passed.passedAt,
      status: 'valid',
      pdfReady: true,
    });

    const blobs = BlobServiceClient.fromConnectionString(emulators.storageConnectionString)
      .getContainerClient('certificates')
      .listBlobsFlat({ prefix: `${passed.userId}/${certificateId}` });
    const names: string[] = [];
    for await (const blob of blobs) names.push(blob.name);
    expect(names).toEqual([`${passed.userId}/${certificateId}.pdf`]);

    expect(message?.Attachments).toHaveLength(1);
    expect(message?.Attachments[0]).toMatchObject({
      Name: `attestation-${wound.trainingId}.pdf`,
      ContentType: 'application/pdf',
    });
    pdf = Buffer.from(await (await fetch(message?.Attachments[0]?.url ?? '')).arrayBuffer());
    const text = pdfText(pdf);
    expect(text).toContain('Marie');
    expect(text).toContain('Soins des plaies chroniques');
    expect(text).toContain('2,5 h');
    expect(text).toContain(certificate.verificationCode);

    // The email activity ran twice (it failed after its effect): one "certificate ready" notification.
    const notified = await stack.call('learner', 'GET', 'me/notifications');
    expect(
      notificationListSchema
        .parse(await notified.json())
        .items.filter((n) => n.subject.kind === 'certificate-ready')
        .map((n) => n.subject),
    ).toEqual([
      {
        kind: 'certificate-ready',
        certificateId,
        trainingId: wound.trainingId,
        trainingTitle: wound.title,
      },
    ]);
  }, 90_000);

  it('gives the owner a short-lived read-only link, and another learner a 404', async () => {
    const response = await stack.call('learner', 'GET', `me/certificates/${certificate.id}/pdf`);
    expect(response.status).toBe(200);
    const link = certificatePdfLinkSchema.parse(await response.json());
    const lifetime = Date.parse(link.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(5 * 60_000);
    const file = await fetch(link.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await fetch(link.url, { method: 'DELETE' })).status).toBe(403);

    const other = await stack.call('otherLearner', 'GET', `me/certificates/${certificate.id}/pdf`);
    expect(other.status).toBe(404);
    expect(problemSchema.parse(await other.json()).code).toBe('not_found');
    expect((await stack.call('learner', 'GET', 'me/certificates/not-an-id/pdf')).status).toBe(404);
  });

  it('verifies publicly with the minimum, unknown or malformed codes answer unknown', async () => {
    const response = await stack.call('anonymous', 'GET', `verify/${certificate.verificationCode}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'completedAt',
      'holderName',
      'hours',
      'kind',
      'status',
      'training',
    ]);
    expect(verificationViewSchema.parse(body)).toMatchObject({
      status: 'valid',
      training: 'Soins des plaies chroniques',
      hours: 2.5,
    });
    for (const code of ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'nope', '%27%20OR%201%3D1', 'a'.repeat(300)]) {
      const unknown = await stack.call('anonymous', 'GET', `verify/${code}`);
      expect(unknown.status).toBe(200);
      expect(await unknown.json()).toEqual({ status: 'unknown' });
    }
  });

  it('rate-limits verification per client address with 429 and Retry-After', async () => {
    // The limiter keys on the entry the Static Web Apps edge appends (second from the right, before
    // the front end's): each simulated client differs there, and a spoofed first entry changes nothing.
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    // A burst of 30 passes; tokens come back at 1 per 2 s, so the next ones are refused. The api's
    // clock stands still during the burst, so no token comes back however long the requests take.
    const clock = shiftApiClock();
    clock.freeze();
    let allowed = 0;
    let limited: Response | undefined;
    try {
      while (!limited && allowed < 40) {
        const response = await stack.call('anonymous', 'GET', `verify/${certificate.verificationCode}`, {
          headers: { 'x-forwarded-for': `192.0.2.${allowed + 1}, ${address}, 52.175.64.109` },
        });
        if (response.status === 429) limited = response;
        else if (response.status === 200) allowed++;
        else throw new Error(`unexpected ${response.status}`);
      }
      expect(allowed).toBe(30);
      // Two seconds later, one more.
      clock.advance(2_000);
      const refilled = await stack.call('anonymous', 'GET', `verify/${certificate.verificationCode}`, {
        headers: { 'x-forwarded-for': `192.0.2.99, ${address}, 52.175.64.109` },
      });
      expect(refilled.status).toBe(200);
    } finally {
      clock.restore();
    }
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(problemSchema.parse(await limited?.json()).code).toBe('rate_limited');
    // Another address is not affected, even when its spoofable first entry names the limited one.
    const other = await stack.call('anonymous', 'GET', `verify/${certificate.verificationCode}`, {
      headers: { 'x-forwarded-for': `${address}, 203.0.113.250, 52.175.64.109` },
    });
    expect(other.status).toBe(200);
  });

  it('counts the hours in the ledger', async () => {
    const response = await stack.call('learner', 'GET', 'me/hours');
    expect(response.status).toBe(200);
    const ledger = hoursLedgerSchema.parse(await response.json());
    expect(ledger.years.find((y) => y.year === 2026)?.hours).toBeGreaterThanOrEqual(2.5);
  });

  it('an admin revokes; verification then says revoked; a second revocation changes nothing', async () => {
    const path = `manage/certificates/${stack.idOf('learner')}/${certificate.id}/revocation`;
    expect((await stack.call('admin', 'POST', path, { json: { reason: '' } })).status).toBe(400);
    const revoked = await stack.call('admin', 'POST', path, { json: { reason: 'Fraude au quiz' } });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { status: string }).status).toBe('revoked');
    const view = await stack.call('anonymous', 'GET', `verify/${certificate.verificationCode}`, {
      headers: { 'x-forwarded-for': '203.0.113.251, 52.175.64.109' },
    });
    expect(((await view.json()) as { status: string }).status).toBe('revoked');
    // Its PDF is no longer handed out.
    const pdf = await stack.call('learner', 'GET', `me/certificates/${certificate.id}/pdf`);
    expect(pdf.status).toBe(409);
    expect(problemSchema.parse(await pdf.json())).toMatchObject({
      code: 'conflict',
      detail: 'this certificate has been revoked',
    });
    expect((await stack.call('admin', 'POST', path, { json: { reason: 'Autre' } })).status).toBe(200);
  });

  it('a failed workflow fails visibly and an operator re-drives it to exactly one certificate', async () => {
    const passed = passedFor(late.trainingId);
    // The training does not exist yet: the issue activity fails every attempt.
    await stack.composition.certificateRequests.request(passed);
    const instanceId = certificateInstanceId(passed.userId, passed.trainingId);
    await until(() => stack.host.durable.getStatus(instanceId), 'the orchestration');
    expect((await stack.host.durable.waitForCompletion(instanceId, 45_000)).runtimeStatus).toBe('Failed');

    await stack.composition.trainings.save(late);
    const retry = await stack.call(
      'admin',
      'POST',
      `manage/certificates/${passed.userId}/${late.trainingId}/retry`,
    );
    expect(retry.status).toBe(202);
    expect(certificateRetrySchema.parse(await retry.json()).instanceId).toBe(instanceId);
    await until(async () => {
      const status = await stack.host.durable.getStatus(instanceId);
      return status?.runtimeStatus === 'Completed' ? status : undefined;
    }, 'the re-driven orchestration');
    const key = `certificate:${await certificateIdFor(passed.userId, passed.trainingId)}`;
    await until(async () => ((await sinkMessagesFor(key)).length > 0 ? true : undefined), 'the email');

    // Re-driving a completed workflow does nothing more.
    const again = await stack.call(
      'admin',
      'POST',
      `manage/certificates/${passed.userId}/${late.trainingId}/retry`,
    );
    expect(again.status).toBe(202);
    await stack.host.queues.idle();
    expect(await sinkMessagesFor(key)).toHaveLength(1);
    expect((await myCertificates()).filter((c) => c.trainingId === late.trainingId)).toHaveLength(1);

    const unknown = await stack.call(
      'admin',
      'POST',
      `manage/certificates/${passed.userId}/never-requested/retry`,
    );
    expect(unknown.status).toBe(404);
  }, 120_000);

  it('survives a host restart in the middle of the orchestration', async () => {
    const passed = passedFor(restart.trainingId);
    const instanceId = certificateInstanceId(passed.userId, passed.trainingId);
    await stack.composition.certificateRequests.request(passed);
    // Stop as soon as the orchestration runs (the PDF step is failing and retrying on durable timers).
    await until(async () => {
      const status = await stack.host.durable.getStatus(instanceId);
      return status?.runtimeStatus === 'Running' ? status : undefined;
    }, 'the running orchestration');
    await stack.host.stop();

    // A new host process on the same storage: the same bundle, the same settings.
    const env = Object.fromEntries(
      Object.entries(process.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const next = await startFunctionsHost({
      bundlePath: stack.bundlePath,
      hostJsonPath: join(import.meta.dirname, '..', '..', 'host.json'),
      env,
      port: 0,
      scheduleTimers: false,
      queuePollIntervalMs: 100,
      log: () => undefined,
    });
    try {
      expect((await next.durable.waitForCompletion(instanceId, 60_000)).runtimeStatus).toBe('Completed');
      const key = `certificate:${await certificateIdFor(passed.userId, passed.trainingId)}`;
      await until(async () => ((await sinkMessagesFor(key)).length > 0 ? true : undefined), 'the email');
      await next.queues.idle();
      expect(await sinkMessagesFor(key)).toHaveLength(1);
      const list = await fetch(`${next.url}/api/me/certificates`, {
        headers: { 'x-authorization': `Bearer ${stack.tokenOf('learner') ?? ''}` },
      });
      const items = myCertificatesSchema.parse(await list.json()).items;
      expect(items.filter((c) => c.trainingId === restart.trainingId)).toHaveLength(1);
    } finally {
      await next.stop();
    }
  }, 120_000);
});
