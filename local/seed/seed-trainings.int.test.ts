import type { Database } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bootstrapManifestContainers } from '../../tests/support/manifest-containers';
import { CosmosTrainingRepository } from '../../api/src/adapters/cosmos/training-repository';
import { seedTrainings } from './seed-trainings';
import { demoTrainings } from './trainings';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

// The seed against Cosmos and Azurite: everything written once, nothing on a second run.
const emulators = inject('emulators');
const databaseName = 'soins-seed-trainings-it';
const cosmos = emulatorCosmosClient(emulators);
let database: Database;
let trainings: CosmosTrainingRepository;

beforeAll(async () => {
  await bootstrapManifestContainers(cosmos, databaseName, ['trainings'], emulators.storageConnectionString);
  database = cosmos.database(databaseName);
  trainings = new CosmosTrainingRepository(cosmos, databaseName);
});

afterAll(async () => {
  await database.delete().catch(() => undefined);
  cosmos.dispose();
});

describe('seedTrainings', () => {
  it('publishes the demo trainings with their banks and clips, then is a no-op', async () => {
    let invalidations = 0;
    const invalidate = () => {
      invalidations++;
      return Promise.resolve();
    };
    const chapters = demoTrainings.reduce((sum, seed) => sum + seed.content.chapters.length, 0);
    const container = BlobServiceClient.fromConnectionString(
      emulators.storageConnectionString,
    ).getContainerClient('videos');
    // Another test may have uploaded the clips already: count what this run must upload.
    await container.createIfNotExists();
    let missing = 0;
    for (const seed of demoTrainings) {
      for (const chapter of seed.content.chapters) {
        for (const name of Object.values(chapter.video)) {
          if (!(await container.getBlockBlobClient(name).exists())) missing++;
        }
      }
    }

    const first = await seedTrainings({
      trainings,
      storageConnectionString: emulators.storageConnectionString,
      invalidate,
    });
    expect(first).toEqual({
      trainingsWritten: demoTrainings.length,
      banksWritten: demoTrainings.length,
      videosUploaded: missing,
    });
    expect(invalidations).toBe(1);
    const published = await trainings.listPublished();
    expect(published.map((t) => t.id).sort()).toEqual(demoTrainings.map((s) => s.id).sort());
    for (const seed of demoTrainings) expect(await trainings.questions(seed.id)).toHaveLength(10);
    const clip = await container.getBlockBlobClient('hand-hygiene/five-moments.nl.mp4').getProperties();
    expect(clip.contentType).toBe('video/mp4');
    expect(chapters * 2).toBeGreaterThanOrEqual(missing);

    const publishedAt = (await trainings.get('hand-hygiene'))?.publishedAt;
    const second = await seedTrainings({
      trainings,
      storageConnectionString: emulators.storageConnectionString,
      invalidate,
      now: () => new Date('2030-01-01T00:00:00Z'),
    });
    expect(second).toEqual({ trainingsWritten: 0, banksWritten: 0, videosUploaded: 0 });
    expect(invalidations).toBe(1);
    expect((await trainings.get('hand-hygiene'))?.publishedAt).toBe(publishedAt);
  });

  it('republishes a demo training an admin unpublished, keeping the rest', async () => {
    const stored = await trainings.get('chronic-wound-care');
    if (!stored) throw new Error('not seeded');
    await trainings.save({ ...stored, status: 'draft' });
    const report = await seedTrainings({
      trainings,
      storageConnectionString: emulators.storageConnectionString,
    });
    expect(report).toEqual({ trainingsWritten: 1, banksWritten: 0, videosUploaded: 0 });
    expect((await trainings.get('chronic-wound-care'))?.status).toBe('published');
  });
});
