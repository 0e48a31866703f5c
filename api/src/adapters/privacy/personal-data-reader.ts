import type { CosmosClient, SqlQuerySpec } from '@azure/cosmos';
import type { Locator } from '../../domain/privacy/inventory';
import type { PersonalDataReader } from '../../domain/privacy/export';
import { drain } from '../cosmos/paging';
import type { BlobStorage } from '../storage/connection';
import { isBlobNotFound } from '../storage/sas';

const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads a person's data where the inventory says it is: their partition (a single-partition query),
 * documents whose fields name them, or blobs under `<userId>/`. Used by the export (and meant for the
 * erasure and its no-residue test).
 */
export class StoragePersonalDataReader implements PersonalDataReader {
  constructor(private readonly deps: { cosmos: CosmosClient; database: string; blobs: BlobStorage }) {}

  async documents(container: string, locator: Locator, userId: string): Promise<Record<string, unknown>[]> {
    const items = this.deps.cosmos.database(this.deps.database).container(container);
    const parameters = [{ name: '@u', value: userId }];
    switch (locator.kind) {
      case 'partition':
        return drain<Record<string, unknown>>(items, { query: 'SELECT * FROM c' }, { partitionKey: userId });
      case 'field': {
        const fields = locator.fields.filter((field) => fieldName.test(field));
        if (fields.length === 0) return [];
        const spec: SqlQuerySpec = {
          query: `SELECT * FROM c WHERE ${fields.map((field) => `c.${field} = @u`).join(' OR ')}`,
          parameters,
        };
        return drain<Record<string, unknown>>(items, spec);
      }
      case 'id-contains':
        return drain<Record<string, unknown>>(items, {
          query: 'SELECT * FROM c WHERE CONTAINS(c.id, @u)',
          parameters,
        });
      case 'mentions': {
        // Nested fields (a session's registrations, attendance keys, attestations): a full read filtered
        // here, for the small containers the inventory declares so.
        const all = await drain<Record<string, unknown>>(items, { query: 'SELECT * FROM c' });
        return all.filter((doc) => JSON.stringify(doc).includes(userId));
      }
      case 'blob-prefix':
      case 'message':
        throw new Error(`${locator.kind} does not locate Cosmos documents`);
    }
  }

  async blobNames(container: string, userId: string): Promise<string[]> {
    const names: string[] = [];
    const client = await this.deps.blobs.container(container);
    for await (const item of client.listBlobsFlat({ prefix: `${userId}/` })) names.push(item.name);
    return names;
  }

  async readBlob(container: string, name: string): Promise<Uint8Array | undefined> {
    try {
      return await (await this.deps.blobs.container(container)).getBlobClient(name).downloadToBuffer();
    } catch (error) {
      if (isBlobNotFound(error)) return undefined;
      throw error;
    }
  }
}
