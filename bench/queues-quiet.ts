// Waits until a local stack's background work is done: every storage queue (Service Bus stand-ins,
// Durable control and work items) empty for a while. approximateMessagesCount counts messages in flight too.
import { QueueServiceClient } from '@azure/storage-queue';

/** Seconds until every queue had stayed empty for `quietMs`, or undefined when that took over `timeoutMs`. */
export async function queuesQuiet(
  connectionString: string,
  { quietMs, timeoutMs }: { readonly quietMs: number; readonly timeoutMs: number },
): Promise<number | undefined> {
  const service = QueueServiceClient.fromConnectionString(connectionString);
  const started = performance.now();
  for (let quietSince = started; performance.now() - quietSince < quietMs;) {
    if (performance.now() - started > timeoutMs) return undefined;
    let waiting = 0;
    for await (const queue of service.listQueues()) {
      waiting += (await service.getQueueClient(queue.name).getProperties()).approximateMessagesCount ?? 0;
    }
    if (waiting > 0) quietSince = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return (performance.now() - started) / 1000;
}
