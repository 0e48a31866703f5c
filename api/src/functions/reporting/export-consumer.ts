import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { Logger } from '../../domain/ports';
import type { RunExport } from '../../domain/reporting/use-cases';

export const exportConsumerName = 'report-export';

/** Body of a `report-exports` message. */
export const exportMessageSchema = z.object({
  jobId: z.string().regex(/^x[0-9a-f]{31}$/),
  actorId: z.string().min(1).max(128),
});

/**
 * Runs an export job. An invalid message is logged and dropped (it can never succeed); a failure
 * throws, so the retry wrapper reschedules it and the job is run again from the start.
 */
export function makeExportConsumer(deps: { run: RunExport; logger: Logger }) {
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    const parsed = exportMessageSchema.safeParse(message);
    if (!parsed.success) {
      deps.logger.error('report.invalid_export_message', { invocationId: context.invocationId });
      return;
    }
    await deps.run.execute(parsed.data);
  };
}
