import {
  legalDocumentTypes,
  type LegalContent,
  type LegalDocument,
  type LegalDocumentType,
} from '@soins/shared';
import { z } from 'zod';
import type { AuditLog } from './audit';
import { cachePrefixes, cacheTtlSeconds, type ReadThroughCache } from './catalogue/cache';
import type { Clock } from './ports';
import { fail, ok, type Result } from './result';

export interface Acceptance {
  readonly userId: string;
  readonly type: LegalDocumentType;
  readonly version: number;
  readonly acceptedAt: string;
}

export interface LegalRepository {
  current(type: LegalDocumentType): Promise<LegalDocument | undefined>;
  /** Creates exactly this version; resolves false if it already exists (a concurrent publish). */
  publish(document: LegalDocument & { publishedBy: string }): Promise<boolean>;
  versions(type: LegalDocumentType): Promise<LegalDocument[]>;
  /** One published version (a point read), or undefined. */
  version(type: LegalDocumentType, version: number): Promise<LegalDocument | undefined>;
}

export interface AcceptanceRepository {
  acceptedBy(userId: string): Promise<Acceptance[]>;
  /** Whether the user accepted exactly this version (a point read). */
  hasAccepted(userId: string, type: LegalDocumentType, version: number): Promise<boolean>;
  /** Records an acceptance; recording the same (user, type, version) twice keeps the first. */
  record(acceptance: Acceptance): Promise<void>;
}

export async function currentDocuments(legal: LegalRepository): Promise<LegalDocument[]> {
  const docs = await Promise.all(legalDocumentTypes.map((type) => legal.current(type)));
  return docs.filter((doc): doc is LegalDocument => doc !== undefined);
}

/** Current versions the user has not accepted yet (nothing is pending before anything is published). */
export async function pendingFor(
  userId: string,
  deps: { legal: LegalRepository; acceptances: AcceptanceRepository },
): Promise<{ current: LegalDocument[]; pending: { type: LegalDocumentType; version: number }[] }> {
  const [current, accepted] = await Promise.all([
    currentDocuments(deps.legal),
    deps.acceptances.acceptedBy(userId),
  ]);
  const pending = current
    .filter((doc) => !accepted.some((a) => a.type === doc.type && a.version === doc.version))
    .map((doc) => ({ type: doc.type, version: doc.version }));
  return { current, pending };
}

const currentVersionsKey = `${cachePrefixes.legal}current-versions:v1`;
/** Shorter than the catalogue's: a version published on another instance is asked for there within 15 s. */
const legalVersionsTtlSeconds = 15;
const currentVersionsSchema = z.array(
  z.object({ type: z.enum(legalDocumentTypes), version: z.number().int().positive() }),
);
type CurrentVersion = z.infer<typeof currentVersionsSchema>[number];

/**
 * The gate in front of every product route: has the caller accepted the current version of each
 * document? It runs on every such request, so it reads no more than it must: the current versions come
 * from the cache (a publication here drops it; another instance's is seen within 15 s), and an acceptance
 * is read by its id, then remembered; a refusal is confirmed against Cosmos before it stands. Acceptances are never withdrawn, so a
 * remembered one stays true; it is keyed by the account's creation time too, so an account erased and
 * created again starts with none. Accepting and the status page read Cosmos itself.
 */
export class LegalGate {
  constructor(
    private readonly deps: {
      legal: LegalRepository;
      acceptances: AcceptanceRepository;
      /** Shared with the catalogue: the current versions. */
      cache: ReadThroughCache;
      /** The acceptances seen, one entry per person and document (its own cache, so they never evict the catalogue). */
      accepted: ReadThroughCache;
    },
  ) {}

  async hasPending(user: { id: string; createdAt: string }): Promise<boolean> {
    const current = await this.currentVersions();
    const accepted = await Promise.all(current.map((document) => this.hasAccepted(user, document)));
    if (!accepted.includes(false)) return false;
    // A refusal is checked against Cosmos itself: this instance may not have seen a version published
    // elsewhere, which the learner was shown and accepted (accepting reads Cosmos too).
    return (await pendingFor(user.id, this.deps)).pending.length > 0;
  }

