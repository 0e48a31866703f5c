import type { ContainerClient } from '@azure/storage-blob';
import { MAX_MESSAGE_ID_LENGTH, messageIdTooLongMessage } from '../../domain/messaging';
import type { MessageBus, MessageProperties, OutboundMessage } from '../../domain/ports';
import { queueSettings as manifestQueueSettings, type QueueSettings } from '../resources';
import {
  containerCreatedOnFirstUse,
  createBlobStorage,
  createQueueStorage,
  type BlobStorage,
  type QueueStorage,
} from '../storage/connection';
import { currentTraceParent } from '../telemetry/invocation-scope';
import { announceLocalQueueMessage } from './local-queue-signal';

/** Envelope shared with the local host's queue trigger: the trigger hands `body` to the handler. */
export interface QueueEnvelope<T = unknown> {
  readonly id: string;
  readonly body: T;
  readonly enqueuedAt: string;
  /** Service Bus application properties (the trigger passes them as `applicationProperties`). */
  readonly properties?: MessageProperties;
  /** The sending invocation's trace, continued by the consumer (Service Bus: `Diagnostic-Id`). */
  readonly traceParent?: string;
}

/** Storage queues hide a message for at most 7 days; Service Bus can schedule further, we never need to. */
const MAX_SCHEDULE_SECONDS = 7 * 24 * 3600;

/** Encodes an envelope the way the local host's trigger decodes it (base64 JSON). */
export function encodeEnvelope(envelope: QueueEnvelope): string {
  return Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64');
}

/**
 * Local stand-in for Service Bus: Azurite storage queues (base64 JSON envelopes), held to the broker's
 * rules where a producer could get them wrong: message ids over 128 characters are refused like the SDK
 * refuses them, a scheduled message stays invisible until its time, and on queues whose manifest entry
 * declares duplicate detection a message id already sent within the window is accepted and dropped.
 */
export class StorageQueueBus implements MessageBus {
  private readonly history: LocalMessageIdHistory;
  private readonly queues: ReadonlyMap<string, QueueSettings>;
  private readonly now: () => Date;

  constructor(
    private readonly queueStorage: QueueStorage,
    /** Holds the ids seen within a duplicate-detection window (blobs in the same emulator). */
    blobs: BlobStorage,
    options: {
      /** Broker settings per queue; the resource manifest's by default. */
      readonly queues?: ReadonlyMap<string, QueueSettings>;
      readonly now?: () => Date;
    } = {},
  ) {
    this.history = new LocalMessageIdHistory(blobs);
    this.queues = options.queues ?? manifestQueueSettings;
    this.now = options.now ?? (() => new Date());
  }

  /** A bus on an emulator known by its connection string (fixtures, tests). */
  static fromConnectionString(
    connectionString: string,
    options: ConstructorParameters<typeof StorageQueueBus>[2] = {},
  ): StorageQueueBus {
    const connection = { kind: 'key', connectionString } as const;
    return new StorageQueueBus(createQueueStorage(connection), createBlobStorage(connection), options);
  }

  async send<T>(queue: string, message: OutboundMessage<T>): Promise<void> {
    if (message.id.length > MAX_MESSAGE_ID_LENGTH) throw new Error(messageIdTooLongMessage());
    const now = this.now();
    const delaySeconds = message.scheduledEnqueueTime
      ? Math.max(0, Math.ceil((message.scheduledEnqueueTime.getTime() - now.getTime()) / 1000))
      : 0;
    if (delaySeconds > MAX_SCHEDULE_SECONDS) {
      throw new Error(
        `cannot schedule a message more than ${MAX_SCHEDULE_SECONDS} s ahead on a storage queue`,
      );
    }
    const window = this.queues.get(queue)?.duplicateDetectionWindowMs;
    if (window !== undefined && !(await this.history.record(queue, message.id, window, now))) return;
    const traceParent = currentTraceParent();
    const envelope: QueueEnvelope<T> = {
      id: message.id,
      body: message.body,
      enqueuedAt: new Date(now.getTime() + delaySeconds * 1000).toISOString(),
      ...(message.properties ? { properties: message.properties } : {}),
      ...(traceParent ? { traceParent } : {}),
    };
    await (
      await this.queueStorage.service()
    )
      .getQueueClient(queue)
      .sendMessage(encodeEnvelope(envelope), delaySeconds > 0 ? { visibilityTimeout: delaySeconds } : {});
    announceLocalQueueMessage(queue, delaySeconds * 1000);
  }
}

/**
 * The message ids a queue has seen, for duplicate detection: one empty blob per (queue, id) holding
 * when it was recorded. Conditional writes make "first within the window" atomic across processes.
 */
export class LocalMessageIdHistory {
  static readonly containerName = 'local-bus-message-ids';
  private readonly container: () => Promise<ContainerClient>;

  constructor(blobs: BlobStorage) {
    this.container = containerCreatedOnFirstUse(blobs, LocalMessageIdHistory.containerName);
  }

  /** Records the id; false when it was already recorded less than `windowMs` ago (a duplicate). */
  async record(queue: string, messageId: string, windowMs: number, now: Date): Promise<boolean> {
    const blob = (await this.container()).getBlockBlobClient(`${queue}/${encodeURIComponent(messageId)}`);
    const metadata = { seenat: now.toISOString() };
    try {
      await blob.upload('', 0, { metadata, conditions: { ifNoneMatch: '*' } });
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const seen = await blob.getProperties();
    const seenAt = Date.parse(seen.metadata?.seenat ?? '');
    if (Number.isFinite(seenAt) && now.getTime() - seenAt < windowMs) return false;
    try {
      await blob.upload('', 0, { metadata, conditions: { ifMatch: seen.etag ?? '*' } });
      return true;
    } catch (error) {
      // Someone recorded it in between: that send is the first, this one the duplicate.
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

function isConditionFailure(error: unknown): boolean {
  const status = (error as { statusCode?: number } | undefined)?.statusCode;
  return status === 409 || status === 412;
}
