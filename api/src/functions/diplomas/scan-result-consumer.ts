import type { InvocationContext } from '@azure/functions';
import { parseMalwareScanEvent } from '../../adapters/scanner/defender';
import type { RecordScanReport } from '../../domain/diplomas';
import type { Logger } from '../../domain/ports';

/** Service Bus queue an Event Grid subscription fills with Defender for Storage scan results. */
export const diplomaScanResultsQueue = 'diploma-scan-results';

/**
 * Queue consumer (SCANNER_MODE=defender): one Defender malware scanning result per message. An invalid
 * message is dropped and logged (redelivering it cannot make it valid); a failure to apply a valid one
 * throws, so the message is retried.
 */
export function makeDiplomaScanResultConsumer(deps: { record: RecordScanReport; logger: Logger }) {
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    const parsed = parseMalwareScanEvent(message);
    if (!parsed.ok) {
      deps.logger.error('diploma.scan_result_invalid', {
        invocationId: context.invocationId,
        reason: parsed.reason,
      });
      return;
    }
    const { eventId, correlationId, report } = parsed.event;
    const outcome = await deps.record.execute(report);
    const fields = { eventId, correlationId, outcome };
    if (outcome.startsWith('ignored_')) deps.logger.info('diploma.scan_result_ignored', fields);
    else deps.logger.info('diploma.scan_result_recorded', fields);
  };
}
