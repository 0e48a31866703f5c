import type { Container, CosmosClient } from '@azure/cosmos';
import { z } from 'zod';
import type {
  IndexClaim,
  InamiPage,
  InamiSnapshot,
  InamiStore,
  StoredInami,
} from '../../domain/inami-use-cases';
import { cosmosStatus, fetchPage } from './errors';
import { resourcesOf } from './paging';

/*
 * Two containers (declared in infra/resources.json):
 * - `pii`, partitioned by /userId: one document per user, `{ id: userId, userId, schemaVersion,
 *   inami?: { ciphertext, keyVersion, blindIndex, indexVersion, updatedAt } }`. Other personal fields
 *   may join it later: writes patch `/inami` only and keep whatever else the document holds.
 * - `inami-index`, partitioned by /id: one claim per blind index value, `{ id: blindIndex, userId,
 *   claimedAt, schemaVersion }`. Unique keys are only unique within a partition, so uniqueness across
 *   users comes from the id itself: `create` answers 409 when the value is already claimed, atomically.
 */

const schemaVersion = 1;
export const piiContainerName = 'pii';
export const inamiIndexContainerName = 'inami-index';

const storedInamiSchema = z.object({
  ciphertext: z.string().min(1),
  keyVersion: z.number().int().positive(),
  blindIndex: z.string().min(1),
  indexVersion: z.number().int().positive(),
  updatedAt: z.string(),
});

// Loose: fields other features add to the PII document are kept untouched.
const piiDocumentSchema = z.looseObject({
  id: z.string(),
  userId: z.string(),
  schemaVersion: z.literal(schemaVersion),
  inami: storedInamiSchema.optional(),
  _etag: z.string(),
});

const indexDocumentSchema = z.object({
  id: z.string(),
  userId: z.string(),
  claimedAt: z.string(),
  schemaVersion: z.literal(schemaVersion),
  _etag: z.string(),
});

const listRowSchema = z.object({ userId: z.string(), inami: storedInamiSchema, _etag: z.string() });

const systemFields = ['_rid', '_self', '_etag', '_attachments', '_ts'] as const;

/** Runs a Cosmos call; resolves false on the listed statuses, rethrows anything else. */
async function unless(statuses: readonly number[], call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    const status = cosmosStatus(error);
    if (status !== undefined && statuses.includes(status)) return false;
    throw error;
  }
}

export class CosmosInamiStore implements InamiStore {
  private readonly pii: Container;
  private readonly index: Container;

  constructor(client: CosmosClient, database: string) {
    const db = client.database(database);
    this.pii = db.container(piiContainerName);
    this.index = db.container(inamiIndexContainerName);
  }

  async read(userId: string): Promise<InamiSnapshot> {
    const { resource, statusCode } = await this.pii.item(userId, userId).read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return { value: undefined, etag: undefined };
    const doc = piiDocumentSchema.parse(resource);
    return { value: doc.inami, etag: doc._etag };
  }

  async write(userId: string, value: StoredInami | undefined, etag: string | undefined): Promise<boolean> {
    if (etag === undefined) {
      if (!value) return true;
      return unless([409], () => this.pii.items.create({ id: userId, userId, schemaVersion, inami: value }));
    }
    const ifMatch = { accessCondition: { type: 'IfMatch', condition: etag } };
    if (value) {
      return unless([404, 412], () =>
        this.pii.item(userId, userId).patch([{ op: 'set', path: '/inami', value: { ...value } }], ifMatch),
      );
    }
    // Removal: replace the document without `inami`, keeping every other field, if still unchanged.
    const { resource, statusCode } = await this.pii.item(userId, userId).read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return false;
    const doc = piiDocumentSchema.parse(resource);
    if (doc._etag !== etag) return false;
    const dropped = new Set<string>([...systemFields, 'inami']);
    const next = Object.fromEntries(Object.entries(resource).filter(([field]) => !dropped.has(field)));
    return unless([404, 412], () => this.pii.item(userId, userId).replace(next, ifMatch));
  }

  /**
   * Key rotation's sweep. A plain cross-partition query (no ORDER BY, TOP or aggregate) is served by
   * the gateway itself, whose continuation tokens resume it; nothing client-side is involved. The
   * token stays inside the rotation run (never handed to a client).
   */
  async list(query: { continuationToken?: string; pageSize: number }): Promise<InamiPage> {
    const token = query.continuationToken;
    const page = await fetchPage(token, () =>
      this.pii.items
        .query<Record<string, unknown>>(
          'SELECT c.userId, c.inami, c._etag FROM c WHERE IS_DEFINED(c.inami)',
          {
            maxItemCount: query.pageSize,
            ...(token ? { continuationToken: token } : {}),
          },
        )
        .fetchNext(),
    );
    return {
      items: resourcesOf(page).map((row) => {
        const { userId, inami, _etag } = listRowSchema.parse(row);
        return { userId, value: inami, etag: _etag };
      }),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    };
  }

  async indexOwner(index: string): Promise<IndexClaim | undefined> {
    const { resource, statusCode } = await this.index.item(index, index).read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    const { userId, claimedAt } = indexDocumentSchema.parse(resource);
    return { userId, claimedAt };
  }

  async claimIndex(index: string, userId: string, at: string): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const created = await unless([409], () =>
        this.index.items.create({ id: index, userId, claimedAt: at, schemaVersion }),
      );
      if (created) return true;
      const owner = await this.indexOwner(index);
      if (owner) return owner.userId === userId;
      // Released between our create and our read: try again.
    }
    return false;
  }

  async releaseIndex(index: string, userId: string): Promise<void> {
    const { resource, statusCode } = await this.index.item(index, index).read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return;
    const doc = indexDocumentSchema.parse(resource);
    if (doc.userId !== userId) return;
    await unless([404, 412], () =>
      this.index.item(index, index).delete({ accessCondition: { type: 'IfMatch', condition: doc._etag } }),
    );
  }
}
