// The audit log: every staff action, append-only. One port (`AuditLog.record`) for every module, so the
// admin's log holds people, news, certificates, operations and content alike. Entries name people by
// id only (names and e-mails are looked up when an admin reads the log, so an erased account leaves no
// personal data behind); `before`/`after` hold settings and states, never personal data.
import { auditExportMaxRows, type AuditEntryView, type AuditPerson, type AuditQuery } from '@soins/shared';
import { toCsv } from './csv';
import type { UserProfile, UserRepository } from './identity/model';
import type { Clock } from './ports';

export interface AuditTarget {
  /** `user`, `certificate`, `training`, `news`, `legal-document`, `dead-letter`… */
  readonly type: string;
  readonly id: string;
}

/** A JSON value: what `before`/`after` may hold (callers may pass read-only arrays and records). */
export type AuditValue =
  string | number | boolean | null | readonly AuditValue[] | { readonly [key: string]: AuditValue };

type Json = Exclude<AuditEntryView['before'], undefined>;

/** A fresh, mutable copy of a value (the view's JSON type). */
function plain(value: AuditValue): Json {
  if (value === null || typeof value !== 'object') return value;
  if (isList(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
}

const isList = (value: object): value is readonly AuditValue[] => Array.isArray(value);

/** What one staff action leaves in the log. */
export interface AuditEntry {
  /** Who acted (user id). */
  readonly actor: string;
  /** Dotted, general to particular: `certificate.revoke`, `training.publish`. */
  readonly action: string;
  readonly target: AuditTarget;
  /** Set when the entry must be written once whatever the retries (e.g. `erasure:<erasureId>`). */
  readonly id?: string;
  /** ISO 8601 instant. */
  readonly at: string;
  /** For settings and states: the value before and after the change. */
  readonly before?: AuditValue;
  readonly after?: AuditValue;
  /** The reason the actor gave, when the action asks for one. */
  readonly reason?: string;
  /**
   * The user whose data the action concerned (a learner's certificate, diploma or quiz), for their own
   * history and GDPR access requests. A `user` target is its own subject.
   */
  readonly subjectUserId?: string;
}

export interface AuditLog {
  /** Resolves once the entry is durably stored; callers that must audit before acting await it. */
  record(entry: AuditEntry): Promise<void>;
}

/** The subject of an entry: explicit, or the target itself when it is a user. */
export const subjectOf = (entry: AuditEntry): string | undefined =>
  entry.subjectUserId ?? (entry.target.type === 'user' ? entry.target.id : undefined);

export interface StoredAuditEntry extends AuditEntry {
  readonly id: string;
}

/** Filters as the store applies them (ids resolved, the period as instants). */
export interface AuditFilter {
  readonly actorId?: string;
  readonly action?: string;
  readonly targetType?: string;
  /** Matches the target's id or the subject's. */
  readonly targetId?: string;
  /** Lower-case text searched in the action, the target and the reason. */
  readonly text?: string;
  /** Inclusive. */
  readonly from: string;
  /** Exclusive. */
  readonly until: string;
}

export interface AuditReader {
  /**
   * Matching entries, newest first, one page at a time; `continuationToken` from the previous page of
   * the same filter (any other throws InvalidPageTokenError).
   */
  search(
    filter: AuditFilter,
    page: { pageSize: number; continuationToken?: string },
  ): Promise<{ items: StoredAuditEntry[]; continuationToken?: string }>;
  /** The latest entries concerning a user (their own partition), newest first. */
  concerning(userId: string, limit: number): Promise<StoredAuditEntry[]>;
}

/** `YYYY-MM` of an instant (UTC). */
export const monthOf = (instant: string): string => instant.slice(0, 7);

/** The months an inclusive-exclusive period touches, newest first. */
export function monthsDescending(from: string, until: string): string[] {
  const last = new Date(Date.parse(until) - 1);
  const first = new Date(Date.parse(from));
  const months: string[] = [];
  let year = last.getUTCFullYear();
  let month = last.getUTCMonth();
  while (year > first.getUTCFullYear() || (year === first.getUTCFullYear() && month >= first.getUTCMonth())) {
    months.push(`${String(year)}-${String(month + 1).padStart(2, '0')}`);
    month -= 1;
    if (month < 0) {
      month = 11;
      year -= 1;
    }
  }
  return months;
}

const dayMs = 86_400_000;

/** The searched period: `from`/`to` are UTC days, both included; by default the last 12 months. */
export function auditPeriod(
  query: Pick<AuditQuery, 'from' | 'to'>,
  now: Date,
): { from: string; until: string } {
  const toDay = query.to ?? now.toISOString().slice(0, 10);
  const until = new Date(Date.parse(`${toDay}T00:00:00.000Z`) + dayMs).toISOString();
  if (query.from) return { from: `${query.from}T00:00:00.000Z`, until };
  const end = new Date(`${toDay}T00:00:00.000Z`);
  const from = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 11, 1)).toISOString();
  return { from, until };
}

const userIdPattern = /^u_[A-Za-z0-9_-]{8,64}$/;

/** People named in entries, looked up once per page (ids of vanished accounts stay bare ids). */
class People {
  private readonly known = new Map<string, Promise<UserProfile | undefined>>();

  constructor(private readonly users: Pick<UserRepository, 'get'>) {}

