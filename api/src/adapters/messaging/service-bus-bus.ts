import type { TokenCredential } from '@azure/core-auth';
import type { ServiceBusClient, ServiceBusSender } from '@azure/service-bus';
import type { MessageBus, OutboundMessage } from '../../domain/ports';
import { currentTraceParent } from '../telemetry/invocation-scope';

/**
 * Azure Service Bus adapter. The SDK is imported lazily (service-bus-library.ts, its own file in the
 * deployed package) so the local runtime and the cold start of every function do not pay for the
 * AMQP stack until a message is actually sent.
 * `messageId` carries the idempotency key, which also feeds Service Bus duplicate detection.
 * Azure: the namespace with the managed identity; tests may pass a connection string.
 */
export class ServiceBusBus implements MessageBus {
  private client: Promise<ServiceBusClient> | undefined;
  private readonly senders = new Map<string, Promise<ServiceBusSender>>();

  constructor(
    private readonly connection:
      | { readonly connectionString: string }
      | { readonly fullyQualifiedNamespace: string; readonly credential: TokenCredential },
  ) {}

  async send<T>(queue: string, message: OutboundMessage<T>): Promise<void> {
    const sender = await this.senderFor(queue);
    // The SDK itself refuses a message id over 128 characters; scheduling and properties are the broker's.
    const traceParent = currentTraceParent();
    await sender.sendMessages({
      messageId: message.id,
      body: message.body,
      contentType: 'application/json',
      // Diagnostic-Id: the Functions host makes the consumer's invocation part of the sender's operation.
      ...(message.properties || traceParent
        ? {
            applicationProperties: {
              ...message.properties,
              ...(traceParent ? { 'Diagnostic-Id': traceParent } : {}),
            },
          }
        : {}),
      ...(message.scheduledEnqueueTime ? { scheduledEnqueueTimeUtc: message.scheduledEnqueueTime } : {}),
    });
  }

  /** Used by the readiness probe: a peek proves the namespace answers and the queue exists. */
  async peek(queue: string, signal: AbortSignal): Promise<void> {
    const client = await this.getClient();
    const receiver = client.createReceiver(queue, { receiveMode: 'peekLock' });
    try {
      await receiver.peekMessages(1, { abortSignal: signal });
    } finally {
      await receiver.close();
    }
  }

  /** The one client of this namespace (the dead-letter adapter shares it). */
  getClient(): Promise<ServiceBusClient> {
    const connection = this.connection;
    this.client ??= import('./service-bus-library').then((sb) =>
      'connectionString' in connection
        ? new sb.ServiceBusClient(connection.connectionString)
        : new sb.ServiceBusClient(connection.fullyQualifiedNamespace, connection.credential),
    );
    return this.client;
  }

  private senderFor(queue: string): Promise<ServiceBusSender> {
    let sender = this.senders.get(queue);
    if (!sender) {
      sender = this.getClient().then((client) => client.createSender(queue));
      this.senders.set(queue, sender);
    }
    return sender;
  }
}
