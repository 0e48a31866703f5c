import { createHash, randomUUID } from 'node:crypto';
import type { Container, CosmosClient, SqlQuerySpec } from '@azure/cosmos';
import { z } from 'zod';
import {
  monthOf,
  monthsDescending,
  subjectOf,
  type AuditEntry,
  type AuditFilter,
  type AuditLog,
  type AuditReader,
  type AuditValue,
  type StoredAuditEntry,
} from '../../domain/audit';
import { InvalidPageTokenError } from '../../domain/ports';
import { drain, singlePartitionPage } from './paging';

const schemaVersion = 2;

/**
 * The audit log in two containers, written with `create` only (an id taken is an error, so no entry is
 * ever overwritten; nothing here replaces, patches or deletes):
 *
 * - `audit-log`, partitioned by month (`/month`, `YYYY-MM` UTC): every entry. The admin's search walks
 *   the months of the period newest first, each page a single-partition query with Cosmos's own
 *   continuation token, so it pages on the real gateway (no cross-partition ORDER BY). A month holds a
 *   few thousand staff actions: far from the 20 GB of a logical partition.
 * - `audit`, partitioned by the subject's user id (`/userId`): a copy of every entry that concerns a
 *   user, so "what did staff do with my data" (the learner record, a GDPR access request) is one
 *   partition. Entries written before the month log existed (INAMI reveals) live only here.
 *
 * Entries hold ids only; people are named when the log is read.
 */
export class CosmosAuditLog implements AuditLog, AuditReader {
  private readonly log: Container;
  private readonly bySubject: Container;

  constructor(client: CosmosClient, database: string) {
    this.log = client.database(database).container('audit-log');
    this.bySubject = client.database(database).container('audit');
  }

  async record(entry: AuditEntry): Promise<void> {
    const subject = subjectOf(entry);
    // An entry with its own id is upserted: a retried writer leaves one entry.
    const document = {
      id: entry.id ?? randomUUID(),
      at: entry.at,
      actorId: entry.actor,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id,
      ...(subject ? { subjectUserId: subject } : {}),
      ...(entry.before !== undefined ? { before: entry.before } : {}),
      ...(entry.after !== undefined ? { after: entry.after } : {}),
      ...(entry.reason ? { reason: entry.reason } : {}),
      search: [entry.action, entry.target.type, entry.target.id, entry.reason ?? ''].join(' ').toLowerCase(),
      schemaVersion,
    };
    // The month log is the admin's record: written first. A failure of the copy fails the call, so
    // a caller that audits before acting does not act.
    const write = (container: Container, body: Record<string, unknown>) =>
      entry.id === undefined ? container.items.create(body) : container.items.upsert(body);
    await write(this.log, { ...document, month: monthOf(entry.at) });
    if (subject) await write(this.bySubject, { ...document, userId: subject });
  }

  async search(
    filter: AuditFilter,
    page: { pageSize: number; continuationToken?: string },
  ): Promise<{ items: StoredAuditEntry[]; continuationToken?: string }> {
    const months = monthsDescending(filter.from, filter.until);
    const binding = filterBinding(filter);
    let start = 0;
    let resume: string | undefined;
    if (page.continuationToken !== undefined) {
      const token = decodeToken(page.continuationToken, binding);
      start = months.indexOf(token.month);
      if (start < 0) throw new InvalidPageTokenError();
      resume = token.inner;
    }
    const items: StoredAuditEntry[] = [];
    for (let index = start; index < months.length; index++) {
      const month = months[index] ?? '';
      const result = await singlePartitionPage(this.log, monthQuery(filter, month), {
        partitionKey: month,
        pageSize: page.pageSize - items.length,
        pageToken: index === start ? resume : undefined,
        accept: (documents: unknown[]) => documents.map(toStored),
      });
      items.push(...result.items);
      if (result.continuationToken) {
        return { items, continuationToken: encodeToken(binding, month, result.continuationToken) };
      }
      if (items.length >= page.pageSize) {
        const next = months[index + 1];
        return next === undefined ? { items } : { items, continuationToken: encodeToken(binding, next) };
      }
    }
    return { items };
  }

