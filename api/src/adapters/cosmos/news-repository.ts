import type { Container, CosmosClient, SqlQuerySpec } from '@azure/cosmos';
import type { NewsList } from '@soins/shared';
import { z } from 'zod';
import { newsStatus, toPublicNews, type NewsRepository, type StoredNews } from '../../domain/catalogue/news';
import type { Versioned } from '../../domain/ports';
import { cosmosStatus } from './errors';
import { singlePartitionPage } from './paging';

// 2: bilingual texts and a publish window (publishFrom/publishUntil, unpublishedAt, createdAt/updatedAt).
// Version 1 items (`publishedAt`, texts in one or both languages) are read as a window opening then.
const schemaVersion = 2;
/** Every news item lives in one logical partition of `news` (partition key /feed): news are few. */
const feed = 'public';

/** Newest window first; the window itself is checked per item (`publicPage`), so the query never changes. */
const publishedNewestFirst: SqlQuerySpec = {
  query:
    'SELECT * FROM c WHERE c.feed = @feed AND NOT IS_DEFINED(c.unpublishedAt) ORDER BY c.publishFrom DESC',
  parameters: [{ name: '@feed', value: feed }],
};

const allNewestFirst: SqlQuerySpec = {
  query: 'SELECT * FROM c WHERE c.feed = @feed ORDER BY c.publishFrom DESC',
  parameters: [{ name: '@feed', value: feed }],
};

const text = z.object({ fr: z.string().optional(), nl: z.string().optional() });

const documentSchema = z.object({
  id: z.string(),
  title: text,
  body: text,
  publishFrom: z.string().optional(),
  publishedAt: z.string().optional(),
  publishUntil: z.string().optional(),
  unpublishedAt: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  _etag: z.string(),
});

function toStored(document: unknown): Versioned<StoredNews> {
  const doc = documentSchema.parse(document);
  const opens = doc.publishFrom ?? doc.publishedAt ?? '1970-01-01T00:00:00.000Z';
  return {
    etag: doc._etag,
    value: {
      id: doc.id,
      title: { fr: doc.title.fr ?? '', nl: doc.title.nl ?? '' },
      body: { fr: doc.body.fr ?? '', nl: doc.body.nl ?? '' },
      publishFrom: opens,
      ...(doc.publishUntil ? { publishUntil: doc.publishUntil } : {}),
      ...(doc.unpublishedAt ? { unpublishedAt: doc.unpublishedAt } : {}),
      createdAt: doc.createdAt ?? opens,
      updatedAt: doc.updatedAt ?? opens,
    },
  };
}

const toDocument = (item: StoredNews) => ({ ...item, feed, schemaVersion });

/** News items in one partition: each list is a single-partition query paged by Cosmos's own tokens. */
export class CosmosNewsRepository implements NewsRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('news');
  }

  async create(item: StoredNews): Promise<void> {
    await this.container.items.create(toDocument(item));
  }

  async get(newsId: string): Promise<Versioned<StoredNews> | undefined> {
    try {
      const { resource, statusCode } = await this.container
        .item(newsId, feed)
        .read<Record<string, unknown>>();
      return statusCode === 404 || resource === undefined ? undefined : toStored(resource);
    } catch (error) {
      if (cosmosStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async replace(item: StoredNews, etag: string): Promise<boolean> {
    try {
      await this.container
        .item(item.id, feed)
        .replace(toDocument(item), { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (error) {
      const status = cosmosStatus(error);
      if (status === 412 || status === 404) return false;
      throw error;
    }
  }

  async delete(newsId: string): Promise<boolean> {
    try {
      await this.container.item(newsId, feed).delete();
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 404) return false;
      throw error;
    }
  }

  async publicPage(options: { limit: number; now: Date; continuationToken?: string }): Promise<NewsList> {
    return singlePartitionPage(this.container, publishedNewestFirst, {
      partitionKey: feed,
      pageSize: options.limit,
      pageToken: options.continuationToken,
      accept: (documents: unknown[]) =>
        documents
          .map((document) => toStored(document).value)
          .filter((item) => newsStatus(item, options.now) === 'live')
          .map(toPublicNews),
    });
  }

  async adminPage(options: {
    limit: number;
    continuationToken?: string;
  }): Promise<{ items: Versioned<StoredNews>[]; continuationToken?: string }> {
    return singlePartitionPage(this.container, allNewestFirst, {
      partitionKey: feed,
      pageSize: options.limit,
      pageToken: options.continuationToken,
      accept: (documents: unknown[]) => documents.map(toStored),
    });
  }
}
