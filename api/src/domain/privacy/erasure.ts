// Erasure (GDPR Art. 17). The person asks from the profile after signing in again; the request is kept
// for a grace period (14 days by default) during which it can be cancelled; then, in this order, the
// subscription is cancelled, the identity-provider account deleted, and (once its last access tokens
// have expired) every store of the data inventory is emptied of the person (or pseudonymised where the
// law makes us keep something); the final e-mail goes to the address captured at request time and an audit entry
// records it under the erasure's pseudonym. The orchestration (workflows/erasure.ts) drives these steps;
// each is idempotent, because it runs at least once.
//
// What is kept, and why (the no-residue test checks exactly this):
// - invoices: Stripe keeps them (10 years, accounting law); our billing record moves to the pseudonym's
//   partition with only the Stripe customer id, and the Stripe customer's name and e-mail are replaced
//   by the pseudonym;
// - certificate verification: the code lookup answers valid/revoked, training, hours and date, without
//   a name (a holder may still show a paper certificate to an employer or the INAMI); the same for an
//   in-person session's attestation;
// - training sessions the person led or signed off name the pseudonym (other participants' records);
// - audit entries the person wrote as staff and legal versions they published name the pseudonym.
import type { FrNl, Language } from '@soins/shared';
import type { Clock, Logger } from '../ports';
import { fail, ok, type Result } from '../result';
import { dataInventory, type DataStore, type Locator, type PersonalStore } from './inventory';

export const ERASURE_DEFAULT_GRACE_HOURS = 14 * 24;
/** Access tokens outlive the account they were issued to (Entra: 60–90 minutes; local: 15). */
export const TOKEN_DRAIN_HOURS = 2;
/** A fresh sign-in: the token's `auth_time` must be at most this old to ask for an erasure. */
export const REAUTHENTICATION_MAX_AGE_SECONDS = 5 * 60;

/** How the erasure treats one store of the inventory. */
export type ErasureAction =
  /** Delete every document the locator finds. */
  | { readonly kind: 'delete'; readonly locator: Locator }
  /** Set these fields to the pseudonym in the documents the locator finds (e.g. an audit entry's actor). */
  | { readonly kind: 'pseudonymise-fields'; readonly locator: Locator; readonly fields: readonly string[] }
  /** Billing: the record moves to the pseudonym (Stripe customer id only); invoices stay in Stripe. */
  | { readonly kind: 'pseudonymise-billing' }
  /** Certificate codes: the lookup keeps the documented verification minimum under the pseudonym. */
  | { readonly kind: 'retain-verification' }
  /**
   * Training sessions: the person's registration, attendance and attestation leave the session (her
   * attestation's verification was kept in the code lookup first); sessions she led or signed name the
   * pseudonym; her trainer listing is deleted.
   */
  | { readonly kind: 'erase-from-sessions' }
  /** Blobs under `<userId>/`. */
  | { readonly kind: 'delete-blobs' }
  /** Queue messages: consumed within minutes, nothing to delete 14 days later (dead letters: the purge job). */
  | { readonly kind: 'in-transit' };

export interface ErasureStoreStep {
  /** `<kind>:<name>` (a Cosmos container and a blob container may share a name, e.g. `diplomas`). */
  readonly key: string;
  readonly store: string;
  readonly storeKind: DataStore['kind'];
  readonly actions: readonly ErasureAction[];
}

