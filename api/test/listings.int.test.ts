// Parity: every listing a client pages through walks past its first page through the local stack (the
// api bundle in the local Functions host, against the Cosmos emulator that refuses cross-partition
// ORDER BY as the real gateway does), and the timers' sweeps run with nothing to do. Before the
// redesign, these listings were cross-partition ORDER BY queries: on real Cosmos (and on the emulator
// now) they return no continuation token, so page one was the last, and an empty one is undefined.
import type { CosmosClient } from '@azure/cosmos';
import {
  diplomaReviewListSchema,
  newsListSchema,
  problemSchema,
  userListSchema,
  type Diploma,
} from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CosmosDiplomaRepository } from '../src/adapters/cosmos/diploma-repository';
import type { UserProfile } from '../src/domain/identity/model';
import type { HttpMethod } from '@azure/functions';
import { startApiStack, type ApiStack } from '../../tests/support/api-stack';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
const databaseName = `soins-listings-${String(Date.now())}`;
let stack: ApiStack;
let cosmos: CosmosClient;

beforeAll(async () => {
  stack = await startApiStack(emulators, databaseName);
  cosmos = emulatorCosmosClient(emulators);
}, 120_000);

afterAll(async () => {
  await stack.stop();
  cosmos.dispose();
});

/** The path of a registered route, found by what it does (the staff prefix may change). */
function routePath(method: HttpMethod, pattern: RegExp): string {
  const route = stack.composition.routes.find((r) => r.methods.includes(method) && pattern.test(r.route));
  if (!route) throw new Error(`no ${method} route matching ${String(pattern)}`);
  return route.route;
}

const withQuery = (path: string, query: Record<string, string | undefined>): string => {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return params.size > 0 ? `${path}?${params.toString()}` : path;
};

/** Every page of a listing, following the continuation tokens the api hands out. */
async function walk<T>(
  path: string,
  query: Record<string, string | undefined>,
  parse: (body: unknown) => { items: T[]; continuationToken?: string | undefined },
): Promise<T[][]> {
  const pages: T[][] = [];
  let token: string | undefined;
  do {
    const response = await stack.call(
      'admin',
      'GET',
      withQuery(path, { ...query, continuationToken: token }),
    );
    expect(response.status).toBe(200);
    const page = parse(await response.json());
    pages.push(page.items);
    token = page.continuationToken;
    if (pages.length > 20) throw new Error('the listing does not end');
  } while (token);
  return pages;
}

describe('timers with nothing to do', () => {
  it('diploma-scan-requeue and quiz-certificate-requests-sweep run on an empty database', async () => {
    await expect(stack.host.timers.fire('diploma-scan-requeue')).resolves.toBeUndefined();
    await expect(stack.host.timers.fire('quiz-certificate-requests-sweep')).resolves.toBeUndefined();
  });
});

describe('news (GET /api/news)', () => {
  it('answers an empty list when there is no news', async () => {
    const response = await stack.call('anonymous', 'GET', 'news');
    expect(response.status).toBe(200);
    expect(newsListSchema.parse(await response.json())).toEqual({ items: [] });
  });

  it('pages newest first past the first page', async () => {
    const publish = routePath('POST', /news$/);
    for (let n = 1; n <= 23; n++) {
      const response = await stack.call('admin', 'POST', publish, {
        json: {
          title: { fr: `Nouvelle ${String(n)}`, nl: `Nieuws ${String(n)}` },
          body: { fr: 'Texte', nl: 'Tekst' },
          // Windows that opened n hours ago (the list shows items inside their window).
          publishFrom: new Date(Date.now() - (24 - n) * 3600_000).toISOString(),
        },
      });
      expect(response.status).toBe(201);
    }
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const response = await stack.call(
        'anonymous',
        'GET',
        withQuery('news', { limit: '7', continuationToken: token }),
      );
      expect(response.status).toBe(200);
      const page = newsListSchema.parse(await response.json());
      pages.push(page.items.map((item) => item.title.fr ?? ''));
      token = page.continuationToken;
    } while (token && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 2]);
    expect(pages.flat()).toEqual(Array.from({ length: 23 }, (_, i) => `Nouvelle ${String(23 - i)}`));
  });

  it('refuses a forged page token with 400', async () => {
    const response = await stack.call('anonymous', 'GET', 'news?continuationToken=forged');
    expect(response.status).toBe(400);
    expect(problemSchema.parse(await response.json()).errors?.[0]?.path).toBe('continuationToken');
  });
});

