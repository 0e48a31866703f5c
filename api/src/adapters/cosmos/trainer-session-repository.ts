import type { Container, CosmosClient } from '@azure/cosmos';
import { z } from 'zod';
import type { TrainingSession } from '../../domain/sessions';
import type { SessionRepository } from '../../domain/sessions-use-cases';
import type { Versioned } from '../../domain/ports';
import { cosmosStatus } from './errors';
import { drain } from './paging';

const schemaVersion = 1;

/** Partition of a session's own document, and of the listings that point at sessions. */
const sessionPartition = (id: string): string => `session:${id}`;
const allPartition = 'list:all';
const trainerPartition = (trainerId: string): string => `list:trainer:${trainerId}`;

const registrationSchema = z.object({
  userId: z.string(),
  status: z.enum(['registered', 'waiting', 'cancelled']),
  requestedAt: z.string(),
  seatedAt: z.string().optional(),
  cancelledAt: z.string().optional(),
  sequence: z.number().int().nonnegative(),
});

const sessionDocumentSchema = z.object({
  id: z.string(),
  partition: z.string(),
  kind: z.literal('session'),
  schemaVersion: z.literal(schemaVersion),
  trainingId: z.string(),
  trainingTitle: z.object({ fr: z.string(), nl: z.string() }),
  organiser: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  capacity: z.number().int().positive(),
  language: z.enum(['fr', 'nl']),
  trainerIds: z.array(z.string()),
  accreditedHours: z.number().positive(),
  status: z.enum(['scheduled', 'cancelled']),
  createdAt: z.string(),
  createdBy: z.string(),
  registrations: z.array(registrationSchema),
  attendance: z.record(
    z.string(),
    z.object({
      status: z.enum(['present', 'absent', 'partial']),
      hours: z.number().optional(),
      markedBy: z.string(),
      markedAt: z.string(),
    }),
  ),
  signedOff: z.object({ by: z.string(), at: z.string() }).optional(),
  cancellation: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
  attestations: z.array(
    z.object({
      id: z.string(),
      userId: z.string(),
      verificationCode: z.string(),
      hours: z.number(),
      language: z.enum(['fr', 'nl']),
      holderName: z.string(),
      issuedAt: z.string(),
      pdfBlobName: z.string(),
    }),
  ),
  _etag: z.string(),
});

const listingSchema = z.object({ id: z.string(), startsAt: z.string() });

/**
 * `training-sessions` (partition /partition). A session is one document in its own partition
 * (`session:<id>`): registrations, waiting list, attendance and attestations change together under its
 * ETag. Listings (all sessions; each trainer's) are small documents in their own partitions
 * (`list:all`, `list:trainer:<id>`), read with single-partition ORDER BY and checked against the
 * session by a point read, the `listings` pattern: written before the session, never shown without it.
 */
export class CosmosTrainingSessionRepository implements SessionRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('training-sessions');
  }

  async get(sessionId: string): Promise<Versioned<TrainingSession> | undefined> {
    try {
      const { resource } = await this.container
        .item(sessionId, sessionPartition(sessionId))
        .read<Record<string, unknown>>();
      if (!resource) return undefined;
      const {
        _etag,
        partition: _p,
        kind: _k,
        schemaVersion: _v,
        ...session
      } = sessionDocumentSchema.parse(resource);
      return { value: session, etag: _etag };
    } catch (error) {
      if (cosmosStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async create(session: TrainingSession): Promise<void> {
    const entry = { id: session.id, startsAt: session.startsAt, schemaVersion };
    await this.container.items.upsert({ ...entry, partition: allPartition });
    for (const trainerId of session.trainerIds) {
      await this.container.items.upsert({ ...entry, partition: trainerPartition(trainerId) });
    }
    await this.container.items.create(this.toDocument(session));
  }

  async replace(session: TrainingSession, etag: string): Promise<boolean> {
    try {
      await this.container
        .item(session.id, sessionPartition(session.id))
        .replace(this.toDocument(session), { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 412) return false;
      throw error;
    }
  }

  listUpcoming(from: string): Promise<TrainingSession[]> {
    return this.listing(allPartition, from);
  }

  listForTrainer(trainerId: string): Promise<TrainingSession[]> {
    return this.listing(trainerPartition(trainerId));
  }

  listAll(): Promise<TrainingSession[]> {
    return this.listing(allPartition);
  }

  private async listing(partition: string, from?: string): Promise<TrainingSession[]> {
    const entries = await drain<unknown>(
      this.container,
      from === undefined
        ? {
            query: 'SELECT c.id, c.startsAt FROM c WHERE c.partition = @p ORDER BY c.startsAt',
            parameters: [{ name: '@p', value: partition }],
          }
        : {
            query:
              'SELECT c.id, c.startsAt FROM c WHERE c.partition = @p AND c.startsAt >= @from ORDER BY c.startsAt',
            parameters: [
              { name: '@p', value: partition },
              { name: '@from', value: from },
            ],
          },
      { partitionKey: partition, limit: 500 },
    );
    const sessions: TrainingSession[] = [];
    for (const entry of entries.map((e) => listingSchema.parse(e))) {
      const session = (await this.get(entry.id))?.value;
      if (session) sessions.push(session);
    }
    return sessions;
  }

  private toDocument(session: TrainingSession): Record<string, unknown> {
    return { ...session, partition: sessionPartition(session.id), kind: 'session', schemaVersion };
  }
}
