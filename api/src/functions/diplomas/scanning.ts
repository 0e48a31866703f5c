// How uploaded diplomas get scanned, per SCANNER_MODE; main.ts registers what this returns.
//   clamd    (local, tests): the upload sends a `diploma-scan` message; its consumer streams the file to
//            clamd; a timer asks again for scans stalled for 5 minutes (a lost or dead-lettered message).
//   defender (Azure): Defender for Storage scans every blob on upload by itself and publishes the result
//            (Event Grid → Service Bus `diploma-scan-results`), so the upload asks for nothing and the
//            consumer applies each result; the timer cannot ask Defender again for one blob, so it
//            reports (error log, for the operators' alert) scans with no result after 5 minutes.
// Both drive the same domain transitions: clean → review queue; malicious → file deleted, learner sees
// the refusal, admins alerted.
import type { ServiceBusQueueFunctionOptions, TimerFunctionOptions } from '@azure/functions';
import { ClamdScanner } from '../../adapters/scanner/clamd';
import type { Config } from '../../config';
import {
  RecordScanReport,
  ReportStalledScans,
  RequeueStalledScans,
  ScanDiploma,
  type DiplomaEvents,
  type DiplomaFiles,
  type DiplomaRepository,
  type MalwareScanner,
} from '../../domain/diplomas';
import type { Clock, Logger, MessageBus } from '../../domain/ports';
import { diplomaScanQueue, makeDiplomaScanConsumer } from './scan-consumer';
import { diplomaScanResultsQueue, makeDiplomaScanResultConsumer } from './scan-result-consumer';

export type ScannerSetup =
  | { readonly mode: 'clamd'; readonly scanner: MalwareScanner & Pick<ClamdScanner, 'ping'> }
  | { readonly mode: 'defender' };

/** The configured scanner: a clamd client, or none (Defender scans on its own). */
export function scannerSetupFrom(
  config: Pick<Config, 'SCANNER_MODE' | 'CLAMD_HOST' | 'CLAMD_PORT'>,
): ScannerSetup {
  if (config.SCANNER_MODE === 'defender') return { mode: 'defender' };
  if (!config.CLAMD_HOST) throw new Error('SCANNER_MODE=clamd needs CLAMD_HOST'); // the config refuses it first
  return { mode: 'clamd', scanner: new ClamdScanner(config.CLAMD_HOST, config.CLAMD_PORT) };
}

export interface DiplomaScanning {
  /** What the upload asks for once the file is in quarantine (nothing with Defender). */
  readonly scanRequested: DiplomaEvents['scanRequested'];
  /** The scan consumer and the stalled-scan timer, built with the complete events port. */
  functions(events: DiplomaEvents): {
    readonly consumer: { readonly name: string; readonly options: ServiceBusQueueFunctionOptions };
    readonly timer: { readonly name: string; readonly options: TimerFunctionOptions };
  };
}

const stalledScanSchedule = '0 */5 * * * *';

export function makeDiplomaScanning(
  setup: ScannerSetup,
  deps: { bus: MessageBus; diplomas: DiplomaRepository; files: DiplomaFiles; clock: Clock; logger: Logger },
): DiplomaScanning {
  const { diplomas, files, clock, logger } = deps;
  if (setup.mode === 'defender') {
    return {
      scanRequested: () => Promise.resolve(),
      functions: (events) => {
        const report = new ReportStalledScans({ diplomas, clock, logger });
        return {
          consumer: {
            name: 'diploma-scan-results',
            options: {
              queueName: diplomaScanResultsQueue,
              connection: 'SERVICEBUS_CONNECTION',
              handler: makeDiplomaScanResultConsumer({
                record: new RecordScanReport({ diplomas, files, events, clock, logger }),
                logger,
              }),
            },
          },
          timer: {
            name: 'diploma-scan-overdue',
            options: {
              schedule: stalledScanSchedule,
              handler: async () => {
                await report.execute();
              },
            },
          },
        };
      },
    };
  }
  return {
    scanRequested: (diploma, options) =>
      deps.bus.send(diplomaScanQueue, {
        // A retry needs a fresh message id, or Service Bus duplicate detection would drop it.
        id: options?.retry ? `scan:${diploma.id}:retry:${clock.now().toISOString()}` : `scan:${diploma.id}`,
        body: { userId: diploma.userId, diplomaId: diploma.id },
      }),
    functions: (events) => {
      const requeue = new RequeueStalledScans({ diplomas, events, clock, logger });
      return {
        consumer: {
          name: 'diploma-scan',
          options: {
            queueName: diplomaScanQueue,
            connection: 'SERVICEBUS_CONNECTION',
            handler: makeDiplomaScanConsumer({
              scan: new ScanDiploma({ diplomas, files, scanner: setup.scanner, events, clock, logger }),
              logger,
            }),
          },
        },
        timer: {
          name: 'diploma-scan-requeue',
          options: {
            schedule: stalledScanSchedule,
            handler: async () => {
              await requeue.execute();
            },
          },
        },
      };
    },
  };
}
