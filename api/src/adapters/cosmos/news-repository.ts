import type { Container, CosmosClient } from '@azure/cosmos';
import { newsItemSchema, type NewsItem, type NewsList } from '@soins/shared';
import type { NewsRepository } from '../../domain/catalogue/news';
import { cosmosStatus, fetchPage } from './errors';

const schemaVersion = 1;

/** News items partitioned by their id; the list is a cross-partition ORDER BY with continuation tokens. */
export class CosmosNewsRepository implements NewsRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('news');
  }

  async create(item: NewsItem): Promise<void> {
    await this.container.items.create({ ...newsItemSchema.parse(item), schemaVersion });
  }

  async delete(newsId: string): Promise<boolean> {
    try {
      await this.container.item(newsId, newsId).delete();
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 404) return false;
      throw error;
    }
  }

  async page(options: { limit: number; continuationToken?: string }): Promise<NewsList> {
    const token = options.continuationToken;
    const page = await fetchPage(token, () =>
      this.container.items
        .query<unknown>('SELECT * FROM c ORDER BY c.publishedAt DESC', {
          maxItemCount: options.limit,
          ...(token ? { continuationToken: token } : {}),
        })
        .fetchNext(),
    );
    return {
      items: page.resources.map((doc) => newsItemSchema.parse(doc)),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    };
  }
}
