import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { languageSchema } from './identity';
import { exportFormatSchema, reportKindSchema } from './reporting';
import { unsubscribeTokenSchema } from './reminders';
import { obligationKindSchema } from './certificates';

// Messages on the `email` queue: `{ id, request }`. `id` is the idempotency key (one email per key,
// whatever the retries), e.g. `welcome:<userId>` or `stripe:<eventId>:subscription_confirmed`.

/**
 * Idempotency keys double as Cosmos ids and as Postmark metadata values (searchable, at most 80
 * characters): letters, digits and `: _ . @ -` only.
 */
export const idempotencyKeySchema = lazySchema(() =>
  z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9:_.@-]{0,79}$/,
      'expected letters, digits and : _ . @ - (at most 80 characters)',
    ),
);

export const emailRecipientSchema = lazySchema(() =>
  z.object({
    userId: z.string().min(1).max(128),
    email: z.email().max(254),
    /** May be empty: the greeting then has no name. */
    displayName: z.string().trim().max(200),
    /** de and en receive the French version until those languages exist. */
    language: languageSchema,
  }),
);
export type EmailRecipient = z.infer<typeof emailRecipientSchema>;

/** ISO 4217 code; Stripe sends lower case (`eur`), Intl wants upper case. */
const currencySchema = lazySchema(() =>
  z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 currency code')
    .transform((code) => code.toUpperCase()),
);
/** Minor units (cents), like Stripe. */
const amountCentsSchema = lazySchema(() => z.number().int().min(0).max(100_000_000));

export const emailTemplates = [
  'welcome',
  'subscription_confirmed',
  'diploma_approved',
  'diploma_rejected',
  'payment_failed',
  'certificate_issued',
  'diploma_infected_alert',
  'export_ready',
  'session_registration',
  'session_cancelled',
  'attestation_issued',
  'data_export_ready',
  'erasure_scheduled',
  'erasure_completed',
  'reminder',
] as const;
export type EmailTemplate = (typeof emailTemplates)[number];

const titleSchema = lazySchema(() =>
  z.object({
    fr: z.string().trim().min(1).max(300),
    nl: z.string().trim().min(1).max(300),
  }),
);

/** What a reminder e-mail says, per kind (titles in both languages: the recipient's is picked when rendering). */
export const reminderDetailsSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('idle_training'),
      trainingId: z.string().min(1).max(128),
      trainingTitle: titleSchema,
      /** Last activity in the training (ISO 8601 with offset). */
      lastActivityAt: z.iso.datetime({ offset: true }),
    }),
    z.object({
      kind: z.literal('session_tomorrow'),
      trainingTitle: titleSchema,
      startsAt: z.iso.datetime({ offset: true }),
      endsAt: z.iso.datetime({ offset: true }),
      place: z.string().trim().min(1).max(300),
    }),
    z.object({
      kind: z.literal('payment_failed'),
      /** When access closes unless the payment goes through. */
      accessEndsAt: z.iso.datetime({ offset: true }),
    }),
    z.object({
      kind: z.literal('subscription_ending'),
      endsAt: z.iso.datetime({ offset: true }),
    }),
    z.object({
      kind: z.literal('hours_short'),
      obligation: obligationKindSchema,
      hours: z.number().min(0).max(10_000),
      requiredHours: z.number().positive().max(10_000),
      /** Last day of the legal period (YYYY-MM-DD). */
      periodEndsOn: z.iso.date(),
    }),
  ]),
);
export type ReminderDetails = z.output<typeof reminderDetailsSchema>;

