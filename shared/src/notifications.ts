import { z } from 'zod';
import { lazySchema } from './lazy-schema';

// In-app notifications (`/api/me/notifications`): what happened to the person (a certificate is ready, the
// diploma was reviewed, an attestation was issued, an in-person session is tomorrow or was cancelled),
// newest first, with
// an unread count for the header's bell. The SPA writes the sentence in the reader's current language from
// the kind and these parameters; training titles are kept in both languages when the training has both.

/** A training title in French and/or Dutch (at least one): the reader's language, else the other. */
export const notificationTitleSchema = lazySchema(() =>
  z
    .object({ fr: z.string().min(1).optional(), nl: z.string().min(1).optional() })
    .refine(
      (title) => title.fr !== undefined || title.nl !== undefined,
      'expected a French or a Dutch title',
    ),
);
export type NotificationTitle = z.infer<typeof notificationTitleSchema>;

export const notificationKinds = [
  'certificate-ready',
  'diploma-reviewed',
  'attestation-ready',
  'session-reminder',
  'session-cancelled',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** What a notification is about (its kind and the parameters its sentence and link need). */
export const notificationSubjectSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('certificate-ready'),
      certificateId: z.string().min(1),
      trainingId: z.string().min(1),
      trainingTitle: notificationTitleSchema,
    }),
    z.object({
      kind: z.literal('diploma-reviewed'),
      diplomaId: z.string().min(1),
      outcome: z.enum(['approved', 'rejected']),
      /** The admin's reason, as written (a rejection only). */
      reason: z.string().min(1).max(2000).optional(),
    }),
    z.object({
      kind: z.literal('attestation-ready'),
      attestationId: z.string().min(1),
      sessionId: z.string().min(1),
      trainingTitle: notificationTitleSchema,
      sessionStartsAt: z.string(),
    }),
    z.object({
      kind: z.literal('session-reminder'),
      sessionId: z.string().min(1),
      trainingTitle: notificationTitleSchema,
      startsAt: z.string(),
      place: z.string(),
    }),
    z.object({
      kind: z.literal('session-cancelled'),
      sessionId: z.string().min(1),
      trainingTitle: notificationTitleSchema,
      startsAt: z.string(),
      /** The admin's reason, as written. */
      reason: z.string().min(1).max(2000).optional(),
    }),
  ]),
);
export type NotificationSubject = z.infer<typeof notificationSubjectSchema>;

export const notificationIdSchema = lazySchema(() => z.string().regex(/^n-[a-z2-7]{24}$/));

export const notificationSchema = lazySchema(() =>
  z.object({
    id: notificationIdSchema,
    subject: notificationSubjectSchema,
    createdAt: z.string(),
    /** Absent while unread. */
    readAt: z.string().optional(),
  }),
);
export type AppNotification = z.infer<typeof notificationSchema>;

export const notificationsPageSize = 20;

/** Query of `GET /api/me/notifications`: newest first, at most 20 per page. */
export const notificationsQuerySchema = lazySchema(() =>
  z.object({
    continuationToken: z.string().min(1).max(4000).optional(),
    limit: z.coerce.number().int().min(1).max(notificationsPageSize).optional(),
  }),
);
export type NotificationsQuery = z.infer<typeof notificationsQuerySchema>;

export const notificationListSchema = lazySchema(() =>
  z.object({
    items: z.array(notificationSchema),
    continuationToken: z.string().optional(),
  }),
);
export type NotificationList = z.infer<typeof notificationListSchema>;

/** `GET /api/me/notifications/unread-count`. */
export const unreadNotificationsSchema = lazySchema(() =>
  z.object({ unread: z.number().int().nonnegative() }),
);
export type UnreadNotifications = z.infer<typeof unreadNotificationsSchema>;

/** `POST /api/me/notifications/read-all`: how many were unread. */
export const notificationsMarkedSchema = lazySchema(() =>
  z.object({ marked: z.number().int().nonnegative() }),
);
export type NotificationsMarked = z.infer<typeof notificationsMarkedSchema>;
