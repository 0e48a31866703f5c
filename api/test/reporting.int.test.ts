// Exports end to end on the real stack: the api bundle in the local Functions host, Cosmos emulator,
// Azurite (queue, private `exports` container, read-only links) and the Postmark simulator's outbox.
import type { CosmosClient } from '@azure/cosmos';
import { exportJobSchema, problemSchema, type ExportJob, type Training } from '@soins/shared';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack } from '../../tests/support/api-stack';
import { CosmosHoursLedger } from '../src/adapters/cosmos/hours-ledger';
import { quizTraining } from './fakes/quiz-fakes';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
const database = 'soins-reporting';
let stack: ApiStack;
let cosmos: CosmosClient;

const training: Training = { ...quizTraining('report-hygiene'), free: true };
const emptyTraining: Training = { ...quizTraining('report-empty'), free: true };

beforeAll(async () => {
  stack = await startApiStack(emulators, database);
  cosmos = emulatorCosmosClient(emulators);
  await stack.composition.trainings.save(training);
  await stack.composition.trainings.save(emptyTraining);
  for (const caller of ['learner', 'otherLearner'] as const) {
    expect((await stack.call(caller, 'POST', `me/trainings/${training.id}/enrolment`)).status).toBe(200);
  }
  // The learner passed the quiz (the attempt as the quiz module stores it, reduced to what reports read).
  await cosmos
    .database(database)
    .container('learning')
    .items.upsert({
      id: `attempt:${training.id}.1`,
      kind: 'quiz-attempt',
      userId: stack.idOf('learner'),
      trainingId: training.id,
      status: 'passed',
      submittedAt: '2026-11-20T10:00:00Z',
    });
  expect(
    (await stack.call('learner', 'PUT', 'me/inami', { json: { inami: '4.12345.81.401' } })).status,
  ).toBeLessThan(300);
  await new CosmosHoursLedger(cosmos, database).record({
    id: 'certificate:c-report-1',
    userId: stack.idOf('learner'),
    source: 'certificate',
    documentId: 'c-report-1',
    verificationCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
    trainingId: training.id,
    trainingTitle: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
    organiser: 'SOINS+',
    startedOn: '2026-11-18',
    completedOn: '2026-11-20',
    hours: 1.5,
  });
}, 420_000);

afterAll(async () => {
  await stack.stop();
});

async function startExport(body: Record<string, unknown>): Promise<{ status: number; job: ExportJob }> {
  const response = await stack.call('admin', 'POST', 'manage/reports/exports', {
    json: { clientKey: randomUUID(), language: 'fr', ...body },
  });
  return { status: response.status, job: exportJobSchema.parse(await response.json()) };
}

