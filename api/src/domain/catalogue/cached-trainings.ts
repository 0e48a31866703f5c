// The training store with its point reads (`get`) through the catalogue's cache: one learner request (player,
// quiz, certificate) read the same training document up to four times from Cosmos. Every write through this
// store drops the cache; edits read `getVersioned`, which always goes to the store.
import { trainingSchema, type Question, type Training } from '@soins/shared';
import type { Versioned } from '../ports';
import { cachePrefixes, cacheTtlSeconds, type ReadThroughCache } from './cache';
import type { QuizSnapshot, TrainingStore } from './ports';

const trainingKey = (trainingId: string): string => `${cachePrefixes.catalogue}training:${trainingId}:v1`;

/**
 * A training is served from the cache for at most `cacheTtlSeconds`. The key is under the catalogue's
 * prefix, so every change made on this instance (admin routes, seeding, this store's writes) drops it with
 * the catalogue; another instance's change is seen within the time to live, as for the catalogue itself.
 */
export class CachedTrainingStore implements TrainingStore {
  constructor(
    private readonly deps: {
      store: TrainingStore;
      cache: ReadThroughCache;
    },
  ) {}

  get(trainingId: string): Promise<Training | undefined> {
    return this.deps.cache.getOrCompute(
      trainingKey(trainingId),
      { ttlSeconds: cacheTtlSeconds, parse: (value) => trainingSchema.parse(value) },
      () => this.deps.store.get(trainingId),
    );
  }

  getVersioned(trainingId: string): Promise<Versioned<Training> | undefined> {
    return this.deps.store.getVersioned(trainingId);
  }

  listPublished(): Promise<Training[]> {
    return this.deps.store.listPublished();
  }

  listAll(): Promise<Training[]> {
    return this.deps.store.listAll();
  }

  questions(trainingId: string, known?: { readonly training: Training }): Promise<Question[]> {
    return this.deps.store.questions(trainingId, known);
  }

  snapshot(trainingId: string, revision: string): Promise<QuizSnapshot | undefined> {
    return this.deps.store.snapshot(trainingId, revision);
  }

  save(training: Training): Promise<void> {
    return this.changed(this.deps.store.save(training));
  }

  create(training: Training): Promise<string | undefined> {
    return this.changed(this.deps.store.create(training));
  }

  replace(training: Training, etag: string): Promise<string | undefined> {
    return this.changed(this.deps.store.replace(training, etag));
  }

  replaceQuestions(trainingId: string, questions: readonly Question[]): Promise<void> {
    return this.changed(this.deps.store.replaceQuestions(trainingId, questions));
  }

  createSnapshot(snapshot: QuizSnapshot): Promise<void> {
    return this.deps.store.createSnapshot(snapshot);
  }

  deleteSnapshot(trainingId: string, revision: string): Promise<void> {
    return this.deps.store.deleteSnapshot(trainingId, revision);
  }

  /** The write's result, once the cached trainings (and the catalogue listing) are dropped. */
  private async changed<T>(write: Promise<T>): Promise<T> {
    const result = await write;
    await this.deps.cache.invalidatePrefix(cachePrefixes.catalogue);
    return result;
  }
}
