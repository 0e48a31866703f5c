import type { Container, CosmosClient, SqlQuerySpec } from '@azure/cosmos';
import { diplomaSchema, type Diploma, lazySchema } from '@soins/shared';
import { z } from 'zod';
import type { DiplomaRepository, StoredDiploma } from '../../domain/diplomas';
import { cosmosStatus } from './errors';
import { CosmosListings } from './listings';
import { drain, singlePartitionPage } from './paging';

const schemaVersion = 1;
const documentSchema = lazySchema(() => diplomaSchema.extend({ _etag: z.string() }));
const reviewPageSize = 25;

// The review queue's entry of a diploma (`listings`, list `diploma-review`).
const reviewEntrySchema = lazySchema(() =>
  z.object({ id: z.string(), userId: z.string(), uploadedAt: z.string() }),
);
const reviewEntryOf = (diploma: Diploma) => ({
  id: diploma.id,
  userId: diploma.userId,
  uploadedAt: diploma.uploadedAt,
});

const oldestFirst: SqlQuerySpec = {
  query: 'SELECT * FROM c WHERE c.list = @list ORDER BY c.uploadedAt',
  parameters: [{ name: '@list', value: 'diploma-review' }],
};

function toStored(doc: unknown): StoredDiploma {
  const { _etag, ...rest } = documentSchema.parse(doc);
  const value = diplomaSchema.parse(rest);
  return { value, etag: _etag };
}

/**
 * Diploma records partitioned by user: the learner's own status is a single-partition query. The admin
 * review queue pages through a list kept for the purpose (`listings`, list `diploma-review`): a diploma
 * entering `pending_review` gets its entry before the record is written, and loses it once decided;
 * the queue checks every entry against the record, so a leftover entry is never shown.
 */
export class CosmosDiplomaRepository implements DiplomaRepository {
  private readonly container: Container;
  private readonly listings: CosmosListings;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('diplomas');
    this.listings = new CosmosListings(client, database);
  }

  async create(diploma: Diploma): Promise<void> {
    if (diploma.status === 'pending_review')
      await this.listings.upsert('diploma-review', reviewEntryOf(diploma));
    await this.container.items.create({ ...diploma, schemaVersion });
  }

  async get(userId: string, id: string): Promise<StoredDiploma | undefined> {
    const { resource, statusCode } = await this.container.item(id, userId).read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return toStored(resource);
  }

  async latestFor(userId: string): Promise<Diploma | undefined> {
    const { resources } = await this.container.items
      .query<unknown>(
        {
          query: 'SELECT TOP 1 * FROM c WHERE c.userId = @u ORDER BY c.uploadedAt DESC',
          parameters: [{ name: '@u', value: userId }],
        },
        { partitionKey: userId },
      )
      .fetchAll();
    return resources[0] === undefined ? undefined : toStored(resources[0]).value;
  }

  async historyFor(userId: string): Promise<Diploma[]> {
    const documents = await drain<unknown>(
      this.container,
      {
        query: 'SELECT * FROM c WHERE c.userId = @u ORDER BY c.uploadedAt DESC',
        parameters: [{ name: '@u', value: userId }],
      },
      { partitionKey: userId },
    );
    return documents.map((doc) => toStored(doc).value);
  }

  async replace(diploma: Diploma, etag: string): Promise<boolean> {
    const pending = diploma.status === 'pending_review';
    if (pending) await this.listings.upsert('diploma-review', reviewEntryOf(diploma));
    try {
      await this.container
        .item(diploma.id, diploma.userId)
        .replace({ ...diploma, schemaVersion }, { accessCondition: { type: 'IfMatch', condition: etag } });
    } catch (error) {
      if (cosmosStatus(error) === 412) return false;
      throw error;
    }
    if (!pending) {
      // Best effort: the decision is recorded; an entry left behind is skipped by the queue, which
      // reads the record, so failing here would only lose the caller's follow-up (the decision email).
      await this.listings.remove('diploma-review', diploma.id).catch(() => undefined);
    }
    return true;
  }

  async pendingReview(continuationToken?: string): Promise<{ items: Diploma[]; continuationToken?: string }> {
    return singlePartitionPage(this.listings.container, oldestFirst, {
      partitionKey: 'diploma-review',
      pageSize: reviewPageSize,
      pageToken: continuationToken,
      accept: async (entries: unknown[]) => {
        const records = await Promise.all(
          entries.map(async (doc) => {
            const entry = reviewEntrySchema.parse(doc);
            return (await this.get(entry.userId, entry.id))?.value;
          }),
        );
        return records.filter((d): d is Diploma => d?.status === 'pending_review');
      },
    });
  }

  /** Cross-partition sweep (the requeue timer, every 5 minutes): one iterator drained, no token kept. */
  async stalledScans(uploadedBefore: string): Promise<Diploma[]> {
    const documents = await drain<unknown>(this.container, {
      query: 'SELECT * FROM c WHERE c.status = @s AND c.uploadedAt < @before',
      parameters: [
        { name: '@s', value: 'scanning' },
        { name: '@before', value: uploadedBefore },
      ],
    });
    return documents.map((doc) => toStored(doc).value);
  }

  /**
   * Writes the review entry of every diploma waiting for a decision that lacks one (records stored
   * before the queue existed, e.g. an older local snapshot). Cross-partition sweep; returns the count.
   */
  async rebuildReviewQueue(): Promise<number> {
    const listed = new Set(
      (await this.listings.entries<unknown>('diploma-review')).map((doc) => reviewEntrySchema.parse(doc).id),
    );
    const pending = await drain<unknown>(this.container, {
      query: 'SELECT * FROM c WHERE c.status = @s',
      parameters: [{ name: '@s', value: 'pending_review' }],
    });
    let written = 0;
    for (const doc of pending) {
      const diploma = toStored(doc).value;
      if (listed.has(diploma.id)) continue;
      await this.listings.upsert('diploma-review', reviewEntryOf(diploma));
      written++;
    }
    return written;
  }
}
