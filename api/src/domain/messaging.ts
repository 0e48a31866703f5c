// Messaging rules shared by the retry wrapper, the buses and the dead-letter adapters: message id
// limits, the application properties a retried message carries, and the retry schedule.
import type { MessageProperties } from './ports';

/** Service Bus refuses a message id longer than this (the SDK throws before sending). */
export const MAX_MESSAGE_ID_LENGTH = 128;

/** The SDK's own wording, so the local bus fails exactly as Azure would. */
export function messageIdTooLongMessage(): string {
  return `Length of 'messageId' property on the message cannot be greater than ${MAX_MESSAGE_ID_LENGTH} characters.`;
}

/** Dead letters counted per listing at most: beyond, a listing says it is incomplete. */
export const DEAD_LETTER_COUNT_CAP = 1000;

/** Application properties the retry wrapper writes on the copies it schedules. */
export const retryProperty = {
  /** 1-based attempt number of this copy. */
  attempt: 'soinsAttempt',
  /** Message id of the first copy of this chain of retries: retry ids derive from it. */
  chain: 'soinsChainId',
  /** Short, personal-data-free description of the failure that caused this copy. */
  lastError: 'soinsLastError',
} as const;

/** Properties a dead letter carries that must not follow it back to its queue on a re-drive. */
const brokerDeadLetterProperties = new Set(['DeadLetterReason', 'DeadLetterErrorDescription']);

/** The properties of a re-driven message: a fresh start (no attempt count, no chain, no dead-letter marks). */
export function redriveProperties(properties: MessageProperties | undefined): MessageProperties {
  const retryKeys = new Set<string>(Object.values(retryProperty));
  return Object.fromEntries(
    Object.entries(properties ?? {}).filter(
      ([key]) => !retryKeys.has(key) && !brokerDeadLetterProperties.has(key),
    ),
  );
}

/** Id of a re-driven message: `<first id of its retry chain>:redrive:<dead-letter id>`, ≤ 128 characters. */
export function redriveMessageId(
  messageId: string,
  properties: MessageProperties | undefined,
  deadLetterId: string,
): string {
  const chain = properties?.[retryProperty.chain];
  return derivedMessageId(typeof chain === 'string' && chain ? chain : messageId, `redrive:${deadLetterId}`);
}

/**
 * A message id derived from another (`<base>:<suffix>`), kept within 128 characters: when too long,
 * the base is replaced by a 32-hex-digit digest of itself, so the result is still deterministic and
 * distinct per base (duplicate detection relies on both).
 */
export function derivedMessageId(base: string, suffix: string): string {
  const plain = `${base}:${suffix}`;
  if (plain.length <= MAX_MESSAGE_ID_LENGTH) return plain;
  const short = `${digest(base)}:${suffix}`;
  if (short.length > MAX_MESSAGE_ID_LENGTH) throw new Error('message id suffix too long');
  return short;
}

/** 128-bit FNV-1a (two 64-bit lanes with different offsets): pure, stable, no Node import. */
export function digest(text: string): string {
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  let a = 0xcbf29ce484222325n;
  let b = 0x84222325cbf29ce4n;
  for (const byte of new TextEncoder().encode(text)) {
    a = ((a ^ BigInt(byte)) * prime) & mask;
    b = ((b ^ BigInt(byte ^ 0x5a)) * prime) & mask;
  }
  return a.toString(16).padStart(16, '0') + b.toString(16).padStart(16, '0');
}

/**
 * When a consumer fails for a reason that may pass (a provider outage), the message is scheduled
 * again after a growing delay, at most `maxAttempts` deliveries in all.
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** 10 attempts over 75 minutes: 30 s, 1, 2, 4, 8 min, then every 15 min. Survives an hour's outage. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 10,
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
};

/** Delay before attempt `failedAttempt + 1`: doubles from the first delay, capped. */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number): number {
  const exponent = Math.max(0, failedAttempt - 1);
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(exponent, 30));
}

/** Time between the first and the last attempt, ignoring processing time. */
export function retrySpanMs(policy: RetryPolicy): number {
  let total = 0;
  for (let attempt = 1; attempt < policy.maxAttempts; attempt++) total += retryDelayMs(policy, attempt);
  return total;
}