describe('admin user list', () => {
  const created: UserProfile[] = [];

  beforeAll(async () => {
    for (let n = 1; n <= 30; n++) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
      const profile: UserProfile = {
        id: `u_listing${String(n).padStart(4, '0')}`,
        issuer: 'https://listing.test',
        subject: `listing-${String(n)}`,
        email: `listing.user.${String(n)}@example.be`,
        displayName: `Listing User ${String(n).padStart(2, '0')}`,
        roles: ['learner'],
        language: 'fr',
        status: 'active',
        createdAt: at,
        updatedAt: at,
      };
      expect(await stack.composition.users.create(profile)).toBe(true);
      created.push(profile);
    }
  });

  it('pages every user exactly once, newest first', async () => {
    const path = routePath('GET', /users$/);
    const pages = await walk(path, {}, (body) => userListSchema.parse(body));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toHaveLength(25);
    const ids = pages.flat().map((user) => user.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const profile of created) expect(ids).toContain(profile.id);
    expect(ids).toContain(stack.idOf('admin'));
    const listed = pages.flat().map((user) => user.createdAt);
    expect(listed).toEqual([...listed].sort().reverse());
  });

  it('pages a search past its first page, keeping the search', async () => {
    const path = routePath('GET', /users$/);
    const pages = await walk(path, { q: 'LISTING.user' }, (body) => userListSchema.parse(body));
    expect(pages.map((page) => page.length)).toEqual([25, 5]);
    expect(pages.flat().map((user) => user.displayName)).toEqual(
      created.map((profile) => profile.displayName).reverse(),
    );
  });

  it('leaves out deleted users and follows a changed e-mail', async () => {
    const path = routePath('GET', /users$/);
    const [first, second] = created;
    if (!first || !second) throw new Error('no users');
    const stored = await stack.composition.users.get(first.id);
    if (!stored) throw new Error('missing');
    expect(await stack.composition.users.replace({ ...stored.value, status: 'deleted' }, stored.etag)).toBe(
      true,
    );
    const other = await stack.composition.users.get(second.id);
    if (!other) throw new Error('missing');
    const renamed = { ...other.value, email: 'renamed.person@example.be' };
    expect(await stack.composition.users.replace(renamed, other.etag)).toBe(true);
    const all = (await walk(path, { q: 'listing.user' }, (body) => userListSchema.parse(body))).flat();
    expect(all.map((user) => user.id)).not.toContain(first.id);
    expect(all.map((user) => user.id)).not.toContain(second.id);
    const found = (await walk(path, { q: 'renamed.person' }, (body) => userListSchema.parse(body))).flat();
    expect(found.map((user) => user.id)).toEqual([second.id]);
  });

  it('refuses a forged token, and a token of another search, with 400', async () => {
    const path = routePath('GET', /users$/);
    const forged = await stack.call('admin', 'GET', withQuery(path, { continuationToken: '{"x":1}' }));
    expect(forged.status).toBe(400);
    const first = userListSchema.parse(
      await (await stack.call('admin', 'GET', withQuery(path, { q: 'listing' }))).json(),
    );
    expect(first.continuationToken).toBeDefined();
    const foreign = await stack.call(
      'admin',
      'GET',
      withQuery(path, { q: 'example.be', continuationToken: first.continuationToken }),
    );
    expect(foreign.status).toBe(400);
    expect(problemSchema.parse(await foreign.json()).errors?.[0]?.path).toBe('continuationToken');
  });
});

describe('diploma review queue', () => {
  const pending: Diploma[] = [];

  beforeAll(async () => {
    // The records as the upload and the scan write them (the api's own repository), without 27 uploads.
    const diplomas = new CosmosDiplomaRepository(cosmos, databaseName);
    for (let n = 1; n <= 27; n++) {
      const diploma: Diploma = {
        id: `dlisting${String(n).padStart(4, '0')}`,
        userId: `u_listing${String(n).padStart(4, '0')}`,
        status: 'scanning',
        contentType: 'application/pdf',
        sizeBytes: 100,
        uploadedAt: new Date(Date.UTC(2026, 1, 1, 0, n)).toISOString(),
      };
      await diplomas.create(diploma);
      const stored = await diplomas.get(diploma.userId, diploma.id);
      if (!stored) throw new Error('missing');
      const scanned: Diploma = { ...diploma, status: 'pending_review' };
      expect(await diplomas.replace(scanned, stored.etag)).toBe(true);
      pending.push(scanned);
    }
  });

  it('pages every diploma waiting for a decision, oldest first', async () => {
    const path = routePath('GET', /diplomas$/);
    const pages = await walk(path, {}, (body) => diplomaReviewListSchema.parse(body));
    expect(pages.map((page) => page.length)).toEqual([25, 2]);
    expect(pages.flat().map((d) => d.id)).toEqual(pending.map((d) => d.id));
  });

  it('drops a decided diploma from the queue', async () => {
    const path = routePath('GET', /diplomas$/);
    const [decided] = pending;
    if (!decided) throw new Error('none');
    const decide = routePath('POST', /decision$/)
      .replace('{userId}', decided.userId)
      .replace('{diplomaId}', decided.id);
    expect((await stack.call('admin', 'POST', decide, { json: { decision: 'approve' } })).status).toBe(200);
    const ids = (await walk(path, {}, (body) => diplomaReviewListSchema.parse(body))).flat().map((d) => d.id);
    expect(ids).toHaveLength(26);
    expect(ids).not.toContain(decided.id);
  });

  it('requeues a stalled scan from the timer, and nothing else', async () => {
    const diplomas = new CosmosDiplomaRepository(cosmos, databaseName);
    const stalled: Diploma = {
      id: 'dlistingstalled',
      userId: 'u_listing0001',
      status: 'scanning',
      contentType: 'application/pdf',
      sizeBytes: 100,
      uploadedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    };
    await diplomas.create(stalled);
    expect(
      (await diplomas.stalledScans(new Date(Date.now() - 5 * 60_000).toISOString())).map((d) => d.id),
    ).toEqual(['dlistingstalled']);
    await expect(stack.host.timers.fire('diploma-scan-requeue')).resolves.toBeUndefined();
  });
});
