import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * One dead-lettered message as the operations page shows it: broker facts only, never the body
 * (it holds personal data). `id` addresses it for re-drive and purge.
 */
export const deadLetterSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    messageId: z.string(),
    /** `DeadLetterReason`, e.g. `MaxDeliveryCountExceeded`. */
    reason: z.string().optional(),
    /** `DeadLetterErrorDescription`. */
    description: z.string().optional(),
    enqueuedAt: z.string().optional(),
    deliveryCount: z.number().int().nonnegative().optional(),
    /** What failed on the last attempt, as the retry wrapper recorded it. */
    lastError: z.string().optional(),
  }),
);
export type DeadLetterItem = z.infer<typeof deadLetterSchema>;

export const deadLetterQueueSchema = lazySchema(() =>
  z.object({
    queue: z.string(),
    /** Dead letters counted (up to a cap: `complete` is false beyond it). */
    count: z.number().int().nonnegative(),
    complete: z.boolean(),
    /** The oldest first, at most 50. */
    items: z.array(deadLetterSchema),
  }),
);
export type DeadLetterQueue = z.infer<typeof deadLetterQueueSchema>;

export const deadLettersSchema = lazySchema(() => z.object({ queues: z.array(deadLetterQueueSchema) }));
export type DeadLettersOverview = z.infer<typeof deadLettersSchema>;

/** Path segment of a dead letter's id (Service Bus sequence number, or the local store's id). */
export const deadLetterIdPattern = /^[A-Za-z0-9-]{1,64}$/;