  async concerning(userId: string, limit: number): Promise<StoredAuditEntry[]> {
    const documents = await drain<unknown>(
      this.bySubject,
      {
        query: 'SELECT TOP @limit * FROM c WHERE c.userId = @u ORDER BY c.at DESC',
        parameters: [
          { name: '@limit', value: limit },
          { name: '@u', value: userId },
        ],
      },
      { partitionKey: userId, limit },
    );
    return documents.map(toStored);
  }
}

function monthQuery(filter: AuditFilter, month: string): SqlQuerySpec {
  const conditions = ['c.month = @month', 'c.at >= @from', 'c.at < @until'];
  const parameters: { name: string; value: string }[] = [
    { name: '@month', value: month },
    { name: '@from', value: filter.from },
    { name: '@until', value: filter.until },
  ];
  if (filter.actorId !== undefined) {
    conditions.push('c.actorId = @actor');
    parameters.push({ name: '@actor', value: filter.actorId });
  }
  if (filter.action !== undefined) {
    conditions.push('c.action = @action');
    parameters.push({ name: '@action', value: filter.action });
  }
  if (filter.targetType !== undefined) {
    conditions.push('c.targetType = @targetType');
    parameters.push({ name: '@targetType', value: filter.targetType });
  }
  if (filter.targetId !== undefined) {
    conditions.push('(c.targetId = @target OR c.subjectUserId = @target)');
    parameters.push({ name: '@target', value: filter.targetId });
  }
  if (filter.text !== undefined) {
    conditions.push('CONTAINS(c.search, @text)');
    parameters.push({ name: '@text', value: filter.text });
  }
  return { query: `SELECT * FROM c WHERE ${conditions.join(' AND ')} ORDER BY c.at DESC`, parameters };
}

const jsonValue: z.ZodType<AuditValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

// Version 1 (INAMI reveals, `audit` only): actor, action, subject and time.
const documentSchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  action: z.string(),
  targetType: z.string().optional(),
  targetId: z.string().optional(),
  subjectUserId: z.string().optional(),
  userId: z.string().optional(),
  before: jsonValue.optional(),
  after: jsonValue.optional(),
  reason: z.string().optional(),
});

function toStored(document: unknown): StoredAuditEntry {
  const doc = documentSchema.parse(document);
  const subject = doc.subjectUserId ?? doc.userId;
  return {
    id: doc.id,
    at: doc.at,
    actor: doc.actorId,
    action: doc.action,
    target:
      doc.targetType !== undefined && doc.targetId !== undefined
        ? { type: doc.targetType, id: doc.targetId }
        : { type: 'user', id: subject ?? '' },
    ...(subject ? { subjectUserId: subject } : {}),
    ...(doc.before !== undefined ? { before: doc.before } : {}),
    ...(doc.after !== undefined ? { after: doc.after } : {}),
    ...(doc.reason !== undefined ? { reason: doc.reason } : {}),
  };
}

const tokenVersion = 1;

/** What a search token is bound to: every filter and the period (the month is in the token itself). */
function filterBinding(filter: AuditFilter): string {
  const fields = [
    filter.from,
    filter.until,
    filter.actorId,
    filter.action,
    filter.targetType,
    filter.targetId,
    filter.text,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url').slice(0, 16);
}

function encodeToken(binding: string, month: string, inner?: string): string {
  const body = { v: tokenVersion, b: binding, m: month, ...(inner === undefined ? {} : { t: inner }) };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

const tokenSchema = z.object({
  v: z.literal(tokenVersion),
  b: z.string(),
  m: z.string().regex(/^\d{4}-\d{2}$/),
  t: z.string().min(1).optional(),
});

/** The month to resume at and Cosmos's page token inside it, or InvalidPageTokenError (a 400). */
function decodeToken(token: string, binding: string): { month: string; inner?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidPageTokenError();
  }
  const checked = tokenSchema.safeParse(parsed);
  if (!checked.success || checked.data.b !== binding) throw new InvalidPageTokenError();
  return { month: checked.data.m, ...(checked.data.t === undefined ? {} : { inner: checked.data.t }) };
}
