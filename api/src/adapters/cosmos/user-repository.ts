import type { Container, CosmosClient, SqlQuerySpec } from '@azure/cosmos';
import {
  languageSchema,
  professionSchema,
  roleSchema,
  subscriptionStatusSchema,
  type Role,
  type SubscriptionStatus,
  lazySchema,
} from '@soins/shared';
import { z } from 'zod';
import type {
  DirectoryUser,
  SubscriptionDirectory,
  UserListQuery,
  UserPage,
  UserProfile,
  UserRepository,
  Versioned,
} from '../../domain/identity/model';
import { cosmosStatus } from './errors';
import { CosmosListings } from './listings';
import { drain, singlePartitionPage } from './paging';

const schemaVersion = 1;

// Every document read from Cosmos is validated; a malformed one is a bug, not user input.
const userDocumentSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    schemaVersion: z.literal(schemaVersion),
    issuer: z.string(),
    subject: z.string(),
    email: z.string(),
    emailLower: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    language: languageSchema,
    status: z.enum(['active', 'disabled', 'deleted']),
    createdAt: z.string(),
    updatedAt: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    profession: professionSchema.optional(),
    specialistTitle: z.boolean().optional(),
    phone: z.string().optional(),
    _etag: z.string(),
  }),
);

function toDocument(profile: UserProfile): Record<string, unknown> {
  return { ...profile, roles: [...profile.roles], emailLower: profile.email.toLowerCase(), schemaVersion };
}

// The admin directory's entry of a profile (`listings`, list `users`): what the list filters and sorts on.
// The profile fields are written with every profile write; `subscription` by billing (noteSubscription).
const directoryEntrySchema = lazySchema(() =>
  z.object({
    id: z.string(),
    createdAt: z.string(),
    emailLower: z.string(),
    nameLower: z.string(),
    status: z.string(),
    // Entries written before the filters existed lack these; the bootstrap's rebuild adds them.
    roles: z.array(roleSchema).optional(),
    profession: professionSchema.nullable().optional(),
    subscription: subscriptionStatusSchema.optional(),
  }),
);
type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

/** The profile-owned fields of a directory entry (never `subscription`, which billing owns). */
const directoryEntryOf = (profile: UserProfile) => ({
  id: profile.id,
  createdAt: profile.createdAt,
  emailLower: profile.email.toLowerCase(),
  nameLower: profile.displayName.toLowerCase(),
  status: profile.status,
  roles: [...profile.roles],
  profession: profile.profession ?? null,
});

const matches = (profile: UserProfile, query: Omit<UserListQuery, 'pageSize'>): boolean =>
  profile.status !== 'deleted' &&
  (query.search === undefined ||
    profile.email.toLowerCase().includes(query.search) ||
    profile.displayName.toLowerCase().includes(query.search)) &&
  (query.role === undefined || profile.roles.includes(query.role)) &&
  (query.status === undefined || profile.status === query.status) &&
  (query.profession === undefined || profile.profession === query.profession);

/** The directory query of a search: one single-partition query, newest first. */
function directoryQuery(query: Omit<UserListQuery, 'pageSize' | 'continuationToken'>): SqlQuerySpec {
  const conditions = ['c.list = @list', "c.status != 'deleted'"];
  const parameters: { name: string; value: string }[] = [{ name: '@list', value: 'users' }];
  if (query.search !== undefined) {
    conditions.push('(CONTAINS(c.emailLower, @q) OR CONTAINS(c.nameLower, @q))');
    parameters.push({ name: '@q', value: query.search });
  }
  if (query.role !== undefined) {
    conditions.push('ARRAY_CONTAINS(c.roles, @role)');
    parameters.push({ name: '@role', value: query.role });
  }
  if (query.status !== undefined) {
    conditions.push('c.status = @status');
    parameters.push({ name: '@status', value: query.status });
  }
  if (query.profession !== undefined) {
    conditions.push('c.profession = @profession');
    parameters.push({ name: '@profession', value: query.profession });
  }
  if (query.subscription !== undefined) {
    conditions.push(
      query.subscription === 'none'
        ? "(NOT IS_DEFINED(c.subscription) OR c.subscription = 'none')"
        : 'c.subscription = @subscription',
    );
    if (query.subscription !== 'none') parameters.push({ name: '@subscription', value: query.subscription });
  }
  return {
    query: `SELECT * FROM c WHERE ${conditions.join(' AND ')} ORDER BY c.createdAt DESC`,
    parameters,
  };
}

function toProfile(document: unknown): Versioned<UserProfile> {
  const {
    _etag,
    emailLower: _emailLower,
    schemaVersion: _version,
    ...profile
  } = userDocumentSchema.parse(document);
  return { value: profile, etag: _etag };
}

/**
 * Profiles in the `users` container, partitioned by id: every lookup on the hot path is a point read.
 * The admin list pages through a directory kept for the purpose (`listings`, list `users`, one logical
 * partition), written before each profile write and checked against the profile when listed.
 */
