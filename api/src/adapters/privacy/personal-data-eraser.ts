import type { CosmosClient } from '@azure/cosmos';
import type { Clock } from '../../domain/ports';
import type { ErasureAction, PersonalDataEraser } from '../../domain/privacy/erasure';
import { cosmosStatus } from '../cosmos/errors';
import type { ResourceManifest } from '../resources';
import type { BlobStorage } from '../storage/connection';
import { StoragePersonalDataReader } from './personal-data-reader';

type Doc = Record<string, unknown>;
type Retained = { status: 'valid' | 'revoked'; training: string; hours: number; completedAt: string };

/**
 * A training session without the person: her registration, attendance mark and attestation leave it;
 * where she acted as trainer or staff (assigned, marked, signed off, scheduled) the pseudonym stays.
 */
export function withoutPerson(session: Doc, person: { userId: string; pseudonym: string }): Doc {
  const swap = (value: unknown): unknown => (value === person.userId ? person.pseudonym : value);
  const list = (value: unknown): Doc[] => (Array.isArray(value) ? (value as Doc[]) : []);
  const attendance = Object.fromEntries(
    Object.entries((session.attendance ?? {}) as Record<string, Doc>)
      .filter(([userId]) => userId !== person.userId)
      .map(([userId, mark]) => [userId, { ...mark, markedBy: swap(mark.markedBy) }]),
  );
  const signedOff = session.signedOff as Doc | undefined;
  const cancellation = session.cancellation as Doc | undefined;
  return {
    ...session,
    createdBy: swap(session.createdBy),
    trainerIds: list(session.trainerIds).map(swap),
    registrations: list(session.registrations).filter((r) => r.userId !== person.userId),
    attendance,
    attestations: list(session.attestations).filter((a) => a.userId !== person.userId),
    ...(signedOff ? { signedOff: { ...signedOff, by: swap(signedOff.by) } } : {}),
    ...(cancellation ? { cancellation: { ...cancellation, by: swap(cancellation.by) } } : {}),
  };
}

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
      blobs: BlobStorage;
      manifest: ResourceManifest;
      clock: Clock;
      /**
       * Frees the person's seat in a session before her data leaves it, so the waiting list moves up
       * (sessions' `releaseForErasure`, idempotent).
       */
      releaseSessionSeat?: (sessionId: string, userId: string) => Promise<void>;
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
        const container = await this.deps.blobs.container(store);
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
        for (const code of codes) {
          const retained =
            typeof code.sessionId === 'string'
              ? await this.retainedAttestation(code.sessionId, String(code.certificateId))
              : await this.retainedCertificate(String(code.certificateId), person.userId);
          if (!retained) {
            // No document behind it (never issued): nothing to verify, nothing to keep.
            await this.delete(store, code);
            continue;
          }
          await this.container(store).items.upsert({
            ...userFields(code),
            userId: person.pseudonym,
            // An attestation's id is `<sessionId>.<userId>`: the lookup keeps the pseudonym instead.
            certificateId: String(code.certificateId).split(person.userId).join(person.pseudonym),
            retained,
          });
        }
        return codes.length;
      }
      case 'erase-from-sessions': {
        let docs = await this.reader.documents(store, { kind: 'mentions' }, person.userId);
        const release = this.deps.releaseSessionSeat;
        if (release) {
          // Her seat goes to the waiting list first; then the sessions are read again (they changed).
          for (const doc of docs) if (doc.kind === 'session') await release(String(doc.id), person.userId);
          docs = await this.reader.documents(store, { kind: 'mentions' }, person.userId);
        }
        for (const doc of docs) {
          if (doc.kind !== 'session') {
            // A listing of the person's own sessions as a trainer (partition `list:trainer:<userId>`).
            await this.delete(store, doc);
            continue;
          }
          // Only over the version read: a registration meanwhile fails this step, which is retried.
          await this.container(store)
            .item(String(doc.id), String(doc.partition))
            .replace(withoutPerson(userFields(doc), person), {
              accessCondition: { type: 'IfMatch', condition: String(doc._etag) },
            });
        }
        return docs.length;
      }
    }
  }

  private async retainedCertificate(certificateId: string, userId: string): Promise<Retained | undefined> {
    const { resource } = await this.container('certificates').item(certificateId, userId).read<Doc>();
    const status = resource?.status;
    if (!resource || (status !== 'valid' && status !== 'revoked')) return undefined;
    return {
      status,
      training: String(resource.trainingTitle),
      hours: Number(resource.hours),
      completedAt: String(resource.completedAt),
    };
  }

  /** The same minimum for an in-person session's attestation (read before the session forgets her). */
  private async retainedAttestation(sessionId: string, attestationId: string): Promise<Retained | undefined> {
    const { resource } = await this.container('training-sessions')
      .item(sessionId, `session:${sessionId}`)
      .read<Doc>();
    const attestations = Array.isArray(resource?.attestations) ? (resource.attestations as Doc[]) : [];
    const attestation = attestations.find((a) => a.id === attestationId);
    if (!resource || !attestation) return undefined;
    const titles = (resource.trainingTitle ?? {}) as Record<string, unknown>;
    return {
      status: 'valid',
      training: String(attestation.language === 'nl' ? titles.nl : titles.fr),
      hours: Number(attestation.hours),
      completedAt: String(resource.startsAt),
    };
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