  async view(id: string): Promise<AuditPerson> {
    let found = this.known.get(id);
    if (!found) {
      found = userIdPattern.test(id)
        ? this.users.get(id).then((stored) => stored?.value)
        : Promise.resolve(undefined);
      this.known.set(id, found);
    }
    const profile = await found;
    return profile && profile.status !== 'deleted'
      ? { id, name: profile.displayName, ...(profile.email ? { email: profile.email } : {}) }
      : { id };
  }
}

async function viewOf(entry: StoredAuditEntry, people: People): Promise<AuditEntryView> {
  const subject = subjectOf(entry);
  return {
    id: entry.id,
    at: entry.at,
    actor: await people.view(entry.actor),
    action: entry.action,
    target: { type: entry.target.type, id: entry.target.id },
    ...(subject ? { subject: await people.view(subject) } : {}),
    ...(entry.before !== undefined ? { before: plain(entry.before) } : {}),
    ...(entry.after !== undefined ? { after: plain(entry.after) } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
  };
}

export interface AuditSearchDeps {
  readonly reader: AuditReader;
  readonly users: Pick<UserRepository, 'get' | 'findByEmail'>;
  readonly clock: Clock;
}

/** An id as typed, or the id of the account with that e-mail; null when no account has it. */
async function personId(
  users: Pick<UserRepository, 'findByEmail'>,
  value: string | undefined,
): Promise<string | null | undefined> {
  if (value === undefined) return undefined;
  if (!value.includes('@')) return value;
  return (await users.findByEmail(value))?.id ?? null;
}

async function filterOf(deps: AuditSearchDeps, query: AuditQuery): Promise<AuditFilter | undefined> {
  const [actorId, targetId] = await Promise.all([
    personId(deps.users, query.actor),
    personId(deps.users, query.target),
  ]);
  // An e-mail no account has matches nothing.
  if (actorId === null || targetId === null) return undefined;
  return {
    ...auditPeriod(query, deps.clock.now()),
    ...(actorId ? { actorId } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.targetType ? { targetType: query.targetType } : {}),
    ...(targetId ? { targetId } : {}),
    ...(query.q ? { text: query.q.toLowerCase() } : {}),
  };
}

export const auditPageSize = 50;

/** `GET /api/manage/audit`: one page of the log. */
export class SearchAuditLog {
  constructor(private readonly deps: AuditSearchDeps) {}

  async execute(query: AuditQuery): Promise<{ items: AuditEntryView[]; continuationToken?: string }> {
    const filter = await filterOf(this.deps, query);
    if (!filter) return { items: [] };
    const page = await this.deps.reader.search(filter, {
      pageSize: auditPageSize,
      ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
    });
    const people = new People(this.deps.users);
    return {
      items: await Promise.all(page.items.map((entry) => viewOf(entry, people))),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    };
  }
}

export const auditCsvHeader = [
  'at',
  'actor_id',
  'actor_name',
  'actor_email',
  'action',
  'target_type',
  'target_id',
  'subject_id',
  'subject_name',
  'reason',
  'before',
  'after',
] as const;

const json = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value));

/** `GET /api/manage/audit/export`: every matching entry (at most `auditExportMaxRows`) as CSV. */
export class ExportAuditLog {
  constructor(private readonly deps: AuditSearchDeps) {}

  async execute(query: Omit<AuditQuery, 'continuationToken'>): Promise<{ csv: string; truncated: boolean }> {
    const filter = await filterOf(this.deps, query);
    const rows: string[][] = [];
    let truncated = false;
    if (filter) {
      const people = new People(this.deps.users);
      let token: string | undefined;
      do {
        const page = await this.deps.reader.search(filter, {
          pageSize: 100,
          ...(token ? { continuationToken: token } : {}),
        });
        for (const entry of page.items) {
          if (rows.length >= auditExportMaxRows) {
            truncated = true;
            break;
          }
          const view = await viewOf(entry, people);
          rows.push([
            view.at,
            view.actor.id,
            view.actor.name ?? '',
            view.actor.email ?? '',
            view.action,
            view.target.type,
            view.target.id,
            view.subject?.id ?? '',
            view.subject?.name ?? '',
            view.reason ?? '',
            json(view.before),
            json(view.after),
          ]);
        }
        token = page.continuationToken;
      } while (token && !truncated);
    }
    return { csv: toCsv(auditCsvHeader, rows), truncated };
  }
}

/** The staff actions concerning one learner, for their record. */
export class UserAuditHistory {
  constructor(private readonly deps: Pick<AuditSearchDeps, 'reader' | 'users'>) {}

  async execute(userId: string, limit = 50): Promise<AuditEntryView[]> {
    const people = new People(this.deps.users);
    const entries = await this.deps.reader.concerning(userId, limit);
    return Promise.all(entries.map((entry) => viewOf(entry, people)));
  }
}

/** Settings as audited: a record of JSON values (`before`/`after` of a content change). */
export type AuditValues = { readonly [key: string]: AuditValue };

/** The keys whose values differ, with their values before and after (for `before`/`after`). */
export function changedValues(
  before: AuditValues,
  after: AuditValues,
): { before: AuditValues; after: AuditValues } | undefined {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
  );
  if (keys.length === 0) return undefined;
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(keys.map((key) => [key, after[key] ?? null])),
  };
}
