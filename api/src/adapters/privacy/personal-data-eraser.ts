import type { CosmosClient } from '@azure/cosmos';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { Clock } from '../../domain/ports';
import type { ErasureAction, PersonalDataEraser } from '../../domain/privacy/erasure';
import { cosmosStatus } from '../cosmos/errors';
import type { ResourceManifest } from '../resources';
import { StoragePersonalDataReader } from './personal-data-reader';

type Doc = Record<string, unknown>;

/** A document without Cosmos's system properties (`_rid`, `_etag`, …), ready to write back. */
const userFields = (doc: Doc): Doc =>
  Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));

/**
 * Applies the erasure plan's actions on Cosmos DB and Blob Storage, finding the person's data with the
 * same reader as the export (the inventory's locators). Every action is idempotent: a document already
 * deleted is a 404 that is ignored; a pseudonymised one no longer names the person, so a retry skips it.
 */
export class StoragePersonalDataEraser implements PersonalDataEraser {
  private readonly reader: StoragePersonalDataReader;
  private readonly partitionPaths: ReadonlyMap<string, string>;

  constructor(
    private readonly deps: {
      cosmos: CosmosClient;
      database: string;
      blobService: BlobServiceClient;
      manifest: ResourceManifest;
      clock: Clock;
    },
  ) {
    this.reader = new StoragePersonalDataReader(deps);
    this.partitionPaths = new Map(deps.manifest.cosmos.containers.map((c) => [c.name, c.partitionKey]));
  }

  async apply(
    step: { store: string; storeKind: 'cosmos' | 'blob' | 'queue' | 'local' },
    action: ErasureAction,
    person: { userId: string; pseudonym: string },
  ): Promise<number> {
    const { store } = step;
    switch (action.kind) {
      case 'in-transit':
        return 0;
      case 'delete-blobs': {
        const container = this.deps.blobService.getContainerClient(store);
        const names = await this.reader.blobNames(store, person.userId);
        for (const name of names) await container.getBlobClient(name).deleteIfExists();
        return names.length;
      }
      case 'delete': {
        const docs = await this.reader.documents(store, action.locator, person.userId);
        for (const doc of docs) await this.delete(store, doc);
        return docs.length;
      }
      case 'pseudonymise-fields': {
        const docs = await this.reader.documents(store, action.locator, person.userId);
        const items = this.container(store);
        for (const doc of docs) {
          const next = userFields(doc);
          for (const field of action.fields)
            if (next[field] === person.userId) next[field] = person.pseudonym;
          await items.items.upsert(next);
        }
        return docs.length;
      }
      case 'pseudonymise-billing': {
        const docs = await this.reader.documents(store, { kind: 'partition' }, person.userId);
        const items = this.container(store);
        for (const doc of docs) {
          await items.items.upsert({
            ...userFields(doc),
            id: person.pseudonym,
            userId: person.pseudonym,
            erasedAt: this.deps.clock.now().toISOString(),
          });
          await this.delete(store, doc);
        }
        return docs.length;
      }
      case 'retain-verification': {
        const codes = await this.reader.documents(
          store,
          { kind: 'field', fields: ['userId'] },
          person.userId,
        );
        const certificates = this.container('certificates');
        for (const code of codes) {
          const certificateId = String(code.certificateId);
          const { resource } = await certificates.item(certificateId, person.userId).read<Doc>();
          const status = resource?.status;
          if (!resource || (status !== 'valid' && status !== 'revoked')) {
            // No certificate behind it (never issued): nothing to verify, nothing to keep.
            await this.delete(store, code);
            continue;
          }
          await this.container(store).items.upsert({
            ...userFields(code),
            userId: person.pseudonym,
            certificateId,
            retained: {
              status,
              training: String(resource.trainingTitle),
              hours: Number(resource.hours),
              completedAt: String(resource.completedAt),
            },
          });
        }
        return codes.length;
      }
    }
  }

  private container(name: string) {
    return this.deps.cosmos.database(this.deps.database).container(name);
  }

  private async delete(container: string, doc: Doc): Promise<void> {
    const path = this.partitionPaths.get(container);
    if (!path) throw new Error(`container ${container} is not in the manifest`);
    const key = doc[path.slice(1)];
    if (typeof key !== 'string') throw new Error(`document without partition key in ${container}`);
    try {
      await this.container(container).item(String(doc.id), key).delete();
    } catch (error) {
      if (cosmosStatus(error) !== 404) throw error;
    }
  }
}
