// What the email use case needs from an email provider (Postmark in production, the mail sink locally).
import type { EmailAttachmentRef } from '@soins/shared';

export interface OutboundEmail {
  /** A bare address: display names are not put in headers, so no quoting or encoding issues. */
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Provider-side grouping for statistics, e.g. the template name. */
  readonly tag: string;
  /** Postmark message stream; `outbound` is the default transactional stream. */
  readonly messageStream: string;
  /** Searchable on the provider side: carries the idempotency key. No personal data. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Extra message headers (e.g. RFC 8058 List-Unsubscribe); never personal data beyond a signed token. */
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly attachments?: readonly OutboundAttachment[];
}

export interface OutboundAttachment {
  readonly name: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

/** Reads the bytes of an attachment the queue message refers to (Blob Storage in production). */
export interface AttachmentSource {
  /** Undefined when the file does not exist (yet): the delivery is retried later. */
  read(ref: EmailAttachmentRef): Promise<Uint8Array | undefined>;
}

export interface EmailSender {
  /** Resolves once the provider accepted the message; throws EmailProviderError otherwise. */
  send(email: OutboundEmail): Promise<{ readonly messageId: string }>;
  /**
   * Finds a message the provider already accepted with `metadata[name] === value` in `messageStream`
   * (crash recovery: was it sent before we could record it?). Throws EmailProviderError if the
   * provider cannot answer: "unknown" must never be read as "not sent".
   */
  findByMetadata(
    name: string,
    value: string,
    messageStream: string,
  ): Promise<{ readonly messageId: string } | undefined>;
}

/**
 * - `rejected`: this message can never be sent (invalid or inactive recipient, invalid request).
 * - `configuration`: our side is wrong (token, sender signature, stream); fixable, so retry/dead-letter.
 * - `unavailable`: the provider answered with a transient error (5xx, 429): it did not accept it.
 * - `unknown`: no answer (network error, timeout): it may have accepted the message.
 */
export type EmailFailureKind = 'rejected' | 'configuration' | 'unavailable' | 'unknown';

/** Carries only status and provider error code, never the provider's text (it can quote addresses). */
export class EmailProviderError extends Error {
  constructor(
    readonly kind: EmailFailureKind,
    readonly detail: { readonly status?: number; readonly errorCode?: number } = {},
  ) {
    const facts = [
      detail.status === undefined ? '' : `HTTP ${detail.status}`,
      detail.errorCode === undefined ? '' : `code ${detail.errorCode}`,
    ].filter(Boolean);
    super(`email provider: ${kind}${facts.length ? ` (${facts.join(', ')})` : ''}`);
    this.name = 'EmailProviderError';
  }
}