/** What the law makes us keep, per store (everything else the erasure deletes). */
export const retainedRecords: Readonly<Record<string, { readonly what: FrNl; readonly why: FrNl }>> = {
  billing: {
    what: {
      fr: 'fiche de facturation pseudonymisée (identifiant client Stripe) ; factures chez Stripe, sans nom',
      nl: 'gepseudonimiseerde factuurfiche (Stripe-klant-id); facturen bij Stripe, zonder naam',
    },
    why: {
      fr: 'obligation comptable : factures conservées 10 ans',
      nl: 'boekhoudkundige verplichting: facturen 10 jaar bewaard',
    },
  },
  'certificate-codes': {
    what: {
      fr: 'code de vérification : valide ou révoquée, formation, heures, date ; sans nom',
      nl: 'verificatiecode: geldig of ingetrokken, opleiding, uren, datum; zonder naam',
    },
    why: {
      fr: 'les attestations remises restent vérifiables par un employeur ou l’INAMI',
      nl: 'uitgereikte attesten blijven controleerbaar door een werkgever of het RIZIV',
    },
  },
  audit: {
    what: {
      fr: 'actions de gestion faites par la personne, au nom du pseudonyme',
      nl: 'beheersacties van de persoon, op naam van het pseudoniem',
    },
    why: {
      fr: 'traçabilité des modifications du contenu',
      nl: 'traceerbaarheid van inhoudswijzigingen',
    },
  },
  'audit-log': {
    what: {
      fr: 'actions de gestion faites par la personne, au nom du pseudonyme',
      nl: 'beheersacties van de persoon, op naam van het pseudoniem',
    },
    why: {
      fr: 'traçabilité des actions de l’équipe',
      nl: 'traceerbaarheid van de acties van het team',
    },
  },
  'training-sessions': {
    what: {
      fr: 'sessions animées ou clôturées par la personne, au nom du pseudonyme',
      nl: 'sessies die de persoon gaf of afsloot, op naam van het pseudoniem',
    },
    why: {
      fr: 'les présences et attestations des autres participants restent justifiées',
      nl: 'de aanwezigheden en attesten van de andere deelnemers blijven onderbouwd',
    },
  },
  legal: {
    what: {
      fr: 'versions publiées des conditions, au nom du pseudonyme',
      nl: 'gepubliceerde versies van de voorwaarden, op naam van het pseudoniem',
    },
    why: { fr: 'historique des documents acceptés', nl: 'geschiedenis van de aanvaarde documenten' },
  },
};

/** Fields that are pseudonymised rather than deleted (documents that are not the person's). */
const pseudonymisedFields: Readonly<Record<string, readonly string[]>> = {
  audit: ['actorId'],
  'audit-log': ['actorId'],
  legal: ['publishedBy'],
};

function actionsFor(store: PersonalStore): ErasureAction[] {
  if (store.name === 'billing' && store.kind === 'cosmos') return [{ kind: 'pseudonymise-billing' }];
  if (store.name === 'certificate-codes' && store.kind === 'cosmos') return [{ kind: 'retain-verification' }];
  if (store.name === 'training-sessions' && store.kind === 'cosmos') return [{ kind: 'erase-from-sessions' }];
  return store.locators.map((locator): ErasureAction => {
    switch (locator.kind) {
      case 'blob-prefix':
        return { kind: 'delete-blobs' };
      case 'message':
        return { kind: 'in-transit' };
      case 'field': {
        const keep = pseudonymisedFields[store.name] ?? [];
        const fields = locator.fields.filter((field) => keep.includes(field));
        return fields.length > 0
          ? { kind: 'pseudonymise-fields', locator, fields }
          : { kind: 'delete', locator };
      }
      case 'partition':
      case 'id-contains':
      case 'mentions':
        return { kind: 'delete', locator };
    }
  });
}

/**
 * The erasure plan: one step per store of the inventory that holds personal data (a store added to the
 * inventory is erased without another change). Stores whose retained record reads another store
 * (certificate codes read the certificates) come first; the person's own profile (`users`) comes last,
 * so a failure midway leaves the account visible to the person and to admins until the retry.
 */
export function erasurePlan(inventory: readonly DataStore[] = dataInventory): ErasureStoreStep[] {
  const personal = inventory.filter((store): store is PersonalStore => store.personalData);
  const rank = (store: PersonalStore): number =>
    store.name === 'certificate-codes' ? 0 : store.name === 'users' ? 2 : 1;
  return [...personal]
    .sort((a, b) => rank(a) - rank(b))
    .map((store) => ({
      key: `${store.kind}:${store.name}`,
      store: store.name,
      storeKind: store.kind,
      actions: actionsFor(store),
    }));
}

// ---- the request ------------------------------------------------------------------------------------

export interface ErasureRecord {
  readonly erasureId: string;
  readonly userId: string;
  readonly status: 'pending' | 'cancelled' | 'running' | 'completed';
  readonly requestedAt: string;
  readonly scheduledFor: string;
  readonly cancelledAt?: string;
}