  private async hasAccepted(
    user: { id: string; createdAt: string },
    { type, version }: CurrentVersion,
  ): Promise<boolean> {
    const key = `${cachePrefixes.legal}accepted:${user.id}:${user.createdAt}:${type}:v${String(version)}`;
    const accepted = await this.deps.accepted.getOrCompute(
      key,
      { ttlSeconds: cacheTtlSeconds, parse: (value) => z.literal(true).parse(value) },
      // Only an acceptance is remembered: a refusal is read again on the next request.
      async () => ((await this.deps.acceptances.hasAccepted(user.id, type, version)) ? true : undefined),
    );
    return accepted === true;
  }

  private async currentVersions(): Promise<CurrentVersion[]> {
    const versions = await this.deps.cache.getOrCompute(
      currentVersionsKey,
      { ttlSeconds: legalVersionsTtlSeconds, parse: (value) => currentVersionsSchema.parse(value) },
      async () => {
        const docs = await currentDocuments(this.deps.legal);
        // Nothing published yet is not cached: the first publication (seeding) must gate at once.
        return docs.length === 0 ? undefined : docs.map(({ type, version }) => ({ type, version }));
      },
    );
    return versions ?? [];
  }
}

export class AcceptLegalDocument {
  constructor(
    private readonly deps: { legal: LegalRepository; acceptances: AcceptanceRepository; clock: Clock },
  ) {}

  async execute(input: {
    userId: string;
    type: LegalDocumentType;
    version: number;
  }): Promise<Result<Acceptance, { code: 'not_found' | 'legal_version_outdated'; message: string }>> {
    const current = await this.deps.legal.current(input.type);
    if (!current) return fail({ code: 'not_found', message: 'nothing published' });
    // Only the version the user was shown and that is still current can be accepted.
    if (current.version !== input.version)
      return fail({ code: 'legal_version_outdated', message: 'not current' });
    const acceptance: Acceptance = { ...input, acceptedAt: this.deps.clock.now().toISOString() };
    await this.deps.acceptances.record(acceptance);
    return ok(acceptance);
  }
}

export type PublishLegalError =
  { code: 'conflict'; message: string } | { code: 'precondition_failed'; message: string };

/**
 * Publishes the next version. `basedOn` is the version the admin's draft started from: when another
 * one was published meanwhile, nothing is published (412) and the admin starts again from it.
 */
export class PublishLegalVersion {
  constructor(
    private readonly deps: {
      legal: LegalRepository;
      clock: Clock;
      audit: AuditLog;
      /** The legal gate's cache of current versions, dropped on publication. */
      cache: ReadThroughCache;
    },
  ) {}

  async execute(input: {
    actorId: string;
    type: LegalDocumentType;
    content: LegalContent;
    basedOn?: number;
  }): Promise<Result<LegalDocument, PublishLegalError>> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.deps.legal.current(input.type);
      const currentVersion = current?.version ?? 0;
      if (input.basedOn !== undefined && input.basedOn !== currentVersion) {
        return fail({
          code: 'precondition_failed',
          message: `version ${String(currentVersion)} was published after version ${String(input.basedOn)}`,
        });
      }
      const document: LegalDocument = {
        type: input.type,
        version: currentVersion + 1,
        publishedAt: this.deps.clock.now().toISOString(),
        content: input.content,
      };
      if (await this.deps.legal.publish({ ...document, publishedBy: input.actorId })) {
        await this.deps.cache.invalidatePrefix(cachePrefixes.legal);
        await this.deps.audit.record({
          actor: input.actorId,
          action: 'legal.publish',
          target: { type: 'legal-document', id: input.type },
          at: document.publishedAt,
          before: { version: current?.version ?? null },
          after: { version: document.version },
        });
        return ok(document);
      }
      // A concurrent publication took this version number: with a base version, that is a stale edit.
      if (input.basedOn !== undefined) {
        return fail({ code: 'precondition_failed', message: 'another version was published meanwhile' });
      }
    }
    return fail({ code: 'conflict', message: 'concurrent publications' });
  }
}
