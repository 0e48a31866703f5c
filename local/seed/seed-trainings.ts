// Seeds the demo trainings (published, French and Dutch), their question banks and their chapter clips,
// idempotently: documents are written only when they differ from the seed, clips uploaded only when
// missing. Runs with the demo users (`--seed-demo`), so `npm start` shows a working course.
import { BlobServiceClient } from '@azure/storage-blob';
import {
  adminQuestionBankSchema,
  adminTrainingUpsertSchema,
  type ContentLanguage,
  type Question,
  type Training,
} from '@soins/shared';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import type { TrainingRepository } from '../../api/src/domain/catalogue/ports';
import { demoTrainings, videoBlobName, type SeedTraining } from './trainings';

export const seedMediaDir = join(import.meta.dirname, 'media');
const videosContainer = 'videos';

export interface SeedTrainingsReport {
  readonly trainingsWritten: number;
  readonly banksWritten: number;
  readonly videosUploaded: number;
}

/** The stored training a seed entry stands for (publication date kept from the stored one). */
export function trainingFromSeed(seed: SeedTraining, existing: Training | undefined, now: Date): Training {
  const content = adminTrainingUpsertSchema.parse(seed.content);
  return {
    ...content,
    quiz: seed.content.quiz,
    // The bank is the seed's questions, written by `replaceQuestions` (which names the snapshot here).
    ...(existing?.bank ? { bank: existing.bank } : {}),
    id: seed.id,
    trainingId: seed.id,
    kind: 'training',
    status: 'published',
    publishedAt:
      existing?.status === 'published' && existing.publishedAt ? existing.publishedAt : now.toISOString(),
    updatedAt: existing?.updatedAt ?? now.toISOString(),
  };
}

export function questionsFromSeed(seed: SeedTraining): Question[] {
  return adminQuestionBankSchema
    .parse({ questions: seed.questions })
    .questions.map((question) => ({ ...question, trainingId: seed.id, kind: 'question' as const }));
}

const withoutDates = ({ updatedAt: _u, publishedAt: _p, ...rest }: Training) => rest;
const byId = (a: Question, b: Question): number => a.id.localeCompare(b.id);

export async function seedTrainings(deps: {
  trainings: TrainingRepository;
  storageConnectionString: string;
  /** Drops cached catalogue answers after a change. */
  invalidate?: () => Promise<void>;
  now?: () => Date;
  seeds?: readonly SeedTraining[];
}): Promise<SeedTrainingsReport> {
  const now = deps.now ?? (() => new Date());
  const container = BlobServiceClient.fromConnectionString(deps.storageConnectionString).getContainerClient(
    videosContainer,
  );
  await container.createIfNotExists();
  let trainingsWritten = 0;
  let banksWritten = 0;
  let videosUploaded = 0;
  for (const seed of deps.seeds ?? demoTrainings) {
    for (const chapter of seed.content.chapters) {
      for (const language of Object.keys(chapter.video) as ContentLanguage[]) {
        const name = videoBlobName(seed.id, chapter.id, language);
        const blob = container.getBlockBlobClient(name);
        if (await blob.exists()) continue;
        await blob.uploadFile(join(seedMediaDir, name), {
          blobHTTPHeaders: { blobContentType: 'video/mp4', blobCacheControl: 'public, max-age=86400' },
        });
        videosUploaded++;
      }
    }
    const existing = await deps.trainings.get(seed.id);
    const wanted = trainingFromSeed(seed, existing, now());
    if (!existing || !isDeepStrictEqual(withoutDates(existing), withoutDates(wanted))) {
      await deps.trainings.save({ ...wanted, updatedAt: now().toISOString() });
      trainingsWritten++;
    }
    // The bank after the training: a bank is a snapshot the training document points at.
    const questions = questionsFromSeed(seed).sort(byId);
    const stored = (await deps.trainings.questions(seed.id)).sort(byId);
    if (!isDeepStrictEqual(stored, questions)) {
      await deps.trainings.replaceQuestions(seed.id, questions);
      banksWritten++;
    }
  }
  if ((trainingsWritten > 0 || banksWritten > 0) && deps.invalidate) await deps.invalidate();
  return { trainingsWritten, banksWritten, videosUploaded };
}
