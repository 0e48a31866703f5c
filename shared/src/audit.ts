import { z } from 'zod';
import { lazySchema } from './lazy-schema';

// The audit log: every staff action (who, what, when, on what, why, and for settings the values before
// and after), append-only. Admins search it (`GET /api/manage/audit`) and export it as CSV
// (`GET /api/manage/audit/export`); no route edits or deletes an entry.

/** What was done, dotted from the general to the particular: `certificate.revoke`, `user.role.grant`. */
export const auditActionSchema = lazySchema(() =>
  z
    .string()
    .max(80)
    .regex(/^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+$/, 'expected a dotted action such as certificate.revoke'),
);

/** The kind of thing acted on: `user`, `certificate`, `training`… */
export const auditTargetTypeSchema = lazySchema(() =>
  z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected a lower-case target type such as user'),
);

export const auditTargetSchema = lazySchema(() =>
  z.object({
    type: auditTargetTypeSchema,
    id: z.string().min(1).max(200),
  }),
);
export type AuditTarget = z.infer<typeof auditTargetSchema>;

/**
 * Actions this code base records (the course builder adds its own: the log accepts any dotted action;
 * the SPA labels the known ones and shows the others as they are).
 */
export const knownAuditActions = [
  'user.role.grant',
  'user.role.revoke',
  'user.status.change',
  'inami.reveal',
  'diploma.view',
  'diploma.approve',
  'diploma.reject',
  'legal.publish',
  'certificate.revoke',
  'certificate.redrive',
  'quiz.attempts.reset',
  'enrolment.create',
  'dead-letter.redrive',
  'dead-letter.purge',
  'news.create',
  'news.update',
  'news.publish',
  'news.unpublish',
  'news.delete',
] as const;
export type KnownAuditAction = (typeof knownAuditActions)[number];

export const knownAuditTargetTypes = [
  'user',
  'diploma',
  'legal-document',
  'certificate',
  'training',
  'dead-letter',
  'news',
] as const;

/** A person named in an entry: the id always; name and e-mail while the account exists. */
export const auditPersonSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    name: z.string().optional(),
    email: z.string().optional(),
  }),
);
export type AuditPerson = z.infer<typeof auditPersonSchema>;

/** One entry as admins read it. */
export const auditEntrySchema = lazySchema(() =>
  z.object({
    id: z.string(),
    /** ISO 8601 (UTC). */
    at: z.string(),
    actor: auditPersonSchema,
    action: z.string(),
    target: auditTargetSchema,
    /** The person whose data the action concerned (a learner's certificate, diploma, quiz…). */
    subject: auditPersonSchema.optional(),
    before: z.json().optional(),
    after: z.json().optional(),
    reason: z.string().optional(),
  }),
);
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

const calendarDaySchema = lazySchema(() => z.iso.date());

/** Longest span one search covers (the log is walked month by month). */
export const auditMaxSpanMonths = 36;

const monthIndex = (day: string): number => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

/**
 * `GET /api/manage/audit` and `/export`: every filter optional. `actor` and `target` take an id or a
 * user's e-mail address; `action` is exact; `q` searches the action, target and reason; `from`/`to` are
 * UTC calendar days, both included (default: the last 12 months).
 */
export const auditQuerySchema = lazySchema(() =>
  z
    .object({
      actor: z.string().trim().min(1).max(200).optional(),
      action: auditActionSchema.optional(),
      targetType: auditTargetTypeSchema.optional(),
      target: z.string().trim().min(1).max(200).optional(),
      q: z.string().trim().min(1).max(100).optional(),
      from: calendarDaySchema.optional(),
      to: calendarDaySchema.optional(),
      continuationToken: z.string().min(1).max(4000).optional(),
    })
    .superRefine((query, ctx) => {
      if (query.from && query.to) {
        if (query.from > query.to) {
          ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
        } else if (monthIndex(query.to) - monthIndex(query.from) >= auditMaxSpanMonths) {
          ctx.addIssue({
            code: 'custom',
            path: ['from'],
            message: `at most ${String(auditMaxSpanMonths)} months at once`,
          });
        }
      }
    }),
);
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditPageSchema = lazySchema(() =>
  z.object({
    items: z.array(auditEntrySchema),
    continuationToken: z.string().optional(),
  }),
);
export type AuditPage = z.infer<typeof auditPageSchema>;

/** Rows one export holds at most (narrow the filters beyond). */
export const auditExportMaxRows = 10_000;
