import type { Container, CosmosClient } from '@azure/cosmos';
import { exportStatusSchema } from '@soins/shared';
import { z } from 'zod';
import type { ErasureRecord, ErasureStore } from '../../domain/privacy/erasure';
import type { ExportRecord, ExportStore } from '../../domain/privacy/export';
import { retention } from '../../domain/privacy/register';
import { cosmosStatus } from './errors';
import { drain } from './paging';

/*
 * `privacy-requests` (partition /userId, time to live on without a default: infra/resources.json):
 * - one document per export request, `{ id: 'export:<exportId>', kind: 'export', … }`, which expires
 *   with its own `ttl` (the register's period for these records);
 * - the person's export slot `{ id: 'export-slot', kind: 'export-slot', exportId, since }`: created
 *   atomically (409 when held), taken over with its etag when stale, deleted when the export ends.
 * Erasure requests may join the same partition (other kinds).
 */
export const privacyRequestsContainerName = 'privacy-requests';
const schemaVersion = 1;
const SLOT_ID = 'export-slot';
const recordTtlSeconds = retention.exportRecordDays * 24 * 60 * 60;
const recordId = (exportId: string): string => `export:${exportId}`;

const recordSchema = z.object({
  exportId: z.string(),
  userId: z.string(),
  status: exportStatusSchema,
  requestedAt: z.string(),
  startedAt: z.string().optional(),
  readyAt: z.string().optional(),
  expiresAt: z.string().optional(),
  failedAt: z.string().optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }).optional(),
});

const slotSchema = z.object({
  id: z.literal(SLOT_ID),
  userId: z.string(),
  exportId: z.string(),
  since: z.string(),
  _etag: z.string(),
});

const toRecord = (document: unknown): ExportRecord => {
  const { startedAt, readyAt, expiresAt, failedAt, sizeBytes, progress, ...required } =
    recordSchema.parse(document);
  return {
    ...required,
    ...(startedAt ? { startedAt } : {}),
    ...(readyAt ? { readyAt } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    ...(failedAt ? { failedAt } : {}),
    ...(sizeBytes !== undefined ? { sizeBytes } : {}),
    ...(progress ? { progress } : {}),
  };
};

export class CosmosExportStore implements ExportStore {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container(privacyRequestsContainerName);
  }

  async claimSlot(userId: string, exportId: string, now: Date, staleBefore: Date): Promise<boolean> {
    const slot = {
      id: SLOT_ID,
      kind: 'export-slot',
      userId,
      exportId,
      since: now.toISOString(),
      schemaVersion,
    };
    try {
      await this.container.items.create(slot);
      return true;
    } catch (error) {
      if (cosmosStatus(error) !== 409) throw error;
    }
    const { resource } = await this.container.item(SLOT_ID, userId).read<Record<string, unknown>>();
    if (!resource) return this.claimSlot(userId, exportId, now, staleBefore); // released meanwhile
    const held = slotSchema.parse(resource);
    const holder = await this.get(userId, held.exportId);
    const finished = !holder || ['ready', 'failed', 'expired'].includes(holder.status);
    if (!finished && Date.parse(held.since) >= staleBefore.getTime()) return false;
    try {
      await this.container
        .item(SLOT_ID, userId)
        .replace(slot, { accessCondition: { type: 'IfMatch', condition: held._etag } });
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 412 || cosmosStatus(error) === 404) return false;
      throw error;
    }
  }

  async releaseSlot(userId: string, exportId: string): Promise<void> {
    const { resource } = await this.container.item(SLOT_ID, userId).read<Record<string, unknown>>();
    if (!resource) return;
    const held = slotSchema.parse(resource);
    if (held.exportId !== exportId) return;
    try {
      await this.container
        .item(SLOT_ID, userId)
        .delete({ accessCondition: { type: 'IfMatch', condition: held._etag } });
    } catch (error) {
      if (cosmosStatus(error) !== 404 && cosmosStatus(error) !== 412) throw error;
    }
  }

  async save(record: ExportRecord): Promise<void> {
    await this.container.items.upsert({
      ...recordSchema.parse(record),
      id: recordId(record.exportId),
      kind: 'export',
      ttl: recordTtlSeconds,
      schemaVersion,
    });
  }

  async get(userId: string, exportId: string): Promise<ExportRecord | undefined> {
    const { resource, statusCode } = await this.container
      .item(recordId(exportId), userId)
      .read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return toRecord(resource);
  }

  async listFor(userId: string, limit: number): Promise<ExportRecord[]> {
    const docs = await drain<unknown>(
      this.container,
      {
        query: "SELECT * FROM c WHERE c.kind = 'export' ORDER BY c.requestedAt DESC",
      },
      { partitionKey: userId, limit },
    );
    return docs.map(toRecord);
  }

  /** Cross-partition sweep (no ORDER BY, no TOP: the gateway answers it page by page). */
  async readyExpiredBefore(now: Date, limit: number): Promise<ExportRecord[]> {
    const docs = await drain<unknown>(
      this.container,
      {
        query: "SELECT * FROM c WHERE c.kind = 'export' AND c.status = 'ready' AND c.expiresAt <= @now",
        parameters: [{ name: '@now', value: now.toISOString() }],
      },
      { limit },
    );
    return docs.map(toRecord);
  }
}

/*
 * The person's erasure request: one document `{ id: 'erasure', kind: 'erasure', … }` in their partition
 * (a re-request after a cancel overwrites it). The erasure itself deletes it with the partition; a
 * cancelled one expires after the register's period for these records.
 */
const ERASURE_ID = 'erasure';
const erasureSchema = z.object({
  erasureId: z.string(),
  userId: z.string(),
  status: z.enum(['pending', 'cancelled', 'running', 'completed']),
  requestedAt: z.string(),
  scheduledFor: z.string(),
  cancelledAt: z.string().optional(),
});
const toErasure = (document: unknown): ErasureRecord => {
  const { cancelledAt, ...required } = erasureSchema.parse(document);
  return { ...required, ...(cancelledAt ? { cancelledAt } : {}) };
};

export class CosmosErasureStore implements ErasureStore {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container(privacyRequestsContainerName);
  }

  async current(userId: string): Promise<ErasureRecord | undefined> {
    const { resource, statusCode } = await this.container
      .item(ERASURE_ID, userId)
      .read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return toErasure(resource);
  }

  async save(record: ErasureRecord): Promise<void> {
    await this.container.items.upsert({
      ...erasureSchema.parse(record),
      id: ERASURE_ID,
      kind: 'erasure',
      // A cancelled request expires like an export record; a pending one lives until the erasure.
      ...(record.status === 'cancelled' ? { ttl: recordTtlSeconds } : {}),
      schemaVersion,
    });
  }

  /** Cross-partition filter without ORDER BY (the gateway answers it page by page); sorted here. */
  async pending(): Promise<ErasureRecord[]> {
    const docs = await drain<unknown>(this.container, {
      query: "SELECT * FROM c WHERE c.kind = 'erasure' AND (c.status = 'pending' OR c.status = 'running')",
    });
    return docs.map(toErasure).sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
  }
}
