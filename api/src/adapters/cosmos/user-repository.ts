import type { Container, CosmosClient, SqlQuerySpec } from '@azure/cosmos';
import { languageSchema, professionSchema, roleSchema, type Role } from '@soins/shared';
import { z } from 'zod';
import type { UserPage, UserProfile, UserRepository, Versioned } from '../../domain/identity/model';
import { cosmosStatus } from './errors';
import { CosmosListings } from './listings';
import { drain, singlePartitionPage } from './paging';

const schemaVersion = 1;

// Every document read from Cosmos is validated; a malformed one is a bug, not user input.
const userDocumentSchema = z.object({
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
});

function toDocument(profile: UserProfile): Record<string, unknown> {
  return { ...profile, roles: [...profile.roles], emailLower: profile.email.toLowerCase(), schemaVersion };
}

// The admin directory's entry of a profile (`listings`, list `users`): what the list filters and sorts on.
const directoryEntrySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  emailLower: z.string(),
  nameLower: z.string(),
  status: z.string(),
});
type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

const directoryEntryOf = (profile: UserProfile): DirectoryEntry => ({
  id: profile.id,
  createdAt: profile.createdAt,
  emailLower: profile.email.toLowerCase(),
  nameLower: profile.displayName.toLowerCase(),
  status: profile.status,
});

const matchesSearch = (profile: UserProfile, search: string | undefined): boolean =>
  search === undefined ||
  profile.email.toLowerCase().includes(search) ||
  profile.displayName.toLowerCase().includes(search);

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
export class CosmosUserRepository implements UserRepository {
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
    await this.listings.upsert('users', directoryEntryOf(profile));
    try {
      await this.container.items.create(toDocument(profile));
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 409) return false;
      throw error;
    }
  }

  async replace(profile: UserProfile, etag: string): Promise<boolean> {
    await this.listings.upsert('users', directoryEntryOf(profile));
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
   * Admin listing, newest first, optionally searched by e-mail or name: one page of the directory
   * (single-partition query, Cosmos continuation tokens), each entry confirmed by a point read of the
   * profile (deleted, vanished or no longer matching profiles are left out and the page is refilled).
   */
  async list(query: { search?: string; continuationToken?: string; pageSize: number }): Promise<UserPage> {
    const search = query.search?.toLowerCase();
    const spec: SqlQuerySpec = {
      query:
        "SELECT * FROM c WHERE c.list = @list AND c.status != 'deleted'" +
        (search === undefined ? '' : ' AND (CONTAINS(c.emailLower, @q) OR CONTAINS(c.nameLower, @q))') +
        ' ORDER BY c.createdAt DESC',
      parameters: [
        { name: '@list', value: 'users' },
        ...(search === undefined ? [] : [{ name: '@q', value: search }]),
      ],
    };
    return singlePartitionPage(this.listings.container, spec, {
      partitionKey: 'users',
      pageSize: query.pageSize,
      pageToken: query.continuationToken,
      accept: async (entries: unknown[]) => {
        const profiles = await Promise.all(
          entries.map(async (entry) => (await this.get(directoryEntrySchema.parse(entry).id))?.value),
        );
        return profiles.filter(
          (profile): profile is UserProfile =>
            profile !== undefined && profile.status !== 'deleted' && matchesSearch(profile, search),
        );
      },
    });
  }

  /**
   * Writes the directory entry of every profile that lacks one or whose entry is out of date (profiles
   * stored before the directory existed, e.g. an older local snapshot). Cross-partition sweep; returns
   * how many entries it wrote.
   */
  async rebuildDirectory(): Promise<number> {
    const entries = new Map(
      (await this.listings.entries<unknown>('users')).map((doc) => {
        const entry = directoryEntrySchema.parse(doc);
        return [entry.id, entry] as const;
      }),
    );
    const profiles = await drain<unknown>(this.container, { query: 'SELECT * FROM c' });
    let written = 0;
    for (const doc of profiles) {
      const wanted = directoryEntryOf(toProfile(doc).value);
      const current = entries.get(wanted.id);
      if (current && JSON.stringify(current) === JSON.stringify(wanted)) continue;
      await this.listings.upsert('users', wanted);
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
