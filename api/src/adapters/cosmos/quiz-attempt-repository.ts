import type { Container, CosmosClient } from '@azure/cosmos';
import { contentIdSchema, localizedTextSchema, quizAttemptStatusSchema, lazySchema } from '@soins/shared';
import { z } from 'zod';
import type { QuizAttempt, QuizAttemptRepository, StoredAttempt } from '../../domain/quiz/model';
import { cosmosStatus } from './errors';
import { drain } from './paging';

// 2: drawn questions carry their texts (prompt, options, explanation); version 1 documents lack them and
// are still read (the views fall back to the bank), so no migration is needed.
const schemaVersion = 2;
const kind = 'quiz-attempt';
// Attempts share the learner's `learning` partition with enrolments and progress: prefixed ids.
const documentId = (attemptId: string): string => `attempt:${attemptId}`;

const answerSchema = lazySchema(() => z.object({ questionId: z.string(), optionIds: z.array(z.string()) }));

const attemptSchema = lazySchema(() =>
  z.object({
    attemptId: z.string().min(1),
    userId: z.string().min(1),
    trainingId: contentIdSchema,
    number: z.number().int().positive(),
    status: quizAttemptStatusSchema,
    startedAt: z.string(),
    deadline: z.string().nullable(),
    passPercent: z.number().int().min(1).max(100),
    quizVersion: z.number().int().positive().optional(),
    questions: z.array(
      z.object({
        questionId: z.string(),
        type: z.enum(['single', 'multiple']),
        optionIds: z.array(z.string()),
        correctOptionIds: z.array(z.string()),
        prompt: localizedTextSchema.optional(),
        options: z.array(z.object({ id: z.string(), text: localizedTextSchema })).optional(),
        explanation: localizedTextSchema.optional(),
      }),
    ),
    submittedAt: z.string().optional(),
    answers: z.array(answerSchema).optional(),
    correctCount: z.number().int().nonnegative().optional(),
    scorePercent: z.number().min(0).max(100).optional(),
    certificate: z
      .object({ requestedAt: z.string().optional(), lastFailureAt: z.string().optional() })
      .optional(),
    reset: z.object({ at: z.string(), by: z.string(), reason: z.string() }).optional(),
  }),
);

const documentSchema = lazySchema(() =>
  attemptSchema.extend({
    id: z.string(),
    kind: z.literal(kind),
    schemaVersion: z.number().int(),
    _etag: z.string(),
  }),
);

function toStored(doc: unknown): StoredAttempt {
  const { id: _id, kind: _kind, schemaVersion: _version, _etag, ...fields } = documentSchema.parse(doc);
  const value: QuizAttempt = attemptSchema.parse(fields);
  return { value, etag: _etag };
}

function toDocument(attempt: QuizAttempt): Record<string, unknown> {
  return { ...attemptSchema.parse(attempt), id: documentId(attempt.attemptId), kind, schemaVersion };
}

/** Quiz attempts in Cosmos `learning` (partition `/userId`): every read is a point read or one partition. */
export class CosmosQuizAttemptRepository implements QuizAttemptRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('learning');
  }

  async create(attempt: QuizAttempt): Promise<boolean> {
    try {
      await this.container.items.create(toDocument(attempt));
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 409) return false;
      throw error;
    }
  }

  async get(userId: string, attemptId: string): Promise<StoredAttempt | undefined> {
    try {
      const { resource, statusCode } = await this.container
        .item(documentId(attemptId), userId)
        .read<Record<string, unknown>>();
      if (statusCode === 404 || resource === undefined) return undefined;
      return toStored(resource);
    } catch (error) {
      if (cosmosStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async listFor(userId: string, trainingId: string): Promise<StoredAttempt[]> {
    const { resources } = await this.container.items
      .query<unknown>(
        {
          query: 'SELECT * FROM c WHERE c.userId = @u AND c.kind = @k AND c.trainingId = @t',
          parameters: [
            { name: '@u', value: userId },
            { name: '@k', value: kind },
            { name: '@t', value: trainingId },
          ],
        },
        { partitionKey: userId },
      )
      .fetchAll();
    return resources.map(toStored).sort((a, b) => a.value.number - b.value.number);
  }

  async listByUser(userId: string): Promise<StoredAttempt[]> {
    const documents = await drain<unknown>(
      this.container,
      {
        query: 'SELECT * FROM c WHERE c.userId = @u AND c.kind = @k',
        parameters: [
          { name: '@u', value: userId },
          { name: '@k', value: kind },
        ],
      },
      { partitionKey: userId },
    );
    return documents
      .map(toStored)
      .sort(
        (a, b) => a.value.trainingId.localeCompare(b.value.trainingId) || a.value.number - b.value.number,
      );
  }

  async listAwaitingCertificate(limit: number): Promise<StoredAttempt[]> {
    // Cross-partition sweep (only the timer runs it, every few minutes). TOP + ORDER BY is merged by the
    // SDK from every partition (a client-side query): drained through one iterator, never resumed from
    // a token, and a page that ran dry (undefined) counts as empty.
    const documents = await drain<unknown>(
      this.container,
      {
        query:
          'SELECT TOP @limit * FROM c WHERE c.kind = @k AND c.status = @s AND ' +
          '(NOT IS_DEFINED(c.certificate) OR NOT IS_DEFINED(c.certificate.requestedAt)) ' +
          'ORDER BY c.submittedAt',
        parameters: [
          { name: '@limit', value: limit },
          { name: '@k', value: kind },
          { name: '@s', value: 'passed' },
        ],
      },
      { limit },
    );
    return documents.map(toStored);
  }

  async replace(attempt: QuizAttempt, etag: string): Promise<string | undefined> {
    try {
      const replaced = await this.container
        .item(documentId(attempt.attemptId), attempt.userId)
        .replace(toDocument(attempt), { accessCondition: { type: 'IfMatch', condition: etag } });
      if (!replaced.etag) throw new Error('Cosmos answered a replace without an ETag');
      return replaced.etag;
    } catch (error) {
      const status = cosmosStatus(error);
      if (status === 412 || status === 404) return undefined;
      throw error;
    }
  }
}