export const emailRequestSchema = lazySchema(() =>
  z.discriminatedUnion('template', [
    z.object({ template: z.literal('welcome'), recipient: emailRecipientSchema }),
    z.object({
      template: z.literal('subscription_confirmed'),
      recipient: emailRecipientSchema,
      plan: z.enum(['monthly', 'yearly']),
      amountCents: amountCentsSchema,
      currency: currencySchema,
      /** End of the paid period (ISO 8601 with offset), shown as a date in Europe/Brussels. */
      periodEnd: z.iso.datetime({ offset: true }),
    }),
    z.object({
      template: z.literal('diploma_approved'),
      recipient: emailRecipientSchema,
      /**
       * What the approval means for certificates: those of trainings already passed are on their way
       * (`released`), the next pass will get one (`on_next_pass`), or the onboarding form must be completed
       * first (`profile_incomplete`).
       */
      certificates: z.enum(['released', 'on_next_pass', 'profile_incomplete']).default('on_next_pass'),
    }),
    z.object({
      template: z.literal('diploma_rejected'),
      recipient: emailRecipientSchema,
      /** Written by an admin for the learner; shown as plain text. */
      reason: z.string().trim().min(1).max(2000),
    }),
    z.object({
      template: z.literal('payment_failed'),
      recipient: emailRecipientSchema,
      amountCents: amountCentsSchema,
      currency: currencySchema,
      /** Where to pay again (e.g. Stripe's hosted invoice page); the learner's space otherwise. */
      retryUrl: z
        .url({ protocol: /^https?$/ })
        .max(2000)
        .optional(),
    }),
    z.object({
      template: z.literal('certificate_issued'),
      recipient: emailRecipientSchema,
      /** In the certificate's language. */
      trainingTitle: z.string().trim().min(1).max(300),
      hours: z.number().positive().max(200),
      /** When the quiz was passed (ISO 8601 with offset), shown as a date in Europe/Brussels. */
      completedAt: z.iso.datetime({ offset: true }),
      /** The public verification code printed on the certificate. */
      verificationCode: z.string().regex(/^[A-Z2-7]{32}$/),
    }),
    z.object({
      /** To every admin: an uploaded diploma carried malware and was deleted; no learner data in it. */
      template: z.literal('diploma_infected_alert'),
      recipient: emailRecipientSchema,
      diplomaId: z.string().min(1).max(64),
      /** The scanner's signature name, e.g. Eicar-Test-Signature. */
      signature: z.string().trim().min(1).max(200),
      detectedAt: z.iso.datetime({ offset: true }),
    }),
    z.object({
      /** To the admin who asked for an export: it is ready on the reporting page (no link to the file). */
      template: z.literal('export_ready'),
      recipient: emailRecipientSchema,
      report: reportKindSchema,
      format: exportFormatSchema,
      /** The training or session id, or the year; empty for the rates of every training. */
      subject: z.string().max(64),
      rows: z.number().int().nonnegative(),
    }),
    z.object({
      /** A seat, a place on the waiting list, or a cancellation; the ICS file is attached. */
      template: z.literal('session_registration'),
      recipient: emailRecipientSchema,
      status: z.enum(['registered', 'waiting', 'cancelled']),
      trainingTitle: z.string().trim().min(1).max(300),
      startsAt: z.iso.datetime({ offset: true }),
      endsAt: z.iso.datetime({ offset: true }),
      place: z.string().trim().min(1).max(300),
    }),
    z.object({
      /** An admin cancelled the whole session; a calendar cancellation is attached for those who had a seat. */
      template: z.literal('session_cancelled'),
      recipient: emailRecipientSchema,
      trainingTitle: z.string().trim().min(1).max(300),
      startsAt: z.iso.datetime({ offset: true }),
      endsAt: z.iso.datetime({ offset: true }),
      place: z.string().trim().min(1).max(300),
      reason: z.string().trim().min(1).max(500),
    }),
    z.object({
      template: z.literal('attestation_issued'),
      recipient: emailRecipientSchema,
      trainingTitle: z.string().trim().min(1).max(300),
      hours: z.number().positive().max(200),
      sessionDate: z.iso.datetime({ offset: true }),
      verificationCode: z.string().regex(/^[A-Z2-7]{32}$/),
    }),
    z.object({
      /** The person's data export is ready; the link (behind sign-in) works until `expiresAt`. */
      template: z.literal('data_export_ready'),
      recipient: emailRecipientSchema,
      exportId: z.uuid(),
      expiresAt: z.iso.datetime({ offset: true }),
    }),
    z.object({
      /** The erasure was requested: it runs at `scheduledFor` unless cancelled from the profile. */
      template: z.literal('erasure_scheduled'),
      recipient: emailRecipientSchema,
      scheduledFor: z.iso.datetime({ offset: true }),
    }),
    z.object({
      /** The account and its data are erased (sent to the address captured at request time). */
      template: z.literal('erasure_completed'),
      recipient: emailRecipientSchema,
    }),
    z.object({
      /**
       * A reminder (timer functions, see api/src/domain/reminders): what it is about, and the signed token
       * of its one-click unsubscribe link (List-Unsubscribe headers and a visible link in the body).
       */
      template: z.literal('reminder'),
      recipient: emailRecipientSchema,
      reminder: reminderDetailsSchema,
      unsubscribeToken: unsubscribeTokenSchema,
    }),
  ]),
);
export type EmailRequest = z.output<typeof emailRequestSchema>;
export type EmailRequestInput = z.input<typeof emailRequestSchema>;

/**
 * A file to attach, by reference: queue messages never carry the bytes (Service Bus limits them), the
 * consumer reads them from Blob Storage just before sending.
 */
export const emailAttachmentRefSchema = lazySchema(() =>
  z.object({
    container: z.enum(['certificates']),
    blobName: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9_./-]{0,250}$/),
    /** File name shown to the recipient. */
    name: z.string().regex(/^[\w.() -]{1,100}\.(pdf|ics)$/),
    contentType: z.enum(['application/pdf', 'text/calendar']),
  }),
);
export type EmailAttachmentRef = z.infer<typeof emailAttachmentRefSchema>;

export const emailMessageSchema = lazySchema(() =>
  z.object({
    id: idempotencyKeySchema,
    request: emailRequestSchema,
    attachments: z.array(emailAttachmentRefSchema).max(3).optional(),
  }),
);
export type EmailMessage = z.output<typeof emailMessageSchema>;
export type EmailMessageInput = z.input<typeof emailMessageSchema>;
