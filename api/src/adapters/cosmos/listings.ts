import type { Container, CosmosClient } from '@azure/cosmos';
import { cosmosStatus } from './errors';
import { drain } from './paging';

/**
 * The `listings` container (partition /list): documents kept for the listings that a client pages
 * through, one logical partition per list, so that a page is a single-partition query with Cosmos's
 * own continuation tokens (DESIGN.md §3). Entries are written before the document they point at
 * (the repositories do it), and every listing checks each entry against that document with a point
 * read: an entry whose write was not followed by its document's, or which outlived a change, is
 * skipped, never shown.
 *
 * Lists: `users` (admin directory: id = user id, createdAt, emailLower, nameLower, status, roles,
 * profession from the profile; subscription from billing) and `diploma-review` (diplomas waiting for a
 * decision: id = diploma id, userId, uploadedAt).
 */
export type ListName = 'users' | 'diploma-review';

const schemaVersion = 1;

export class CosmosListings {
  readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('listings');
  }

  async upsert(list: ListName, entry: { readonly id: string } & Record<string, unknown>): Promise<void> {
    await this.container.items.upsert({ ...entry, list, schemaVersion });
  }

  /**
   * Sets these fields of an entry, leaving its other fields alone (a patch: two writers that own
   * different fields never undo each other), creating the entry when it does not exist yet. At most 9
   * fields (Cosmos allows 10 operations per patch).
   */
  async merge(list: ListName, entry: { readonly id: string } & Record<string, unknown>): Promise<void> {
    const { id, ...fields } = entry;
    const operations = Object.entries(fields).map(([name, value]) => ({
      op: 'set' as const,
      path: `/${name}`,
      value: value ?? null,
    }));
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.container.item(id, list).patch(operations);
        return;
      } catch (error) {
        if (cosmosStatus(error) !== 404) throw error;
      }
      try {
        await this.container.items.create({ ...entry, list, schemaVersion });
        return;
      } catch (error) {
        // Created meanwhile by another writer: patch it.
        if (cosmosStatus(error) !== 409) throw error;
      }
    }
    throw new Error(`listing entry ${list}/${id} kept appearing and vanishing`);
  }

  /** Sets fields of an existing entry only; false when there is no entry. */
  async patchExisting(list: ListName, id: string, fields: Record<string, unknown>): Promise<boolean> {
    try {
      await this.container
        .item(id, list)
        .patch(
          Object.entries(fields).map(([name, value]) => ({ op: 'set' as const, path: `/${name}`, value })),
        );
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 404) return false;
      throw error;
    }
  }

  async remove(list: ListName, id: string): Promise<void> {
    try {
      await this.container.item(id, list).delete();
    } catch (error) {
      if (cosmosStatus(error) !== 404) throw error;
    }
  }

  /** Every entry of a list (single partition), for repairs and the local backfill. */
  entries<T>(list: ListName): Promise<T[]> {
    return drain<T>(
      this.container,
      { query: 'SELECT * FROM c WHERE c.list = @list', parameters: [{ name: '@list', value: list }] },
      { partitionKey: list },
    );
  }
}
