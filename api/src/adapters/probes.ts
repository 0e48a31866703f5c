import type { CosmosClient } from '@azure/cosmos';
import type { DependencyProbe } from '../domain/ports';
import type { ClamdScanner } from './scanner/clamd';
import type { ServiceBusBus } from './messaging/service-bus-bus';
import { resources } from './resources';
import type { BlobStorage, QueueStorage } from './storage/connection';

/** Readiness probes: each does the cheapest call that proves the dependency answers. */
export function createProbes(deps: {
  cosmos: CosmosClient;
  database: string;
  blobs: BlobStorage;
  queues:
    { kind: 'storage'; storage: QueueStorage } | { kind: 'service-bus'; bus: ServiceBusBus; queue: string };
  /** clamd where it is the configured scanner; none with Defender for Storage (a managed service). */
  scanner: Pick<ClamdScanner, 'ping'> | undefined;
}): DependencyProbe[] {
  // A container the api uses: the managed identity's data role allows reading it, while account-level
  // service properties would need a management role it does not have.
  const probedContainer = resources.blobContainers[0]?.name ?? 'certificates';
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
        await (await deps.blobs.container(probedContainer)).getProperties({ abortSignal });
      },
    },
    {
      name: 'queues',
      check: async (abortSignal) => {
        if (queueProbe.kind === 'service-bus') await queueProbe.bus.peek(queueProbe.queue, abortSignal);
        else await (await queueProbe.storage.service()).getProperties({ abortSignal });
      },
    },
    ...(scanner ? [{ name: 'scanner' as const, check: (signal: AbortSignal) => scanner.ping(signal) }] : []),
  ];
}
