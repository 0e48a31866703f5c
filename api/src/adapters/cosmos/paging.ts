// Paging that holds on the real Cosmos DB, not only on the emulator (DESIGN.md §3).
//
// A cross-partition query with ORDER BY, TOP or an aggregate is refused by the gateway and run by
// @azure/cosmos itself, from a query plan: in 4.x such a query returns no continuation token, a
// supplied one throws a plain Error, and a page that ran dry has `resources === undefined`. So a
// listing that a client pages through is a single-partition query (its own logical partition, e.g. a
// list of the `listings` container), whose continuation tokens are Cosmos's own; cross-partition reads
// are sweeps that drain one iterator and never hand a token out.
import { createHash } from 'node:crypto';
import type { Container, SqlQuerySpec } from '@azure/cosmos';
import { InvalidPageTokenError } from '../../domain/ports';
import { fetchPage } from './errors';

/**
 * A page's documents. The SDK types `FeedResponse.resources` as `T[]`, but a client-side (pipelined)
 * page that ran dry has none: take the page as possibly without them.
 */
export const resourcesOf = <T>(page: { readonly resources?: T[] }): T[] => page.resources ?? [];

/** Every document of a query, draining one iterator (no continuation token ever leaves this function). */
export async function drain<T>(
  container: Container,
  spec: SqlQuerySpec,
  options: { partitionKey?: string; limit?: number } = {},
): Promise<T[]> {
  const iterator = container.items.query<T>(spec, {
    ...(options.partitionKey !== undefined ? { partitionKey: options.partitionKey } : {}),
    ...(options.limit !== undefined ? { maxItemCount: Math.min(options.limit, 100) } : {}),
  });
  const found: T[] = [];
  while (iterator.hasMoreResults() && (options.limit === undefined || found.length < options.limit)) {
    found.push(...resourcesOf(await iterator.fetchNext()));
  }
  return options.limit === undefined ? found : found.slice(0, options.limit);
}

const tokenVersion = 1;

/**
 * What a page token is bound to: the query text, its parameters and the partition. A token handed out
 * for one listing (or one search) is refused by another instead of resuming at a foreign position.
 */
function bindingOf(spec: SqlQuerySpec, partitionKey: string): string {
  return createHash('sha256')
    .update(JSON.stringify([spec.query, spec.parameters ?? [], partitionKey]))
    .digest('base64url')
    .slice(0, 16);
}

/** The token clients see: Cosmos's continuation token with the binding of its query (base64url JSON). */
export function encodePageToken(spec: SqlQuerySpec, partitionKey: string, continuation: string): string {
  const body = { v: tokenVersion, b: bindingOf(spec, partitionKey), c: continuation };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** Cosmos's continuation token inside a page token, or InvalidPageTokenError (a 400) for anything else. */
export function decodePageToken(spec: SqlQuerySpec, partitionKey: string, token: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidPageTokenError();
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !('v' in parsed && 'b' in parsed && 'c' in parsed) ||
    parsed.v !== tokenVersion ||
    parsed.b !== bindingOf(spec, partitionKey) ||
    typeof parsed.c !== 'string' ||
    parsed.c.length === 0
  ) {
    throw new InvalidPageTokenError();
  }
  return parsed.c;
}

export interface Page<T> {
  readonly items: T[];
  readonly continuationToken?: string;
}

/**
 * One page of a single-partition query. `accept` (optional) checks each document against its source
 * (e.g. a point read of the profile a directory entry points at) and drops or maps it; the page is
 * then filled from the following documents, so a client gets `pageSize` items whenever there are
 * that many. The token is Cosmos's own continuation token, bound to this query (see encodePageToken).
 */
export async function singlePartitionPage<T>(
  container: Container,
  spec: SqlQuerySpec,
  options: {
    readonly partitionKey: string;
    readonly pageSize: number;
    readonly pageToken?: string | undefined;
    readonly accept: (documents: unknown[]) => Promise<T[]> | T[];
  },
): Promise<Page<T>> {
  const { partitionKey, pageSize } = options;
  let continuation =
    options.pageToken === undefined ? undefined : decodePageToken(spec, partitionKey, options.pageToken);
  const supplied = continuation;
  const items: T[] = [];
  do {
    const token = continuation;
    const page = await fetchPage(token === supplied ? token : undefined, () =>
      container.items
        .query<unknown>(spec, {
          partitionKey,
          maxItemCount: pageSize - items.length,
          ...(token !== undefined ? { continuationToken: token } : {}),
        })
        .fetchNext(),
    );
    items.push(...(await options.accept(resourcesOf(page))));
    continuation = page.continuationToken ? page.continuationToken : undefined;
  } while (continuation !== undefined && items.length < pageSize);
  return {
    items,
    ...(continuation !== undefined
      ? { continuationToken: encodePageToken(spec, partitionKey, continuation) }
      : {}),
  };
}