/** What the orchestration carries: the address is captured now, the final e-mail goes there. */
export interface ErasureInput {
  readonly erasureId: string;
  readonly userId: string;
  /** Names the person in what is kept: `erased-<erasureId>`. */
  readonly pseudonym: string;
  /** The account at the identity provider (Entra: Graph names it by its object id, the token's `oid`). */
  readonly identity: { readonly issuer: string; readonly subject: string; readonly objectId?: string };
  readonly recipient:
    { readonly email: string; readonly displayName: string; readonly language: Language } | undefined;
  readonly requestedAt: string;
  readonly scheduledFor: string;
}

export const pseudonymFor = (erasureId: string): string => `erased-${erasureId}`;
/** The erasure a pseudonym names (undefined for anything else). */
export const erasureIdOfPseudonym = (pseudonym: string): string | undefined =>
  pseudonym.startsWith('erased-') && pseudonym.length > 'erased-'.length
    ? pseudonym.slice('erased-'.length)
    : undefined;
/** The audit action recorded when an erasure has ended (target: the pseudonym). */
export const ERASURE_AUDIT_ACTION = 'privacy.erasure';
/** One orchestration per request: a re-request after a cancel never waits for the old instance to end. */
export const erasureInstanceId = (erasureId: string): string => `erasure-${erasureId}`;
export const ERASURE_CANCEL_EVENT = 'erasure-cancel';

export interface ErasureStore {
  /** The person's latest request (pending, running or cancelled), if any. */
  current(userId: string): Promise<ErasureRecord | undefined>;
  save(record: ErasureRecord): Promise<void>;
  /** Every pending or running erasure (admins), soonest first. */
  pending(): Promise<ErasureRecord[]>;
}

/** Start the orchestration / raise its cancel event (the Durable client of the invocation, through a port). */
export interface ErasureWorkflow {
  start(input: ErasureInput): Promise<void>;
  cancel(erasureId: string): Promise<void>;
}

export interface ErasureRequester {
  readonly id: string;
  readonly issuer: string;
  readonly subject: string;
  readonly email?: string | undefined;
  readonly displayName: string;
  readonly language: Language;
}

export type RequestErasureError =
  { code: 'reauthentication_required'; message: string } | { code: 'erasure_pending'; message: string };

export class RequestErasure {
  constructor(
    private readonly deps: {
      store: ErasureStore;
      clock: Clock;
      newId: () => string;
      graceHours: number;
      logger: Logger;
    },
  ) {}

  /** `token`: the request's access token, its `auth_time` (Unix seconds) and `oid` when it carries them. */
  async execute(
    workflow: ErasureWorkflow,
    person: ErasureRequester,
    token: { authTime?: number | undefined; objectId?: string | undefined },
  ): Promise<Result<ErasureRecord, RequestErasureError>> {
    const now = this.deps.clock.now();
    const age = token.authTime === undefined ? Infinity : now.getTime() / 1000 - token.authTime;
    if (!(age <= REAUTHENTICATION_MAX_AGE_SECONDS)) {
      return fail({ code: 'reauthentication_required', message: 'sign in again to request an erasure' });
    }
    const current = await this.deps.store.current(person.id);
    if (current && (current.status === 'pending' || current.status === 'running')) {
      return fail({ code: 'erasure_pending', message: 'an erasure is already scheduled' });
    }
    const erasureId = this.deps.newId();
    const scheduledFor = new Date(now.getTime() + this.deps.graceHours * 3_600_000).toISOString();
    const record: ErasureRecord = {
      erasureId,
      userId: person.id,
      status: 'pending',
      requestedAt: now.toISOString(),
      scheduledFor,
    };
    await this.deps.store.save(record);
    await workflow.start({
      erasureId,
      userId: person.id,
      pseudonym: pseudonymFor(erasureId),
      identity: {
        issuer: person.issuer,
        subject: person.subject,
        ...(token.objectId ? { objectId: token.objectId } : {}),
      },
      recipient: person.email
        ? { email: person.email, displayName: person.displayName, language: person.language }
        : undefined,
      requestedAt: record.requestedAt,
      scheduledFor,
    });
    this.deps.logger.info('privacy.erasure_requested', { erasureId, scheduledFor });
    return ok(record);
  }
}

export class CancelErasure {
  constructor(private readonly deps: { store: ErasureStore; clock: Clock }) {}

