import type { CosmosClient } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import type { DependencyProbe } from '../domain/ports';
import type { ClamdScanner } from './scanner/clamd';
import type { ServiceBusBus } from './messaging/service-bus-bus';

/** Readiness probes: each does the cheapest call that proves the dependency answers. */
export function createProbes(deps: {
  cosmos: CosmosClient;
  database: string;
  storageConnectionString: string;
  queues: { kind: 'storage' } | { kind: 'service-bus'; bus: ServiceBusBus; queue: string };
  /** clamd where it is the configured scanner; none with Defender for Storage (a managed service). */
  scanner: Pick<ClamdScanner, 'ping'> | undefined;
}): DependencyProbe[] {
  const blobService = BlobServiceClient.fromConnectionString(deps.storageConnectionString);
  const queueService = QueueServiceClient.fromConnectionString(deps.storageConnectionString);
  const queueProbe = deps.queues;
  const scanner = deps.scanner;
  return [
    {
      name: 'cosmos',
      check: async (signal) => {
        await deps.cosmos.database(deps.database).read({ abortSignal: signal });
      },
    },
    {
      name: 'blob',
      check: async (abortSignal) => {
        await blobService.getProperties({ abortSignal });
      },
    },
    {
      name: 'queues',
      check: async (abortSignal) => {
        if (queueProbe.kind === 'service-bus') await queueProbe.bus.peek(queueProbe.queue, abortSignal);
        else await queueService.getProperties({ abortSignal });
      },
    },
    ...(scanner ? [{ name: 'scanner' as const, check: (signal: AbortSignal) => scanner.ping(signal) }] : []),
  ];
}
