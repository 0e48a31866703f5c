import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { ScanDiploma } from '../../domain/diplomas';
import type { Logger } from '../../domain/ports';

export const diplomaScanQueue = 'diploma-scan';
export const diplomaScanMessageSchema = z.strictObject({
  userId: z.string().min(1),
  diplomaId: z.string().min(1),
});

/** Queue consumer: scans one uploaded diploma. Throws to retry; an invalid message is dropped. */
export function makeDiplomaScanConsumer(deps: { scan: ScanDiploma; logger: Logger }) {
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    const parsed = diplomaScanMessageSchema.safeParse(message);
    if (!parsed.success) {
      deps.logger.error('diploma.scan_invalid_message', { invocationId: context.invocationId });
      return;
    }
    await deps.scan.execute(parsed.data);
  };
}
