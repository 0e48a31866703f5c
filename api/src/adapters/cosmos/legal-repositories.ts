import type { Container, CosmosClient } from '@azure/cosmos';
import {
  legalDocumentSchema,
  legalDocumentTypeSchema,
  type LegalDocument,
  type LegalDocumentType,
} from '@soins/shared';
import { z } from 'zod';
import type { Acceptance, AcceptanceRepository, LegalRepository } from '../../domain/legal';
import { cosmosStatus } from './errors';

const schemaVersion = 1;

/** Versions partitioned by document type; the id is the version number, so a publish race is a 409. */
export class CosmosLegalRepository implements LegalRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('legal');
  }

  async current(type: LegalDocumentType): Promise<LegalDocument | undefined> {
    const { resources } = await this.container.items
      .query<unknown>(
        {
          query: 'SELECT TOP 1 * FROM c WHERE c.type = @t ORDER BY c.version DESC',
          parameters: [{ name: '@t', value: type }],
        },
        { partitionKey: type },
      )
      .fetchAll();
    return resources[0] === undefined ? undefined : legalDocumentSchema.parse(resources[0]);
  }

  async publish(document: LegalDocument & { publishedBy: string }): Promise<boolean> {
    try {
      await this.container.items.create({ ...document, id: `v${document.version}`, schemaVersion });
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 409) return false;
      throw error;
    }
  }

  async versions(type: LegalDocumentType): Promise<LegalDocument[]> {
    const { resources } = await this.container.items
      .query<unknown>(
        {
          query: 'SELECT * FROM c WHERE c.type = @t ORDER BY c.version DESC',
          parameters: [{ name: '@t', value: type }],
        },
        { partitionKey: type },
      )
      .fetchAll();
    return resources.map((doc) => legalDocumentSchema.parse(doc));
  }

  async version(type: LegalDocumentType, version: number): Promise<LegalDocument | undefined> {
    const { resource, statusCode } = await this.container
      .item(`v${String(version)}`, type)
      .read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return legalDocumentSchema.parse(resource);
  }
}

const acceptanceSchema = z.object({
  userId: z.string(),
  type: legalDocumentTypeSchema,
  version: z.number().int().positive(),
  acceptedAt: z.string(),
});

const acceptanceId = (type: LegalDocumentType, version: number): string => `${type}:v${String(version)}`;

/** Every acceptance kept as its own record (user, document, version, time), partitioned by user. */
export class CosmosAcceptanceRepository implements AcceptanceRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('acceptances');
  }

  async acceptedBy(userId: string): Promise<Acceptance[]> {
    const { resources } = await this.container.items
      .query<unknown>(
        { query: 'SELECT * FROM c WHERE c.userId = @u', parameters: [{ name: '@u', value: userId }] },
        { partitionKey: userId },
      )
      .fetchAll();
    return resources.map((doc) => acceptanceSchema.parse(doc));
  }

  async hasAccepted(userId: string, type: LegalDocumentType, version: number): Promise<boolean> {
    const { statusCode, resource } = await this.container
      .item(acceptanceId(type, version), userId)
      .read<Record<string, unknown>>();
    return statusCode !== 404 && resource !== undefined;
  }

  async record(acceptance: Acceptance): Promise<void> {
    try {
      await this.container.items.create({
        ...acceptance,
        id: acceptanceId(acceptance.type, acceptance.version),
        schemaVersion,
      });
    } catch (error) {
      if (cosmosStatus(error) !== 409) throw error; // already accepted: the first record stands
    }
  }
}
