import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { auditEntrySchema } from './audit';
import { invoiceItemSchema, subscriptionViewSchema } from './billing';
import { certificateListItemSchema } from './certificates';
import { diplomaSchema } from './diplomas';
import { languageSchema, profileSchema } from './identity';
import { dashboardItemSchema } from './learning';
import { quizAttemptStatusSchema } from './quiz';
import { contentIdSchema, contentLanguageSchema, professionSchema } from './trainings';

// The admin's view of one learner (`GET /api/manage/users/{userId}`) and what an admin does there:
// manual enrolment, reset of quiz attempts (reason required), plus the certificate actions of
// ./certificates.ts (revocation with a reason, re-drive of the certificate workflow).

/** Reasons an admin writes (reset, revocation): required, kept in the audit log. */
export const staffReasonSchema = lazySchema(() => z.string().trim().min(3, 'at least 3 characters').max(500));

/** `POST /api/manage/users/{userId}/trainings/{trainingId}/quiz-reset`. */
export const quizResetSchema = lazySchema(() => z.strictObject({ reason: staffReasonSchema }));
export type QuizReset = z.infer<typeof quizResetSchema>;

/** Answer of a reset: how many finished, unpassed attempts stopped counting. */
export const quizResetResultSchema = lazySchema(() =>
  z.object({
    trainingId: z.string(),
    reset: z.number().int().nonnegative(),
  }),
);
export type QuizResetResult = z.infer<typeof quizResetResultSchema>;

/** `POST /api/manage/users/{userId}/enrolments`: enrols the learner in a published training. */
export const manualEnrolmentSchema = lazySchema(() => z.strictObject({ trainingId: contentIdSchema }));
export type ManualEnrolment = z.infer<typeof manualEnrolmentSchema>;

/** One quiz attempt as the learner record lists it (scores only; never the questions or answers). */
export const adminQuizAttemptSchema = lazySchema(() =>
  z.object({
    attemptId: z.string(),
    trainingId: z.string(),
    number: z.number().int().positive(),
    status: quizAttemptStatusSchema,
    startedAt: z.string(),
    submittedAt: z.string().optional(),
    scorePercent: z.number().optional(),
    /** Set once an admin reset the attempts: this one no longer counts against the limit. */
    reset: z.object({ at: z.string(), reason: z.string() }).optional(),
  }),
);
export type AdminQuizAttempt = z.infer<typeof adminQuizAttemptSchema>;

export const adminCertificateSchema = lazySchema(() =>
  certificateListItemSchema.extend({
    revokedAt: z.string().optional(),
    revocationReason: z.string().optional(),
  }),
);
export type AdminCertificate = z.infer<typeof adminCertificateSchema>;

export const learnerRecordSchema = lazySchema(() =>
  z.object({
    profile: profileSchema,
    /** Masked only: the full number takes the audited reveal (`POST .../inami/reveal`). */
    inami: z.object({ present: z.boolean(), masked: z.string().optional() }),
    /** Every diploma uploaded, newest first. */
    diplomas: z.array(diplomaSchema),
    subscription: subscriptionViewSchema,
    /** Null when the payment provider could not be reached (the rest of the record still shows). */
    invoices: z.array(invoiceItemSchema).nullable(),
    /** Trainings the learner is enrolled in, with progress (titles in the admin's language when offered). */
    enrolments: z.array(dashboardItemSchema),
    /** Every quiz attempt, per training, oldest first. */
    quizAttempts: z.array(adminQuizAttemptSchema),
    certificates: z.array(adminCertificateSchema),
    /** Staff actions concerning the learner, newest first (the latest 50). */
    history: z.array(auditEntrySchema),
  }),
);
export type LearnerRecord = z.infer<typeof learnerRecordSchema>;

/** The learner as a reviewer needs to know them: who, and which language to write the refusal in. */
export const diplomaReviewerViewSchema = lazySchema(() =>
  z.object({
    displayName: z.string(),
    email: z.string(),
    profession: professionSchema.optional(),
    language: languageSchema,
    /** The language a refusal is written in (the learner's, among the content languages). */
    writeIn: contentLanguageSchema,
  }),
);
export type DiplomaReviewerView = z.infer<typeof diplomaReviewerViewSchema>;

export const diplomaReviewItemSchema = lazySchema(() =>
  diplomaSchema.extend({
    /** Null when the account no longer exists. */
    learner: diplomaReviewerViewSchema.nullable(),
  }),
);
export type DiplomaReviewItem = z.infer<typeof diplomaReviewItemSchema>;

/** `GET /api/manage/diplomas`: the review queue, oldest upload first. */
export const diplomaReviewListSchema = lazySchema(() =>
  z.object({
    items: z.array(diplomaReviewItemSchema),
    continuationToken: z.string().optional(),
  }),
);
export type DiplomaReviewList = z.infer<typeof diplomaReviewListSchema>;
