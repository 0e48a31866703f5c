import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { contentIdSchema } from './trainings';

// Admin reports (`/api/manage/reports/...`): exports run in the background. The SPA posts an export
// request with its own key (a retry of the same click is the same export), polls the job for its
// progress, and asks for a short-lived download link once it is done. The admin also gets an e-mail.

export const reportKinds = [
  /** One row per learner enrolled in a training: enrolment, progress, completion, quiz, certificate. */
  'training-participants',
  /** One row per training: enrolled, completed, quiz passed, completion and pass rates. */
  'training-rates',
  /** One row per participant of an in-person session. */
  'session-participants',
  /** One row per accredited-hours line of a calendar year (certificates and attestations). */
  'yearly-hours',
] as const;
export const reportKindSchema = lazySchema(() => z.enum(reportKinds));
export type ReportKind = z.infer<typeof reportKindSchema>;

export const exportFormats = ['csv', 'pdf'] as const;
export const exportFormatSchema = lazySchema(() => z.enum(exportFormats));
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** Reports are written in French or Dutch (column titles, training titles, dates). */
export const reportLanguageSchema = lazySchema(() => z.enum(['fr', 'nl']));
export type ReportLanguage = z.infer<typeof reportLanguageSchema>;

/** The client's idempotency key: the same key from the same admin is the same export. */
export const exportClientKeySchema = lazySchema(() =>
  z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8 to 64 letters, digits, _ or -'),
);

const sessionIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a session id'));

const common = {
  clientKey: exportClientKeySchema,
  format: exportFormatSchema,
  language: reportLanguageSchema,
};

export const exportRequestSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('training-participants'), trainingId: contentIdSchema, ...common }),
    z.object({ kind: z.literal('training-rates'), ...common }),
    z.object({ kind: z.literal('session-participants'), sessionId: sessionIdSchema, ...common }),
    z.object({ kind: z.literal('yearly-hours'), year: z.number().int().min(2000).max(2100), ...common }),
  ]),
);
export type ExportRequest = z.infer<typeof exportRequestSchema>;

/** What a report is about, without the client's key and format (stored on the job). */
export type ReportScope =
  | { readonly kind: 'training-participants'; readonly trainingId: string }
  | { readonly kind: 'training-rates' }
  | { readonly kind: 'session-participants'; readonly sessionId: string }
  | { readonly kind: 'yearly-hours'; readonly year: number };

export const reportExportStatuses = ['queued', 'running', 'done', 'failed'] as const;
export const reportExportStatusSchema = lazySchema(() => z.enum(reportExportStatuses));
export type ReportExportStatus = z.infer<typeof reportExportStatusSchema>;

/** Why a job failed, for the admin (never an internal message). */
export const exportFailures = ['too_many_rows_for_pdf', 'not_found', 'internal'] as const;
export type ExportFailure = (typeof exportFailures)[number];

export const exportJobSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    kind: reportKindSchema,
    format: exportFormatSchema,
    language: reportLanguageSchema,
    /** The training, session or year the report is about (empty for training-rates). */
    subject: z.string(),
    status: reportExportStatusSchema,
    /** Rows written so far. */
    rows: z.number().int().nonnegative(),
    /** Rows expected, when known in advance; progress is rows / total. */
    total: z.number().int().nonnegative().optional(),
    /** 0–100; 100 once done. */
    percent: z.number().int().min(0).max(100),
    /** Done with no rows: a clear empty result (the file holds the header only). */
    empty: z.boolean(),
    fileName: z.string().optional(),
    failure: z.enum(exportFailures).optional(),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
  }),
);
export type ExportJob = z.infer<typeof exportJobSchema>;

export const exportJobListSchema = lazySchema(() => z.object({ items: z.array(exportJobSchema) }));
export type ExportJobList = z.infer<typeof exportJobListSchema>;

export const reportDownloadSchema = lazySchema(() =>
  z.object({
    url: z.string(),
    expiresAt: z.string(),
    fileName: z.string(),
  }),
);
export type ReportDownload = z.infer<typeof reportDownloadSchema>;