export class CosmosUserRepository implements UserRepository, SubscriptionDirectory {
  private readonly container: Container;
  private readonly listings: CosmosListings;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('users');
    this.listings = new CosmosListings(client, database);
  }

  async get(id: string): Promise<Versioned<UserProfile> | undefined> {
    const { resource, statusCode } = await this.container.item(id, id).read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return toProfile(resource);
  }

  async create(profile: UserProfile): Promise<boolean> {
    // Directory entry first: a profile is never missing from the list; an entry whose profile write
    // then fails is skipped by the list (it checks every entry against the profile).
    await this.listings.merge('users', directoryEntryOf(profile));
    try {
      await this.container.items.create(toDocument(profile));
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 409) return false;
      throw error;
    }
  }

  async replace(profile: UserProfile, etag: string): Promise<boolean> {
    await this.listings.merge('users', directoryEntryOf(profile));
    try {
      await this.container
        .item(profile.id, profile.id)
        .replace(toDocument(profile), { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 412) return false;
      throw error;
    }
  }

  /**
   * Admin listing, newest first, optionally searched by e-mail or name and filtered by role, status,
   * profession and subscription: one page of the directory (single-partition query, Cosmos continuation
   * tokens), each entry confirmed by a point read of the profile (deleted, vanished or no longer matching
   * profiles are left out and the page is refilled).
   */
  async list(query: UserListQuery): Promise<UserPage> {
    const filters = {
      ...query,
      ...(query.search === undefined ? {} : { search: query.search.toLowerCase() }),
    };
    return singlePartitionPage(this.listings.container, directoryQuery(filters), {
      partitionKey: 'users',
      pageSize: query.pageSize,
      pageToken: query.continuationToken,
      accept: async (documents: unknown[]) => {
        const found = await Promise.all(
          documents.map(async (document): Promise<DirectoryUser | undefined> => {
            const entry = directoryEntrySchema.parse(document);
            const profile = (await this.get(entry.id))?.value;
            if (!profile || !matches(profile, filters)) return undefined;
            return { profile, subscription: entry.subscription ?? 'none' };
          }),
        );
        return found.filter((user): user is DirectoryUser => user !== undefined);
      },
    });
  }

  async findByEmail(email: string): Promise<UserProfile | undefined> {
    const emailLower = email.trim().toLowerCase();
    const entries = await drain<unknown>(
      this.listings.container,
      {
        query: "SELECT * FROM c WHERE c.list = @list AND c.emailLower = @e AND c.status != 'deleted'",
        parameters: [
          { name: '@list', value: 'users' },
          { name: '@e', value: emailLower },
        ],
      },
      { partitionKey: 'users', limit: 5 },
    );
    for (const document of entries) {
      const profile = (await this.get(directoryEntrySchema.parse(document).id))?.value;
      if (profile && profile.status !== 'deleted' && profile.email.toLowerCase() === emailLower)
        return profile;
    }
    return undefined;
  }

  /** Billing's part of the directory entry; a profile without an entry yet gets it with its next write. */
  async noteSubscription(userId: string, status: SubscriptionStatus): Promise<void> {
    await this.listings.patchExisting('users', userId, { subscription: status });
  }

  /**
   * Writes the directory entry of every profile that lacks one or whose profile fields are out of date
   * (profiles stored before the directory or its filters existed, e.g. an older local snapshot).
   * Cross-partition sweep; returns how many entries it wrote.
   */
  async rebuildDirectory(): Promise<number> {
    const entries = new Map(
      (await this.listings.entries<unknown>('users')).map((doc) => {
        const entry: DirectoryEntry = directoryEntrySchema.parse(doc);
        return [entry.id, entry] as const;
      }),
    );
    const profiles = await drain<unknown>(this.container, { query: 'SELECT * FROM c' });
    let written = 0;
    for (const doc of profiles) {
      const wanted = directoryEntryOf(toProfile(doc).value);
      const current = entries.get(wanted.id);
      const currentFields = current && {
        id: current.id,
        createdAt: current.createdAt,
        emailLower: current.emailLower,
        nameLower: current.nameLower,
        status: current.status,
        roles: current.roles,
        profession: current.profession,
      };
      if (currentFields && JSON.stringify(currentFields) === JSON.stringify(wanted)) continue;
      await this.listings.merge('users', wanted);
      written++;
    }
    return written;
  }

  /** Active users holding a role (alerts to admins): cross-partition, rare, bounded by the number of staff. */
  async activeWithRole(role: Role): Promise<UserProfile[]> {
    const { resources } = await this.container.items
      .query<Record<string, unknown>>({
        query: "SELECT * FROM c WHERE c.status = 'active' AND ARRAY_CONTAINS(c.roles, @role)",
        parameters: [{ name: '@role', value: role }],
      })
      .fetchAll();
    return resources.map((doc) => toProfile(doc).value);
  }
}
