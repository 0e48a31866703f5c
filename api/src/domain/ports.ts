// Ports the domain and handlers depend on; adapters in ../adapters implement them.

/** Structured log fields: values are scrubbed by the logger, but callers should not pass personal data. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** A stored value with its optimistic-concurrency token; a write with a stale one fails. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/** Optimistic concurrency of a write: the ETag the caller read (If-Match), or "only if new" (If-None-Match: *). */
export interface Precondition {
  readonly ifMatch?: string | undefined;
  readonly ifNoneMatch?: boolean | undefined;
}

/** Etags compare without their quotes and weak prefix. */
export function sameEtag(a: string, b: string): boolean {
  const opaque = (tag: string): string =>
    tag
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1');
  return opaque(a) === opaque(b);
}

export interface Clock {
  now(): Date;
}

/** A dependency the readiness probe checks. `check` rejects or resolves; the probe measures and times out. */
export interface DependencyProbe {
  readonly name: 'cosmos' | 'blob' | 'queues' | 'scanner';
  check(signal: AbortSignal): Promise<void>;
}

/** Small values the broker carries beside the body (Service Bus application properties). */
export type MessageProperties = Readonly<Record<string, string | number | boolean>>;

export interface OutboundMessage<T> {
  /**
   * Message id, at most 128 characters (Service Bus refuses longer ones). Producers derive it from the
   * event, so a queue with duplicate detection drops a second send of the same id within its window.
   * Bodies carry their own idempotency key: a retry or re-drive re-sends the body under a fresh id.
   */
  readonly id: string;
  readonly body: T;
  readonly properties?: MessageProperties;
  /** Deliver no earlier than this instant (Service Bus `scheduledEnqueueTimeUtc`). */
  readonly scheduledEnqueueTime?: Date;
}

export interface MessageBus {
  /** Rejects a message id over 128 characters, as the Service Bus SDK does, before anything is sent. */
  send<T>(queue: string, message: OutboundMessage<T>): Promise<void>;
}

/** A message the broker gave up on, as operators see it: never its body, which holds personal data. */
export interface DeadLetter {
  /** Handle for re-drive and purge (Service Bus: the sequence number in the dead-letter sub-queue). */
  readonly id: string;
  readonly messageId: string;
  /** `DeadLetterReason`, e.g. `MaxDeliveryCountExceeded`. */
  readonly reason: string | undefined;
  /** `DeadLetterErrorDescription`. */
  readonly description: string | undefined;
  /** When the message (this copy of it) was enqueued. */
  readonly enqueuedAt: string | undefined;
  readonly deliveryCount: number | undefined;
  /** The last error the retry wrapper recorded on the message before it gave up, if any. */
  readonly lastError: string | undefined;
}

export interface DeadLetterListing {
  /** Dead letters counted, up to the adapter's counting cap. */
  readonly count: number;
  /** False when there are more than `count` (the cap was reached). */
  readonly complete: boolean;
  /** The oldest ones first, at most the requested limit. */
  readonly items: readonly DeadLetter[];
}

/** The dead-letter sub-queue of each queue: Service Bus's `<queue>/$DeadLetterQueue`, or the local store. */
export interface DeadLetters {
  list(queue: string, options: { readonly limit: number }): Promise<DeadLetterListing>;
  /** Sends the message back to its queue (same body, fresh message id) and removes it; false if gone. */
  redrive(queue: string, id: string): Promise<boolean>;
  /** Removes the message for good; false if gone. */
  purge(queue: string, id: string): Promise<boolean>;
}

export type WorkflowRuntimeStatus =
  'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated' | 'ContinuedAsNew' | 'Canceled' | 'Unknown';

export interface WorkflowStatus {
  readonly instanceId: string;
  readonly name: string;
  readonly runtimeStatus: WorkflowRuntimeStatus;
  readonly output: unknown;
  readonly customStatus: unknown;
  readonly createdAt: string | undefined;
  readonly lastUpdatedAt: string | undefined;
}

/** Start and manage Durable Functions orchestrations, the same way in Azure and locally. */
export interface WorkflowClient {
  start(name: string, options: { instanceId?: string; input?: unknown }): Promise<string>;
  status(instanceId: string): Promise<WorkflowStatus | undefined>;
  raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void>;
  terminate(instanceId: string, reason: string): Promise<void>;
  /** Deletes a finished instance's state and history (its input too); false when there was none to delete. */
  purge(instanceId: string): Promise<boolean>;
}

/** A paging token that is malformed, forged or from another query: the caller's mistake, a 400. */
export class InvalidPageTokenError extends Error {
  constructor() {
    super('invalid continuation token');
    this.name = 'InvalidPageTokenError';
  }
}
