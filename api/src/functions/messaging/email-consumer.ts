import type { InvocationContext } from '@azure/functions';
import { emailMessageSchema } from '@soins/shared';
import type { DeliverEmail } from '../../domain/email/deliver-email';
import { EMAIL_QUEUE } from '../../domain/email/enqueue';
import type { Logger } from '../../domain/ports';

export const emailConsumerName = 'email-send';
export { EMAIL_QUEUE };

/** Delivery facts from the trigger, for logs only (Service Bus and the local host both set them). */
function deliveryOf(context: InvocationContext): { messageId?: string; deliveryCount?: number } {
  const metadata = context.triggerMetadata ?? {};
  return {
    ...(typeof metadata.messageId === 'string' ? { messageId: metadata.messageId } : {}),
    ...(typeof metadata.deliveryCount === 'number' ? { deliveryCount: metadata.deliveryCount } : {}),
  };
}

/**
 * Queue consumer for `email`: validates `{ id, request }`, then sends at most one email per id.
 * - invalid message: logged and dropped (returns normally): it can never succeed, retrying only
 *   delays the dead-letter; producers validate with enqueueEmail, so this is a bug to fix upstream.
 * - provider unavailable / misconfigured / outcome unknown, or another delivery in progress: throws;
 *   the retry wrapper (retrying-consumer.ts) schedules the message again later, and after its last
 *   attempt the broker dead-letters it to `email/$DeadLetterQueue`.
 * - recipient rejected: recorded as failed and acknowledged: it would fail forever.
 * Logs carry the idempotency id, template and outcome; never the address, name or contents (and no
 * field name containing "email": the logger redacts those).
 */
export function makeEmailConsumer(deps: { deliver: DeliverEmail; logger: Logger }) {
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    const delivery = deliveryOf(context);
    const parsed = emailMessageSchema.safeParse(message);
    if (!parsed.success) {
      deps.logger.error('email.invalid_message', {
        invocationId: context.invocationId,
        ...delivery,
        // Paths and codes only: zod messages never quote the rejected values, but stay minimal.
        issues: parsed.error.issues
          .slice(0, 5)
          .map((issue) => `${issue.path.join('.') || '(root)'}:${issue.code}`)
          .join(','),
      });
      return;
    }
    const { id, request } = parsed.data;
    const fields = { idempotencyId: id, template: request.template, ...delivery };
    const result = await deps.deliver.execute(parsed.data);
    if (!result.ok) {
      deps.logger.warn('email.deferred', {
        ...fields,
        code: result.error.code,
        reason: result.error.message,
      });
      throw new Error(`email ${result.error.code}`);
    }
    const outcome = result.value;
    switch (outcome.status) {
      case 'sent':
      case 'recovered':
        deps.logger.info(`email.${outcome.status}`, {
          ...fields,
          providerMessageId: outcome.messageId,
          attempts: outcome.attempts,
        });
        return;
      case 'duplicate':
        deps.logger.info('email.duplicate', { ...fields, state: outcome.state });
        return;
      case 'rejected':
        deps.logger.error('email.rejected', {
          ...fields,
          httpStatus: outcome.httpStatus,
          errorCode: outcome.errorCode,
        });
        return;
    }
  };
}
