import type { Container, CosmosClient } from '@azure/cosmos';
import { questionSchema, trainingSchema, type Question, type Training } from '@soins/shared';
import type { TrainingRepository } from '../../domain/catalogue/ports';
import { cosmosStatus } from './errors';

const schemaVersion = 1;
// Questions share the training's partition; their document ids are prefixed so a question can never
// collide with the training document (whose id is the trainingId).
const questionIdPrefix = 'question:';

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

function toQuestion(doc: unknown): Question {
  const fields = contentFields(doc);
  const id = typeof fields.id === 'string' ? fields.id.slice(questionIdPrefix.length) : fields.id;
  return questionSchema.parse({ ...fields, id });
}

const byNewestPublishedThenId = (a: Training, b: Training): number =>
  (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || a.id.localeCompare(b.id);

/**
 * Training content partitioned by trainingId: the training document (id = trainingId, kind
 * `training`) and its question bank (kind `question`) live in one partition, so the course player and
 * the quiz use point reads and single-partition queries. Only the catalogue lists across partitions,
 * and its answers are cached.
 */
export class CosmosTrainingRepository implements TrainingRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('trainings');
  }

  async get(trainingId: string): Promise<Training | undefined> {
    try {
      const { resource, statusCode } = await this.container
        .item(trainingId, trainingId)
        .read<Record<string, unknown>>();
      if (statusCode === 404 || resource === undefined) return undefined;
      return toTraining(resource);
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
    await this.container.items.upsert({ ...value, schemaVersion });
  }

  async questions(trainingId: string): Promise<Question[]> {
    const { resources } = await this.container.items
      .query<unknown>(
        {
          query: "SELECT * FROM c WHERE c.trainingId = @t AND c.kind = 'question'",
          parameters: [{ name: '@t', value: trainingId }],
        },
        { partitionKey: trainingId },
      )
      .fetchAll();
    return resources.map(toQuestion).sort((a, b) => a.id.localeCompare(b.id));
  }

  async replaceQuestions(trainingId: string, questions: readonly Question[]): Promise<void> {
    const wanted = new Set(questions.map((question) => questionIdPrefix + question.id));
    // No transactional batch on the emulator: upsert first, then delete the leftovers, so a failure
    // half-way leaves a bank that still holds every new question (retrying converges).
    for (const question of questions) {
      const value = questionSchema.parse({ ...question, trainingId });
      await this.container.items.upsert({ ...value, id: questionIdPrefix + value.id, schemaVersion });
    }
    const { resources } = await this.container.items
      .query<{ id: string }>(
        {
          query: "SELECT c.id FROM c WHERE c.trainingId = @t AND c.kind = 'question'",
          parameters: [{ name: '@t', value: trainingId }],
        },
        { partitionKey: trainingId },
      )
      .fetchAll();
    for (const { id } of resources) {
      if (wanted.has(id)) continue;
      try {
        await this.container.item(id, trainingId).delete();
      } catch (error) {
        if (cosmosStatus(error) !== 404) throw error;
      }
    }
  }

  private async listWhere(condition: string): Promise<Training[]> {
    const { resources } = await this.container.items
      .query<unknown>({ query: `SELECT * FROM c WHERE ${condition}` })
      .fetchAll();
    return resources.map(toTraining).sort(byNewestPublishedThenId);
  }
}
