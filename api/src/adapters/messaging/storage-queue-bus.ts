import type { QueueServiceClient } from '@azure/storage-queue';
import type { MessageBus, OutboundMessage } from '../../domain/ports';
import { currentTraceParent } from '../telemetry/invocation-scope';

/** Envelope shared with the local host's queue trigger: the trigger hands `body` to the handler. */
export interface QueueEnvelope<T = unknown> {
  readonly id: string;
  readonly body: T;
  readonly enqueuedAt: string;
  /** The sending invocation's trace, continued by the consumer (Service Bus: `Diagnostic-Id`). */
  readonly traceParent?: string;
}

/** Local stand-in for Service Bus: Azurite storage queues (base64 JSON envelopes). */
export class StorageQueueBus implements MessageBus {
  constructor(private readonly service: QueueServiceClient) {}

  async send<T>(queue: string, message: OutboundMessage<T>): Promise<void> {
    const traceParent = currentTraceParent();
    const envelope: QueueEnvelope<T> = {
      id: message.id,
      body: message.body,
      enqueuedAt: new Date().toISOString(),
      ...(traceParent ? { traceParent } : {}),
    };
    await this.service
      .getQueueClient(queue)
      .sendMessage(Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64'));
  }
}