async function finished(id: string): Promise<{ job: ExportJob; seen: Set<string> }> {
  const seen = new Set<string>();
  for (let i = 0; i < 240; i += 1) {
    const response = await stack.call('admin', 'GET', `manage/reports/exports/${id}`);
    expect(response.status).toBe(200);
    const job = exportJobSchema.parse(await response.json());
    seen.add(job.status);
    if (job.status === 'done' || job.status === 'failed') return { job, seen };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('export did not finish');
}

async function download(id: string): Promise<{ bytes: Buffer; expiresAt: string; headers: Headers }> {
  const response = await stack.call('admin', 'POST', `manage/reports/exports/${id}/download`);
  expect(response.status).toBe(200);
  const link = (await response.json()) as { url: string; expiresAt: string };
  const file = await fetch(link.url);
  expect(file.status).toBe(200);
  return { bytes: Buffer.from(await file.arrayBuffer()), expiresAt: link.expiresAt, headers: file.headers };
}

describe('reporting exports', { timeout: 120_000 }, () => {
  it('participants of a training as CSV: job, progress, file, short-lived link, e-mail', async () => {
    const clientKey = randomUUID();
    const body = {
      kind: 'training-participants',
      trainingId: training.id,
      format: 'csv',
      language: 'fr',
      clientKey,
    };
    const first = await stack.call('admin', 'POST', 'manage/reports/exports', { json: body });
    expect(first.status).toBe(202);
    const job = exportJobSchema.parse(await first.json());
    // The same click again (same client key) is the same export.
    const again = await stack.call('admin', 'POST', 'manage/reports/exports', { json: body });
    expect(again.status).toBe(200);
    expect(exportJobSchema.parse(await again.json()).id).toBe(job.id);

    const { job: done } = await finished(job.id);
    expect(done).toMatchObject({ status: 'done', rows: 2, total: 2, percent: 100, empty: false });
    const listed = (await (await stack.call('admin', 'GET', 'manage/reports/exports')).json()) as {
      items: ExportJob[];
    };
    expect(listed.items.map((j) => j.id)).toContain(job.id);

    const { bytes, expiresAt, headers } = await download(job.id);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(6 * 60_000);
    expect(headers.get('content-disposition')).toContain(done.fileName);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      'Nom;Prénom;Profession;Inscrit·e le;Progression (%);Terminée le;Quiz réussi;Quiz réussi le;Code de l’attestation',
    );
    expect(lines).toHaveLength(3);
    const passed = lines.slice(1).filter((line) => line.split(';')[6] === 'oui');
    expect(passed).toHaveLength(1);
    expect(passed[0]?.split(';')[7]).toBe('2026-11-20');

    // Only its owner sees the job (jobs are per admin); other callers are refused by role.
    expect((await stack.call('learner', 'GET', `manage/reports/exports/${job.id}`)).status).toBe(403);

    let outbox: { Tag?: string; Subject?: string }[] = [];
    for (let i = 0; i < 80 && !outbox.some((m) => m.Tag === 'export_ready'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      outbox = (await (
        await fetch(`${emulators.mailSinkUrl}/api/messages?to=${encodeURIComponent('admin@demo.soins.plus')}`)
      ).json()) as { Tag?: string; Subject?: string }[];
    }
    expect(outbox.filter((m) => m.Tag === 'export_ready').length).toBeGreaterThanOrEqual(1);
  });

  it('an export with no rows is a clear empty result, not an error', async () => {
    const { status, job } = await startExport({
      kind: 'training-participants',
      trainingId: emptyTraining.id,
      format: 'csv',
    });
    expect(status).toBe(202);
    const { job: done, seen } = await finished(job.id);
    expect(seen.has('failed')).toBe(false);
    expect(done).toMatchObject({ status: 'done', rows: 0, empty: true });
    const { bytes } = await download(job.id);
    expect(bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  it('the yearly hours report carries the accreditation fields, with the INAMI number in clear', async () => {
    const { job } = await startExport({ kind: 'yearly-hours', year: 2026, format: 'csv', language: 'nl' });
    const { job: done } = await finished(job.id);
    expect(done.status).toBe('done');
    const lines = (await download(job.id)).bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      'Naam;Voornaam;Beroep;RIZIV-nummer;Opleiding;Organisator;Begin;Voltooid op;Uren;Type;Verificatiecode',
    );
    const mine = lines.find((line) => line.includes('Handhygiëne'));
    expect(mine?.split(';').slice(3, 10)).toEqual([
      '4-12345-81-401',
      'Handhygiëne',
      'SOINS+',
      '2026-11-18',
      '2026-11-20',
      '1,5',
      'Online opleiding',
    ]);
  });

  it('completion and pass rates as a PDF', async () => {
    const { job } = await startExport({ kind: 'training-rates', format: 'pdf' });
    const { job: done } = await finished(job.id);
    expect(done.status).toBe('done');
    const { bytes, headers } = await download(job.id);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(headers.get('content-type')).toBe('application/pdf');
  });

  it('refuses an unknown training (404), a reused key for another export (409), bad input (400)', async () => {
    const unknown = await stack.call('admin', 'POST', 'manage/reports/exports', {
      json: {
        kind: 'training-participants',
        trainingId: 'no-such-training',
        format: 'csv',
        language: 'fr',
        clientKey: randomUUID(),
      },
    });
    expect(unknown.status).toBe(404);
    const clientKey = randomUUID();
    await stack.call('admin', 'POST', 'manage/reports/exports', {
      json: { kind: 'training-rates', format: 'csv', language: 'fr', clientKey },
    });
    const reused = await stack.call('admin', 'POST', 'manage/reports/exports', {
      json: { kind: 'training-rates', format: 'pdf', language: 'fr', clientKey },
    });
    expect(reused.status).toBe(409);
    const bad = await stack.call('admin', 'POST', 'manage/reports/exports', {
      json: { kind: 'yearly-hours', year: 'last', format: 'xls', language: 'fr', clientKey: randomUUID() },
    });
    expect(bad.status).toBe(400);
    const paths = (problemSchema.parse(await bad.json()).errors ?? []).map((e) => e.path).sort();
    expect(paths).toEqual(['format', 'year']);
  });
});
