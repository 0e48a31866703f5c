import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { legalDocumentTypeSchema } from './legal';

// Privacy: the register of processing activities (GDPR Art. 30), the learner's data export (Art. 15/20)
// and what the public legal pages read (published versions of the terms and privacy policy).

const frNl = lazySchema(() => z.object({ fr: z.string(), nl: z.string() }));
export type FrNl = z.infer<typeof frNl>;

export const legalBases = [
  'contract',
  'legal_obligation',
  'legitimate_interest',
  'consent',
] as const satisfies readonly string[];
export const legalBasisSchema = lazySchema(() => z.enum(legalBases));
export type LegalBasis = z.infer<typeof legalBasisSchema>;

/** One activity of the register (Art. 30(1) a–g), texts in French and Dutch. */
export const processingActivitySchema = lazySchema(() =>
  z.object({
    id: z.string(),
    name: frNl,
    purpose: frNl,
    /** GDPR Art. 6(1) bases, with the article named in `legalBasisDetail`. */
    legalBases: z.array(legalBasisSchema).min(1),
    legalBasisDetail: frNl,
    dataCategories: z.array(frNl).min(1),
    dataSubjects: z.array(frNl).min(1),
    recipients: z.array(frNl),
    retention: frNl,
    /** Transfers outside the EU/EEA and their safeguard; empty when none. */
    transfers: z.array(frNl),
    securityMeasures: z.array(frNl).min(1),
  }),
);
export type ProcessingActivity = z.infer<typeof processingActivitySchema>;

/** Where personal data lives, as the register shows it (the technical inventory behind the activities). */
export const dataStoreViewSchema = lazySchema(() =>
  z.object({
    kind: z.enum(['cosmos', 'blob', 'queue', 'local']),
    name: z.string(),
    personalData: z.boolean(),
    /** Register activities whose data this store holds (empty when it holds none). */
    activities: z.array(z.string()),
    /** Why it holds no personal data, or what of it is there. */
    description: frNl,
    /** How long (absent when nothing personal is there): see `retentionPeriod` for fixed periods. */
    retention: z
      .object({
        kind: z.enum(['account', 'container-ttl', 'item-ttl', 'job', 'in-transit']),
        job: z.string().optional(),
      })
      .optional(),
    /** ISO 8601 duration applied by a retention job or a time to live, when the period is fixed. */
    retentionPeriod: z.string().optional(),
    /** How the person's data is found there (partition, field, blob prefix). */
    locator: z.string().optional(),
  }),
);
export type DataStoreView = z.infer<typeof dataStoreViewSchema>;

/** `GET /api/privacy/register` (public) and `GET /api/manage/privacy/register` (admins, with stores). */
export const processingRegisterSchema = lazySchema(() =>
  z.object({
    controller: z.object({
      name: z.string(),
      address: z.string(),
      email: z.string(),
      dpoEmail: z.string(),
    }),
    updatedAt: z.string(),
    activities: z.array(processingActivitySchema),
    stores: z.array(dataStoreViewSchema).optional(),
  }),
);
export type ProcessingRegister = z.infer<typeof processingRegisterSchema>;

// ---- data export -----------------------------------------------------------------------------------

export const exportStatuses = ['queued', 'running', 'ready', 'failed', 'expired'] as const;
export const exportStatusSchema = lazySchema(() => z.enum(exportStatuses));
export type ExportStatus = z.infer<typeof exportStatusSchema>;

/** An export id: server-generated (UUID), checked on every route that names one. */
export const exportIdSchema = lazySchema(() => z.uuid());

export const dataExportSchema = lazySchema(() =>
  z.object({
    exportId: z.string(),
    status: exportStatusSchema,
    requestedAt: z.string(),
    startedAt: z.string().optional(),
    readyAt: z.string().optional(),
    /** Until when the download link works (24 h after the archive is ready). */
    expiresAt: z.string().optional(),
    failedAt: z.string().optional(),
    sizeBytes: z.number().int().nonnegative().optional(),
    /** Steps done out of the total while it runs (sections, then certificate files). */
    progress: z
      .object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() })
      .optional(),
  }),
);
export type DataExport = z.infer<typeof dataExportSchema>;

/** `GET /api/me/exports`: the person's exports, newest first (at most 10). */
export const myExportsSchema = lazySchema(() => z.object({ items: z.array(dataExportSchema) }));
export type MyExports = z.infer<typeof myExportsSchema>;

/** `GET /api/me/exports/{exportId}/download`: a read-only link of a few minutes to the archive. */
export const exportDownloadSchema = lazySchema(() => z.object({ url: z.url(), expiresAt: z.string() }));
export type ExportDownload = z.infer<typeof exportDownloadSchema>;

// ---- legal documents, public reads and what the user accepted ------------------------------------

/** `GET /api/legal/{type}/versions` (anonymous): every published version, newest first, without bodies. */
export const legalVersionListSchema = lazySchema(() =>
  z.object({
    type: legalDocumentTypeSchema,
    items: z.array(
      z.object({
        version: z.number().int().positive(),
        publishedAt: z.string(),
        title: frNl,
      }),
    ),
  }),
);
export type LegalVersionList = z.infer<typeof legalVersionListSchema>;

/** `GET /api/me/legal/acceptances`: what the user accepted and when, newest first. */
export const myAcceptancesSchema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({
        type: legalDocumentTypeSchema,
        version: z.number().int().positive(),
        acceptedAt: z.string(),
      }),
    ),
  }),
);
export type MyAcceptances = z.infer<typeof myAcceptancesSchema>;

// ---- erasure (Art. 17) -----------------------------------------------------------------------------

export const erasureStatuses = ['pending', 'cancelled', 'running', 'completed'] as const;
export const erasureStatusSchema = lazySchema(() => z.enum(erasureStatuses));
export type ErasureStatus = z.infer<typeof erasureStatusSchema>;

/** `GET/POST /api/me/erasure`: the person's erasure request (absent when none is pending or recent). */
export const erasureRequestViewSchema = lazySchema(() =>
  z.object({
    erasureId: z.uuid(),
    status: erasureStatusSchema,
    requestedAt: z.string(),
    /** When the grace period ends and the erasure runs (ISO 8601). */
    scheduledFor: z.string(),
    cancelledAt: z.string().optional(),
  }),
);
export type ErasureRequestView = z.infer<typeof erasureRequestViewSchema>;
export const myErasureSchema = lazySchema(() => z.object({ request: erasureRequestViewSchema.nullable() }));
export type MyErasure = z.infer<typeof myErasureSchema>;

/** `GET /api/manage/privacy/erasures`: erasures waiting for their date (admins), soonest first. */
export const pendingErasuresSchema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({
        erasureId: z.uuid(),
        userId: z.string(),
        status: erasureStatusSchema,
        requestedAt: z.string(),
        scheduledFor: z.string(),
      }),
    ),
  }),
);
export type PendingErasures = z.infer<typeof pendingErasuresSchema>;
