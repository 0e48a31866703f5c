// Data export bench (issue 14): a learner with 50 certificates (real PDFs from the deployed pdf engine),
// 50 enrolments with their chapter progress and quiz attempts, the export job as deployed (BuildExport with
// the Cosmos, Blob and ZIP adapters) against the Cosmos emulator and Azurite: time to build and store the
// archive, and its size. Stripe is not in the path (the invoices source answers an empty list): its
// latency is the provider's. Figures, not assertions.
//
// Run: npm run build:api && node --import tsx bench/privacy-export.ts
import { CosmosClient } from '@azure/cosmos';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapResources } from '../api/src/adapters/bootstrap';
import { certificateDocument } from '../api/src/adapters/pdf/certificate-document';
import type { PdfEngine } from '../api/src/adapters/pdf/engine';
import { CosmosExportStore } from '../api/src/adapters/cosmos/privacy-requests';
import { StoragePersonalDataReader } from '../api/src/adapters/privacy/personal-data-reader';
import { resources } from '../api/src/adapters/resources';
import { createBlobStorage } from '../api/src/adapters/storage/connection';
import { BlobExportFiles } from '../api/src/adapters/storage/export-files';
import { BuildExport } from '../api/src/domain/privacy/export';
import { findFreePort, repoRoot } from '../local/lib/service';
import { startAzurite } from '../local/services/azurite';
import { startCosmos } from '../local/services/cosmos';

const CERTIFICATES = 50;
const RUNS = 3;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function main(): Promise<void> {
  const root = repoRoot();
  const dataDir = mkdtempSync(join(tmpdir(), 'soins-bench-export-'));
  const [blobPort, queuePort, tablePort, cosmosPort] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
  const azurite = await startAzurite({ blobPort, queuePort, tablePort, dataDir: join(dataDir, 'azurite') });
  const cosmos = await startCosmos({ port: cosmosPort, dataDir: join(dataDir, 'cosmos') });
  try {
    const database = 'soins-bench-export';
    const client = new CosmosClient({
      endpoint: cosmos.endpoint,
      key: cosmos.key,
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    const storage = createBlobStorage({ kind: 'key', connectionString: azurite.connectionString });
    await bootstrapResources(
      { ...resources, cosmos: { ...resources.cosmos, database } },
      { cosmos: client, blobs: storage, queues: undefined },
    );
    const engine = (
      createRequire(import.meta.url)(join(root, 'api', 'dist', 'pdf-worker.cjs')) as {
        createPdfEngine(): PdfEngine;
      }
    ).createPdfEngine();

    const userId = 'u_bench_export';
    const db = client.database(database);
    await db.container('users').items.create({
      id: userId,
      issuer: 'https://bench.idp',
      subject: userId,
      email: 'bench@example.be',
      displayName: 'Marie Bench',
      roles: ['learner'],
      language: 'fr',
      status: 'active',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      schemaVersion: 1,
    });
    const certificates = await storage.container('certificates');
    let pdfBytes = 0;
    for (let i = 0; i < CERTIFICATES; i++) {
      const trainingId = `training-${String(i).padStart(2, '0')}`;
      const certificateId = `c-bench${String(i).padStart(17, '0')}`;
      const pdf = await engine.render(
        certificateDocument({
          language: 'fr',
          holderName: 'Marie Bench',
          inami: '4-12345-81-401',
          trainingTitle: `Formation ${String(i)} : soins des plaies chroniques`,
          hours: 1.5,
          organiser: 'SOINS+ asbl',
          completedAt: '2026-11-20T10:00:00Z',
          issuedAt: '2026-11-20T10:00:05Z',
          verificationCode: 'K7Q2M4XRB5TZ3WNHJ6PCVD2GFL7YSAE4',
          verifyUrl: 'https://soins.plus/verify/K7Q2M4XRB5TZ3WNHJ6PCVD2GFL7YSAE4',
        }),
      );
      pdfBytes += pdf.byteLength;
      await certificates.getBlockBlobClient(`${userId}/${certificateId}.pdf`).uploadData(pdf);
      await db.container('certificates').items.create({
        id: certificateId,
        kind: 'certificate',
        userId,
        trainingId,
        holderName: 'Marie Bench',
        trainingTitle: `Formation ${String(i)}`,
        hours: 1.5,
        verificationCode: 'K7Q2M4XRB5TZ3WNHJ6PCVD2GFL7YSAE4',
        pdfBlobName: `${userId}/${certificateId}.pdf`,
        schemaVersion: 1,
      });
      await db
        .container('learning')
        .items.create({ id: `enrolment:${trainingId}`, kind: 'enrolment', userId, trainingId });
      for (let c = 0; c < 4; c++) {
        await db.container('learning').items.create({
          id: `progress:${trainingId}:ch${String(c)}`,
          kind: 'progress',
          userId,
          trainingId,
          chapterId: `ch${String(c)}`,
          intervals: [[0, 300]],
          position: 300,
        });
      }
      await db.container('learning').items.create({
        id: `attempt:${trainingId}.1`,
        kind: 'quiz-attempt',
        userId,
        trainingId,
        status: 'passed',
        questions: Array.from({ length: 5 }, (_, q) => ({
          questionId: `q${String(q)}`,
          optionIds: ['a', 'b', 'c'],
          correctOptionIds: ['a'],
        })),
        answers: Array.from({ length: 5 }, (_, q) => ({ questionId: `q${String(q)}`, optionIds: ['a'] })),
      });
    }

    const store = new CosmosExportStore(client, database);
    const files = new BlobExportFiles(storage);
    const build = new BuildExport({
      store,
      reader: new StoragePersonalDataReader({ cosmos: client, database, blobs: storage }),
      files,
      sources: {
        inami: () => Promise.resolve('4-12345-81-401'),
        invoices: () => Promise.resolve({ ok: true, value: [] }),
      },
      events: { ready: () => Promise.resolve() },
      clock: { now: () => new Date() },
      logger: silent,
    });
    const times: number[] = [];
    let size = 0;
    for (let run = 0; run < RUNS; run++) {
      const exportId = crypto.randomUUID();
      await store.save({ exportId, userId, status: 'queued', requestedAt: new Date().toISOString() });
      const started = performance.now();
      await build.execute({ userId, exportId });
      times.push(performance.now() - started);
      size = (await store.get(userId, exportId))?.sizeBytes ?? 0;
    }
    times.sort((a, b) => a - b);
    const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
    console.log(`export of a learner with ${String(CERTIFICATES)} certificates (Cosmos emulator + Azurite)`);
    console.log(
      `  build and store, median of ${String(RUNS)}: ${(times[Math.floor(RUNS / 2)] ?? NaN).toFixed(0)} ms`,
    );
    console.log(
      `  build and store, fastest / slowest: ${(times[0] ?? NaN).toFixed(0)} / ${(times[RUNS - 1] ?? NaN).toFixed(0)} ms`,
    );
    console.log(`  ZIP size: ${mb(size)} (certificate PDFs alone: ${mb(pdfBytes)})`);
  } finally {
    await cosmos.stop();
    await azurite.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
