import type { Container, CosmosClient } from '@azure/cosmos';
import { z } from 'zod';
import type {
  ChapterProgress,
  EnrolmentRecord,
  LearningRepository,
  Versioned,
  WatchClock,
} from '../../domain/learning/model';
import { cosmosStatus } from './errors';

const schemaVersion = 1;

const enrolmentId = (trainingId: string): string => `enrolment:${trainingId}`;
const progressId = (trainingId: string, chapterId: string): string => `progress:${trainingId}:${chapterId}`;

const enrolmentDocumentSchema = z.object({
  id: z.string(),
  kind: z.literal('enrolment'),
  userId: z.string().min(1),
  trainingId: z.string().min(1),
  enrolledAt: z.string(),
  lastChapterId: z.string().optional(),
  completedAt: z.string().optional(),
  schemaVersion: z.literal(schemaVersion),
  _etag: z.string(),
});

const progressDocumentSchema = z.object({
  id: z.string(),
  kind: z.literal('progress'),
  userId: z.string().min(1),
  trainingId: z.string().min(1),
  chapterId: z.string().min(1),
  intervals: z.array(z.tuple([z.number(), z.number()])),
  position: z.number(),
  openedAt: z.string().optional(),
  linkIssuedAt: z.string().optional(),
  lastReportAt: z.string().optional(),
  completedAt: z.string().optional(),
  updatedAt: z.string(),
  schemaVersion: z.literal(schemaVersion),
  _etag: z.string(),
});

const watchClockId = 'watch-clock';

const watchClockDocumentSchema = z.object({
  id: z.literal(watchClockId),
  kind: z.literal('watch-clock'),
  userId: z.string().min(1),
  sessionStartedAt: z.string(),
  lastActivityAt: z.string(),
  allowanceSeconds: z.number(),
  schemaVersion: z.literal(schemaVersion),
  _etag: z.string(),
});

function toEnrolment(doc: unknown): Versioned<EnrolmentRecord> {
  const { _etag, userId, trainingId, enrolledAt, lastChapterId, completedAt } =
    enrolmentDocumentSchema.parse(doc);
  return {
    etag: _etag,
    value: {
      userId,
      trainingId,
      enrolledAt,
      ...(lastChapterId ? { lastChapterId } : {}),
      ...(completedAt ? { completedAt } : {}),
    },
  };
}

function toProgress(doc: unknown): Versioned<ChapterProgress> {
  const parsed = progressDocumentSchema.parse(doc);
  return {
    etag: parsed._etag,
    value: {
      userId: parsed.userId,
      trainingId: parsed.trainingId,
      chapterId: parsed.chapterId,
      intervals: parsed.intervals,
      position: parsed.position,
      updatedAt: parsed.updatedAt,
      ...(parsed.openedAt ? { openedAt: parsed.openedAt } : {}),
      ...(parsed.linkIssuedAt ? { linkIssuedAt: parsed.linkIssuedAt } : {}),
      ...(parsed.lastReportAt ? { lastReportAt: parsed.lastReportAt } : {}),
      ...(parsed.completedAt ? { completedAt: parsed.completedAt } : {}),
    },
  };
}

function enrolmentDocument(enrolment: EnrolmentRecord): Record<string, unknown> {
  return {
    id: enrolmentId(enrolment.trainingId),
    kind: 'enrolment',
    userId: enrolment.userId,
    trainingId: enrolment.trainingId,
    enrolledAt: enrolment.enrolledAt,
    ...(enrolment.lastChapterId ? { lastChapterId: enrolment.lastChapterId } : {}),
    ...(enrolment.completedAt ? { completedAt: enrolment.completedAt } : {}),
    schemaVersion,
  };
}

function progressDocument(progress: ChapterProgress): Record<string, unknown> {
  return {
    id: progressId(progress.trainingId, progress.chapterId),
    kind: 'progress',
    userId: progress.userId,
    trainingId: progress.trainingId,
    chapterId: progress.chapterId,
    intervals: progress.intervals.map(([start, end]) => [start, end]),
    position: progress.position,
    ...(progress.openedAt ? { openedAt: progress.openedAt } : {}),
    ...(progress.linkIssuedAt ? { linkIssuedAt: progress.linkIssuedAt } : {}),
    ...(progress.lastReportAt ? { lastReportAt: progress.lastReportAt } : {}),
    ...(progress.completedAt ? { completedAt: progress.completedAt } : {}),
    updatedAt: progress.updatedAt,
    schemaVersion,
  };
}

