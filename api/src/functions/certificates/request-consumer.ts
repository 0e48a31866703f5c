import type { InvocationContext } from '@azure/functions';
import { contentIdSchema } from '@soins/shared';
import { z } from 'zod';
import type { StartCertificateWorkflow } from '../../domain/certificates/use-cases';
import type { Logger, WorkflowClient } from '../../domain/ports';

export const CERTIFICATE_REQUESTS_QUEUE = 'certificate-requests';
export const certificateRequestConsumerName = 'certificate-request';

/** Body of a `certificate-requests` message (a PassedTraining). */
export const passedTrainingSchema = z.object({
  userId: z.string().regex(/^[A-Za-z0-9_-]{8,80}$/),
  trainingId: contentIdSchema,
  attemptId: z.string().min(1).max(128),
  passedAt: z.iso.datetime({ offset: true }),
  scorePercent: z.number().min(0).max(100),
  quizVersion: z.number().int().positive().optional(),
});

/**
 * Starts the orchestration of a request. An invalid message is logged and dropped (it can never
 * succeed); a failure to reach the Durable client throws, so the queue redelivers.
 */
export function makeCertificateRequestConsumer(deps: {
  start: StartCertificateWorkflow;
  workflowsFor: (context: InvocationContext) => WorkflowClient;
  logger: Logger;
}) {
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    const parsed = passedTrainingSchema.safeParse(message);
    if (!parsed.success) {
      deps.logger.error('certificate.invalid_request', {
        invocationId: context.invocationId,
        issues: parsed.error.issues
          .slice(0, 5)
          .map((issue) => `${issue.path.join('.') || '(root)'}:${issue.code}`)
          .join(','),
      });
      return;
    }
    const outcome = await deps.start.execute(deps.workflowsFor(context), parsed.data);
    deps.logger.info('certificate.request_consumed', { trainingId: parsed.data.trainingId, outcome });
  };
}
