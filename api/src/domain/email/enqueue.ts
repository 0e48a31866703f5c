// How use cases ask for an email: put `{ id, request }` on the `email` queue. The id is the
// idempotency key: the same key never sends two emails, so derive it from the event that causes the
// email (a user id for the welcome email, a Stripe event id for billing), never from a random value.
import {
  emailMessageSchema,
  type EmailMessage,
  type EmailMessageInput,
  type EmailTemplate,
} from '@soins/shared';
import type { MessageBus } from '../ports';

export const EMAIL_QUEUE = 'email';

/** Idempotency keys for the emails we know about; one place so producers cannot drift. */
export const emailIds = {
  welcome: (userId: string): string => `welcome:${userId}`,
  /** One email per Stripe event and template (Stripe retries webhooks with the same event id). */
  stripe: (eventId: string, template: EmailTemplate): string => `stripe:${eventId}:${template}`,
  /** One email per diploma decision (a re-upload is a new diploma id). */
  diplomaDecision: (diplomaId: string, decision: 'approved' | 'rejected'): string =>
    `diploma:${diplomaId}:${decision}`,
  /** One alert per infected diploma and admin. */
  infectedDiploma: (diplomaId: string, adminId: string): string => `virus:${diplomaId}:${adminId}`,
  /** One e-mail per data export (a redelivered build asks again; the key keeps it to one). */
  dataExportReady: (exportId: string): string => `export:${exportId}:ready`,
  /** Erasure e-mails are keyed by the erasure id only: no user id stays in the delivery records. */
  erasureScheduled: (erasureId: string): string => `erasure:${erasureId}:scheduled`,
  erasureCompleted: (erasureId: string): string => `erasure:${erasureId}:completed`,
} as const;

/**
 * Validates and enqueues. An invalid message is a bug in the caller, so this throws rather than
 * letting a message onto the queue that the consumer would have to drop.
 */
export async function enqueueEmail(bus: MessageBus, message: EmailMessageInput): Promise<EmailMessage> {
  const parsed = emailMessageSchema.parse(message);
  await bus.send<EmailMessage>(EMAIL_QUEUE, { id: parsed.id, body: parsed });
  return parsed;
}
