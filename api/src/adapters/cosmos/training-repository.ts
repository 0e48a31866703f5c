import { randomUUID } from 'node:crypto';
import type { Container, CosmosClient } from '@azure/cosmos';
import {
  bankRevisionSchema,
  questionSchema,
  quizSettingsSchema,
  trainingSchema,
  type Question,
  type Training,
} from '@soins/shared';
import { z } from 'zod';
import type { QuizSnapshot, TrainingStore } from '../../domain/catalogue/ports';
import { nextBank } from '../../domain/catalogue/publishing';
import type { Versioned } from '../../domain/ports';
import { cosmosStatus } from './errors';

const schemaVersion = 1;
// Quiz snapshots share the training's partition; their document ids are prefixed so they can never
// collide with the training document (whose id is the trainingId).
const snapshotIdPrefix = 'bank:';
const snapshotKind = 'question-bank';
/** Question banks kept in memory per instance (a few KB each). */
const maxKeptSnapshots = 64;

/** The stored fields without Cosmos' system properties (`_rid`, `_etag`…) and our `schemaVersion`. */
function contentFields(doc: unknown): Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null) return {};
  return Object.fromEntries(
    Object.entries(doc).filter(([key]) => !key.startsWith('_') && key !== 'schemaVersion'),
  );
}

function toTraining(doc: unknown): Training {
  return trainingSchema.parse(contentFields(doc));
}

function etagOf(doc: unknown): string {
  const etag = typeof doc === 'object' && doc !== null && '_etag' in doc ? doc._etag : undefined;
  if (typeof etag !== 'string') throw new Error('a Cosmos document without _etag');
  return etag;
}

const snapshotSchema = z.object({
  trainingId: z.string(),
  revision: bankRevisionSchema,
  version: z.number().int().positive(),
  settings: quizSettingsSchema,
  questions: z.array(questionSchema),
  createdAt: z.string(),
});

const byNewestPublishedThenId = (a: Training, b: Training): number =>
  (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || a.id.localeCompare(b.id);

/**
 * Training content partitioned by trainingId: the training document (id = trainingId, kind `training`)
 * and its quiz snapshots (kind `question-bank`, one per saved version of settings and questions) live in
 * one partition, so the course player and the quiz use point reads. The training names its current
 * snapshot (`bank`), so replacing the quiz is one conditional write of the training. Only the catalogue
 * lists across partitions, and its answers are cached.
 */
export class CosmosTrainingRepository implements TrainingStore {
  private readonly container: Container;
  /** Question banks as read, by training and revision (immutable, so never stale). */
  private readonly snapshots = new Map<string, QuizSnapshot>();

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('trainings');
  }

  async get(trainingId: string): Promise<Training | undefined> {
    return (await this.getVersioned(trainingId))?.value;
  }

  async getVersioned(trainingId: string): Promise<Versioned<Training> | undefined> {
    try {
      const { resource, statusCode } = await this.container
        .item(trainingId, trainingId)
        .read<Record<string, unknown>>();
      if (statusCode === 404 || resource === undefined) return undefined;
      return { value: toTraining(resource), etag: etagOf(resource) };
    } catch (error) {
      if (cosmosStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async listPublished(): Promise<Training[]> {
    return this.listWhere("c.kind = 'training' AND c.status = 'published'");
  }

  async listAll(): Promise<Training[]> {
    return this.listWhere("c.kind = 'training'");
  }

  async save(training: Training): Promise<void> {
    const value = trainingSchema.parse(training);
    const bank = value.bank ?? (await this.get(value.id))?.bank;
    await this.container.items.upsert({ ...value, ...(bank ? { bank } : {}), schemaVersion });
  }

  async create(training: Training): Promise<string | undefined> {
    try {
      const { resource } = await this.container.items.create({
        ...trainingSchema.parse(training),
        schemaVersion,
      });
      return etagOf(resource);
    } catch (error) {
      if (cosmosStatus(error) === 409) return undefined;
      throw error;
    }
  }

  async replace(training: Training, etag: string): Promise<string | undefined> {
    try {
      const { resource } = await this.container
        .item(training.id, training.trainingId)
        .replace(
          { ...trainingSchema.parse(training), schemaVersion },
          { accessCondition: { type: 'IfMatch', condition: etag } },
        );
      return etagOf(resource);
    } catch (error) {
      const status = cosmosStatus(error);
      if (status === 412 || status === 404) return undefined;
      throw error;
    }
  }

  /** `known.training`: the training as the caller just read it (its bank is not looked up again). */
  async questions(trainingId: string, known?: { readonly training: Training }): Promise<Question[]> {
    const bank = (known ? known.training : await this.get(trainingId))?.bank;
    if (!bank) return [];
    return [...((await this.snapshot(trainingId, bank.revision))?.questions ?? [])];
  }

  async replaceQuestions(trainingId: string, questions: readonly Question[]): Promise<void> {
    for (let round = 0; round < 5; round++) {
      const stored = await this.getVersioned(trainingId);
      if (!stored) throw new Error(`no training ${trainingId} to give questions to`);
      const revision = randomUUID();
      const bank = nextBank(stored.value, revision, questions.length);
      await this.createSnapshot({
        trainingId,
        revision,
        version: bank.version,
        settings: stored.value.quiz,
        questions: questions.map((q) => questionSchema.parse({ ...q, trainingId })),
        createdAt: new Date().toISOString(),
      });
      if ((await this.replace({ ...stored.value, bank }, stored.etag)) !== undefined) {
        const previous = stored.value.bank;
        if (previous && !previous.published) await this.deleteSnapshot(trainingId, previous.revision);
        return;
      }
      await this.deleteSnapshot(trainingId, revision);
    }
    throw new Error(`training ${trainingId} kept changing`);
  }

  async snapshot(trainingId: string, revision: string): Promise<QuizSnapshot | undefined> {
    const key = `${trainingId}/${revision}`;
    const kept = this.snapshots.get(key);
    if (kept) return kept;
    try {
      const { resource, statusCode } = await this.container
        .item(snapshotIdPrefix + revision, trainingId)
        .read<Record<string, unknown>>();
      if (statusCode === 404 || resource === undefined) return undefined;
      const snapshot = snapshotSchema.parse(contentFields(resource));
      // A snapshot never changes once written (a new bank is a new revision): kept for the next attempt.
      if (this.snapshots.size >= maxKeptSnapshots) {
        const oldest = this.snapshots.keys().next();
        if (!oldest.done) this.snapshots.delete(oldest.value);
      }
      this.snapshots.set(key, snapshot);
      return snapshot;
    } catch (error) {
      if (cosmosStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async createSnapshot(snapshot: QuizSnapshot): Promise<void> {
    const value = snapshotSchema.parse(snapshot);
    await this.container.items.create({
      ...value,
      id: snapshotIdPrefix + value.revision,
      kind: snapshotKind,
      schemaVersion,
    });
  }

  async deleteSnapshot(trainingId: string, revision: string): Promise<void> {
    try {
      await this.container.item(snapshotIdPrefix + revision, trainingId).delete();
    } catch (error) {
      if (cosmosStatus(error) !== 404) throw error;
    }
  }

  private async listWhere(condition: string): Promise<Training[]> {
    const { resources } = await this.container.items
      .query<unknown>({ query: `SELECT * FROM c WHERE ${condition}` })
      .fetchAll();
    return resources.map(toTraining).sort(byNewestPublishedThenId);
  }
}
