// Audit trail of sensitive accesses and of staff changes. Entries name users by id only, never by
// personal data; content changes carry the settings before and after (never long texts).

export type AuditAction =
  | 'inami.reveal'
  | 'training.create'
  | 'training.update'
  | 'training.publish'
  | 'training.unpublish'
  | 'training.archive'
  | 'training.media'
  | 'quiz.update';

/** What an entry is about besides (or instead of) a user: e.g. a training. */
export interface AuditTarget {
  readonly kind: 'training';
  readonly id: string;
}

/** Setting values as recorded (small JSON values: numbers, flags, short codes, lists of them). */
export type AuditValue = string | number | boolean | null | readonly (string | number)[];
export type AuditValues = Readonly<Record<string, AuditValue>>;

export interface AuditEntry {
  /** Who did it (user id). */
  readonly actorId: string;
  readonly action: AuditAction;
  /** Whose data it concerned (user id), when a user's; the audit container is partitioned by it, for GDPR access. */
  readonly subjectUserId?: string;
  /** The content it changed, when not a user's data. */
  readonly target?: AuditTarget;
  /** ISO 8601 instant. */
  readonly at: string;
  /** Settings before and after the change (only those that changed). */
  readonly before?: AuditValues;
  readonly after?: AuditValues;
}

export interface AuditLog {
  /** Resolves once the entry is durably stored; callers that must audit before acting await it. */
  record(entry: AuditEntry): Promise<void>;
}

/** The partition an entry is stored under: its subject user, else its target (`training:<id>`). */
export function auditPartitionOf(entry: Pick<AuditEntry, 'subjectUserId' | 'target'>): string {
  if (entry.subjectUserId) return entry.subjectUserId;
  if (entry.target) return `${entry.target.kind}:${entry.target.id}`;
  return 'system';
}

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
