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

export interface Clock {
  now(): Date;
}

/** A dependency the readiness probe checks. `check` rejects or resolves; the probe measures and times out. */
export interface DependencyProbe {
  readonly name: 'cosmos' | 'blob' | 'queues' | 'scanner';
  check(signal: AbortSignal): Promise<void>;
}

export interface OutboundMessage<T> {
  /** Idempotency key: consumers record it before acknowledging, so redelivery has no second effect. */
  readonly id: string;
  readonly body: T;
}

export interface MessageBus {
  send<T>(queue: string, message: OutboundMessage<T>): Promise<void>;
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
}

/** A paging token that is malformed, forged or from another query: the caller's mistake, a 400. */
export class InvalidPageTokenError extends Error {
  constructor() {
    super('invalid continuation token');
    this.name = 'InvalidPageTokenError';
  }
}