/**
 * Enrolments and chapter progress in `learning` (partition /userId, shared with quiz attempts, told
 * apart by `kind` and id prefix): every read is a point read or a single-partition query.
 */
export class CosmosLearningRepository implements LearningRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('learning');
  }

  async getEnrolment(userId: string, trainingId: string): Promise<Versioned<EnrolmentRecord> | undefined> {
    const { resource, statusCode } = await this.container
      .item(enrolmentId(trainingId), userId)
      .read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return toEnrolment(resource);
  }

  createEnrolment(enrolment: EnrolmentRecord): Promise<boolean> {
    return this.create(enrolmentDocument(enrolment));
  }

  replaceEnrolment(enrolment: EnrolmentRecord, etag: string): Promise<boolean> {
    return this.replace(
      enrolmentId(enrolment.trainingId),
      enrolment.userId,
      enrolmentDocument(enrolment),
      etag,
    );
  }

  async listEnrolments(userId: string): Promise<EnrolmentRecord[]> {
    const { resources } = await this.container.items
      .query<unknown>(
        {
          query: "SELECT * FROM c WHERE c.userId = @u AND c.kind = 'enrolment'",
          parameters: [{ name: '@u', value: userId }],
        },
        { partitionKey: userId },
      )
      .fetchAll();
    return resources.map((doc) => toEnrolment(doc).value);
  }

  async getProgress(
    userId: string,
    trainingId: string,
    chapterId: string,
  ): Promise<Versioned<ChapterProgress> | undefined> {
    const { resource, statusCode } = await this.container
      .item(progressId(trainingId, chapterId), userId)
      .read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return toProgress(resource);
  }

  createProgress(progress: ChapterProgress): Promise<boolean> {
    return this.create(progressDocument(progress));
  }

  replaceProgress(progress: ChapterProgress, etag: string): Promise<boolean> {
    return this.replace(
      progressId(progress.trainingId, progress.chapterId),
      progress.userId,
      progressDocument(progress),
      etag,
    );
  }

  async listProgress(userId: string, trainingId?: string): Promise<ChapterProgress[]> {
    const { resources } = await this.container.items
      .query<unknown>(
        trainingId === undefined
          ? {
              query: "SELECT * FROM c WHERE c.userId = @u AND c.kind = 'progress'",
              parameters: [{ name: '@u', value: userId }],
            }
          : {
              query: "SELECT * FROM c WHERE c.userId = @u AND c.kind = 'progress' AND c.trainingId = @t",
              parameters: [
                { name: '@u', value: userId },
                { name: '@t', value: trainingId },
              ],
            },
        { partitionKey: userId },
      )
      .fetchAll();
    return resources.map((doc) => toProgress(doc).value);
  }

  async getWatchClock(userId: string): Promise<Versioned<WatchClock> | undefined> {
    const { resource, statusCode } = await this.container
      .item(watchClockId, userId)
      .read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    const { _etag, sessionStartedAt, lastActivityAt, allowanceSeconds } =
      watchClockDocumentSchema.parse(resource);
    return { etag: _etag, value: { userId, sessionStartedAt, lastActivityAt, allowanceSeconds } };
  }

  saveWatchClock(clock: WatchClock, etag: string | undefined): Promise<boolean> {
    const document = {
      id: watchClockId,
      kind: 'watch-clock',
      userId: clock.userId,
      sessionStartedAt: clock.sessionStartedAt,
      lastActivityAt: clock.lastActivityAt,
      allowanceSeconds: clock.allowanceSeconds,
      schemaVersion,
    };
    return etag === undefined
      ? this.create(document)
      : this.replace(watchClockId, clock.userId, document, etag);
  }

  private async create(document: Record<string, unknown>): Promise<boolean> {
    try {
      await this.container.items.create(document);
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 409) return false;
      throw error;
    }
  }

  private async replace(
    id: string,
    userId: string,
    document: Record<string, unknown>,
    etag: string,
  ): Promise<boolean> {
    try {
      await this.container
        .item(id, userId)
        .replace(document, { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (error) {
      // 404: deleted meanwhile (account erasure); the caller re-reads and stops.
      const status = cosmosStatus(error);
      if (status === 412 || status === 404) return false;
      throw error;
    }
  }
}