  async execute(
    workflow: ErasureWorkflow,
    userId: string,
  ): Promise<Result<ErasureRecord, { code: 'erasure_not_pending'; message: string }>> {
    const current = await this.deps.store.current(userId);
    if (current?.status !== 'pending') {
      return fail({ code: 'erasure_not_pending', message: 'no erasure is pending' });
    }
    // The record says cancelled at once; the orchestration ends when it receives the event.
    const cancelled: ErasureRecord = {
      ...current,
      status: 'cancelled',
      cancelledAt: this.deps.clock.now().toISOString(),
    };
    await this.deps.store.save(cancelled);
    await workflow.cancel(current.erasureId);
    return ok(cancelled);
  }
}

// ---- the steps (activities) ---------------------------------------------------------------------------

/** Runs one action of the plan on a store; idempotent (what is gone or already pseudonymised is skipped). */
export interface PersonalDataEraser {
  apply(
    step: { store: string; storeKind: DataStore['kind'] },
    action: ErasureAction,
    person: { userId: string; pseudonym: string },
  ): Promise<number>;
}

export interface BillingErasure {
  /** Cancels the subscription now and pseudonymises the Stripe customer and our record. Idempotent. */
  close(userId: string, pseudonym: string): Promise<void>;
}

export interface IdentityAccounts {
  /** Deletes the account at the identity provider; an account already gone is not an error. */
  delete(identity: { issuer: string; subject: string; objectId?: string }): Promise<void>;
}

export interface ErasureNotifier {
  scheduled(input: ErasureInput): Promise<void>;
  completed(input: ErasureInput): Promise<void>;
}

export interface ErasureAudit {
  /** Idempotent (keyed by the erasure id): one entry under the pseudonym. */
  erased(input: ErasureInput, at: string): Promise<void>;
}

/** The activities' bodies, for workflows/erasure.ts. */
export class ErasureSteps {
  constructor(
    private readonly deps: {
      store: ErasureStore;
      eraser: PersonalDataEraser;
      billing: BillingErasure;
      identity: IdentityAccounts;
      notifier: ErasureNotifier;
      audit: ErasureAudit;
      clock: Clock;
      logger: Logger;
      plan?: readonly ErasureStoreStep[];
    },
  ) {}

  get plan(): readonly ErasureStoreStep[] {
    return this.deps.plan ?? erasurePlan();
  }

  async confirm(input: ErasureInput): Promise<void> {
    await this.deps.notifier.scheduled(input);
  }

  /** The grace period is over: false when the request was cancelled meanwhile (nothing happens). */
  async begin(input: ErasureInput): Promise<boolean> {
    const current = await this.deps.store.current(input.userId);
    if (!current || current.erasureId !== input.erasureId) return true; // already erased (a retry)
    if (current.status === 'cancelled') return false;
    if (current.status === 'pending') await this.deps.store.save({ ...current, status: 'running' });
    return true;
  }

  async cancelled(input: ErasureInput): Promise<void> {
    const current = await this.deps.store.current(input.userId);
    if (current?.erasureId === input.erasureId && current.status === 'pending') {
      await this.deps.store.save({
        ...current,
        status: 'cancelled',
        cancelledAt: this.deps.clock.now().toISOString(),
      });
    }
    this.deps.logger.info('privacy.erasure_cancelled', { erasureId: input.erasureId });
  }

  async closeBilling(input: ErasureInput): Promise<void> {
    await this.deps.billing.close(input.userId, input.pseudonym);
  }

  /** `key`: the step's `<kind>:<name>`. */
  async eraseStore(input: ErasureInput, key: string): Promise<number> {
    const step = this.plan.find((candidate) => candidate.key === key);
    if (!step) throw new Error(`no erasure step for store ${key}`);
    let count = 0;
    for (const action of step.actions) {
      count += await this.deps.eraser.apply(step, action, {
        userId: input.userId,
        pseudonym: input.pseudonym,
      });
    }
    return count;
  }

  async deleteIdentity(input: ErasureInput): Promise<void> {
    await this.deps.identity.delete(input.identity);
  }

  async finish(input: ErasureInput): Promise<void> {
    await this.deps.notifier.completed(input);
    await this.deps.audit.erased(input, this.deps.clock.now().toISOString());
    this.deps.logger.info('privacy.erasure_completed', { erasureId: input.erasureId });
  }
}
