// Audit trail of sensitive accesses. Entries name users by id only, never by personal data.

export type AuditAction = 'inami.reveal';

export interface AuditEntry {
  /** Who did it (user id). */
  readonly actorId: string;
  readonly action: AuditAction;
  /** Whose data it concerned (user id); the audit container is partitioned by it, for GDPR access. */
  readonly subjectUserId: string;
  /** ISO 8601 instant. */
  readonly at: string;
}

export interface AuditLog {
  /** Resolves once the entry is durably stored; callers that must audit before acting await it. */
  record(entry: AuditEntry): Promise<void>;
}
