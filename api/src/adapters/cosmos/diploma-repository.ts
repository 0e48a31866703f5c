import type { Container, CosmosClient } from '@azure/cosmos';
import { diplomaSchema, type Diploma } from '@soins/shared';
import { z } from 'zod';
import type { DiplomaRepository, StoredDiploma } from '../../domain/diplomas';
import { cosmosStatus, fetchPage } from './errors';

const schemaVersion = 1;
const documentSchema = diplomaSchema.extend({ _etag: z.string() });

function toStored(doc: unknown): StoredDiploma {
  const { _etag, ...rest } = documentSchema.parse(doc);
  const value = diplomaSchema.parse(rest);
  return { value, etag: _etag };
}

/** Diploma records partitioned by user: the learner's own status is a single-partition query. */
export class CosmosDiplomaRepository implements DiplomaRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('diplomas');
  }

  async create(diploma: Diploma): Promise<void> {
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

  async replace(diploma: Diploma, etag: string): Promise<boolean> {
    try {
      await this.container
        .item(diploma.id, diploma.userId)
        .replace({ ...diploma, schemaVersion }, { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 412) return false;
      throw error;
    }
  }

  async listByStatus(
    status: Diploma['status'],
    continuationToken?: string,
  ): Promise<{ items: Diploma[]; continuationToken?: string }> {
    const page = await fetchPage(continuationToken, () =>
      this.container.items
        .query<unknown>(
          {
            query: 'SELECT * FROM c WHERE c.status = @s ORDER BY c.uploadedAt',
            parameters: [{ name: '@s', value: status }],
          },
          { maxItemCount: 25, ...(continuationToken ? { continuationToken } : {}) },
        )
        .fetchNext(),
    );
    return {
      items: page.resources.map((doc) => toStored(doc).value),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    };
  }
}
