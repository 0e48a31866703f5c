import type { Container, CosmosClient, SqlQuerySpec } from '@azure/cosmos';
import { newsItemSchema, type NewsItem, type NewsList } from '@soins/shared';
import type { NewsRepository } from '../../domain/catalogue/news';
import { cosmosStatus } from './errors';
import { singlePartitionPage } from './paging';

const schemaVersion = 1;
/** Every news item lives in one logical partition of `news` (partition key /feed): news are few. */
const feed = 'public';

const newestFirst: SqlQuerySpec = {
  query: 'SELECT * FROM c WHERE c.feed = @feed ORDER BY c.publishedAt DESC',
  parameters: [{ name: '@feed', value: feed }],
};

/** News items in one partition: the list is a single-partition query paged by Cosmos's own tokens. */
export class CosmosNewsRepository implements NewsRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('news');
  }

  async create(item: NewsItem): Promise<void> {
    await this.container.items.create({ ...newsItemSchema.parse(item), feed, schemaVersion });
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

  async page(options: { limit: number; continuationToken?: string }): Promise<NewsList> {
    return singlePartitionPage(this.container, newestFirst, {
      partitionKey: feed,
      pageSize: options.limit,
      pageToken: options.continuationToken,
      accept: (documents: unknown[]) => documents.map((doc) => newsItemSchema.parse(doc)),
    });
  }
}
