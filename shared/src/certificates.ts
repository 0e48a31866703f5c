import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { contentLanguageSchema, professionSchema } from './trainings';

// Certificates: the learner's history, the public verification view, the hours ledger and the admin
// actions. A certificate is issued once per (learner, training) when the final quiz is passed.

/**
 * Verification codes: 160 random bits in RFC 4648 base32 (upper case, no padding) = 32 characters.
 * Readers may type them in lower case or grouped with dashes/spaces: `normalizeVerificationCode`.
 */
export const verificationCodeLength = 32;
export const verificationCodeSchema = lazySchema(() =>
  z.string().regex(/^[A-Z2-7]{32}$/, 'expected a 32-character verification code'),
);

/** Upper-cases and drops separators; returns undefined when the result is not a well-formed code. */
export function normalizeVerificationCode(raw: string): string | undefined {
  if (raw.length > 100) return undefined;
  const code = raw.replace(/[\s-]/g, '').toUpperCase();
  return verificationCodeSchema.safeParse(code).success ? code : undefined;
}

/** `ABCD-EFGH-…`: how the code is printed on the certificate (both forms verify). */
export function formatVerificationCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export const certificateStatusSchema = lazySchema(() => z.enum(['valid', 'revoked']));
export type CertificateStatus = z.infer<typeof certificateStatusSchema>;

/** One row of `GET /api/me/certificates`. */
export const certificateListItemSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    trainingId: z.string(),
    /** In the certificate's language (the learner's language when it was issued). */
    trainingTitle: z.string(),
    language: contentLanguageSchema,
    hours: z.number().nonnegative(),
    /** ISO 8601 (UTC): when the passing quiz attempt was submitted. */
    completedAt: z.string(),
    issuedAt: z.string(),
    organiser: z.string(),
    verificationCode: verificationCodeSchema,
    status: certificateStatusSchema,
    /** False while the PDF is being rendered: the download link is not available yet. */
    pdfReady: z.boolean(),
  }),
);
export type CertificateListItem = z.infer<typeof certificateListItemSchema>;

/** What a learner still lacks to hold a certificate: a completed profile, an approved diploma. */
export const eligibilityGapSchema = lazySchema(() => z.enum(['profile', 'diploma']));
export type EligibilityGap = z.infer<typeof eligibilityGapSchema>;

export const myCertificatesSchema = lazySchema(() =>
  z.object({
    items: z.array(certificateListItemSchema),
    /**
     * Empty when the learner may hold certificates; else her passes wait (status `awaiting_eligibility`) and
     * their certificates are issued once what is listed is done.
     */
    missing: z.array(eligibilityGapSchema),
    /** Trainings passed whose certificate is not issued yet (waiting for `missing`, or being prepared). */
    waiting: z.array(z.string()),
  }),
);
export type MyCertificates = z.infer<typeof myCertificatesSchema>;

/** `GET /api/me/certificates/{certificateId}/pdf`: a read-only link valid at most 5 minutes. */
export const certificatePdfLinkSchema = lazySchema(() => z.object({ url: z.url(), expiresAt: z.string() }));
export type CertificatePdfLink = z.infer<typeof certificatePdfLinkSchema>;

/**
 * `GET /api/verify/{code}` (anonymous): what anyone holding a code may learn, nothing more (no email,
 * no INAMI number). Unknown and malformed codes answer 200 `{ status: 'unknown' }`.
 */
export const verificationViewSchema = lazySchema(() =>
  z.object({
    status: z.enum(['valid', 'revoked', 'unknown']),
    /** An online certificate, or an in-person session's attestation of attendance (same code space). */
    kind: z.enum(['certificate', 'attestation']).optional(),
    holderName: z.string().optional(),
    training: z.string().optional(),
    hours: z.number().nonnegative().optional(),
    completedAt: z.string().optional(),
  }),
);
export type VerificationView = z.infer<typeof verificationViewSchema>;

/** `POST /api/manage/certificates/{userId}/{certificateId}/revocation`. */
export const certificateRevocationSchema = lazySchema(() =>
  z.strictObject({ reason: z.string().trim().min(3).max(500) }),
);
export type CertificateRevocation = z.infer<typeof certificateRevocationSchema>;

/** Answer of the revocation (idempotent: revoking twice keeps the first revocation). */
export const certificateRevocationResultSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    status: certificateStatusSchema,
    revokedAt: z.string().optional(),
  }),
);

/**
 * `POST /api/manage/certificates/{userId}/{trainingId}/retry` → 202: the stored request is queued again;
 * a failed workflow restarts under the same instance id, a running or completed one is left alone.
 */
export const certificateRetrySchema = lazySchema(() =>
  z.object({ instanceId: z.string(), queued: z.literal(true) }),
);
export type CertificateRetry = z.infer<typeof certificateRetrySchema>;

/**
 * Legal training obligations (DESIGN.md §5): home nurses with an INAMI number 5 h per calendar year;
 * nurses with a specialist title or qualification 60 h over 4 years; midwives 75 h over 5 years.
 */
export const obligationKindSchema = lazySchema(() =>
  z.enum(['nurse_inami_annual', 'nurse_specialist', 'midwife']),
);
export type ObligationKind = z.infer<typeof obligationKindSchema>;

export const ledgerYearSchema = lazySchema(() =>
  z.object({
    year: z.number().int(),
    hours: z.number().nonnegative(),
    certificates: z.number().int().nonnegative(),
  }),
);
export type LedgerYear = z.infer<typeof ledgerYearSchema>;

export const ledgerPeriodSchema = lazySchema(() =>
  z.object({
    /** Inclusive calendar dates (YYYY-MM-DD). */
    startsOn: z.string(),
    endsOn: z.string(),
    hours: z.number().nonnegative(),
    requiredHours: z.number().positive(),
    /** 0–100, rounded down; 100 once the obligation of the period is met. */
    progressPercent: z.number().int().min(0).max(100),
    met: z.boolean(),
    /** The period that contains today. */
    current: z.boolean(),
  }),
);
export type LedgerPeriod = z.infer<typeof ledgerPeriodSchema>;

export const ledgerObligationSchema = lazySchema(() =>
  z.object({
    kind: obligationKindSchema,
    requiredHours: z.number().positive(),
    periodYears: z.number().int().positive(),
    /** Oldest first, up to and including the current period. */
    periods: z.array(ledgerPeriodSchema),
  }),
);
export type LedgerObligation = z.infer<typeof ledgerObligationSchema>;

/** `GET /api/me/hours`: valid (non-revoked) certificates only. */
export const hoursLedgerSchema = lazySchema(() =>
  z.object({
    profession: professionSchema.nullable(),
    totalHours: z.number().nonnegative(),
    /** Calendar years with at least one certificate, plus the current year; oldest first. */
    years: z.array(ledgerYearSchema),
    /** Empty when the profile has no profession or the profession has no obligation. */
    obligations: z.array(ledgerObligationSchema),
  }),
);
export type HoursLedger = z.infer<typeof hoursLedgerSchema>;
