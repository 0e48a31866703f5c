import type { Container, CosmosClient, SqlQuerySpec } from '@azure/cosmos';
import { languageSchema, professionSchema, roleSchema, type Role } from '@soins/shared';
import { z } from 'zod';
import type { UserPage, UserProfile, UserRepository, Versioned } from '../../domain/identity/model';
import { cosmosStatus, fetchPage } from './errors';

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

function toProfile(document: unknown): Versioned<UserProfile> {
  const {
    _etag,
    emailLower: _emailLower,
    schemaVersion: _version,
    ...profile
  } = userDocumentSchema.parse(document);
  return { value: profile, etag: _etag };
}

/** Profiles in the `users` container, partitioned by id: every lookup on the hot path is a point read. */
export class CosmosUserRepository implements UserRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('users');
  }

  async get(id: string): Promise<Versioned<UserProfile> | undefined> {
    const { resource, statusCode } = await this.container.item(id, id).read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return toProfile(resource);
  }

  async create(profile: UserProfile): Promise<boolean> {
    try {
      await this.container.items.create(toDocument(profile));
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 409) return false;
      throw error;
    }
  }

  async replace(profile: UserProfile, etag: string): Promise<boolean> {
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

  /** Admin listing: cross-partition, continuation-token paging (no OFFSET, which the emulator lacks). */
  async list(query: { search?: string; continuationToken?: string; pageSize: number }): Promise<UserPage> {
    const search = query.search?.toLowerCase();
    const spec: SqlQuerySpec = search
      ? {
          query:
            "SELECT * FROM c WHERE c.status != 'deleted' AND (CONTAINS(c.emailLower, @q) OR CONTAINS(LOWER(c.displayName), @q)) ORDER BY c.createdAt DESC",
          parameters: [{ name: '@q', value: search }],
        }
      : { query: "SELECT * FROM c WHERE c.status != 'deleted' ORDER BY c.createdAt DESC" };
    const iterator = this.container.items.query<Record<string, unknown>>(spec, {
      maxItemCount: query.pageSize,
      ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
    });
    const page = await fetchPage(query.continuationToken, () => iterator.fetchNext());
    return {
      items: page.resources.map((doc) => toProfile(doc).value),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    };
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
