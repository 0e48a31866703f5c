// Sends the email of one queue message exactly once per idempotency key, whatever the redeliveries.
//
//   claim key ─ done ──────────────────────────────► nothing to do (ack)
//      │      └ busy (live lease elsewhere) ─ wait ─► retry later (throw → queue redelivers)
//      ▼ acquired
//   takeover? ── yes ─► ask the provider: a message with metadata idempotencyKey=key?
//      │                   ├ found ─► record completed (recovered), no second send
//      │                   └ not found ─┐
//      ▼ ◄──────────────────────────────┘
//   send ─ accepted ─► record completed {messageId}   (recording fails → release after `settleMs`)
//        ├ rejected (invalid/inactive recipient) ─► record failed, ack: never retried
//        ├ unavailable (5xx, 429) / configuration (token…) ─► release now, retry later
//        └ unknown (network, timeout: maybe accepted) ─► release after `settleMs`, retry later
//
// The crash window: if the process dies after the provider accepted the email and before `complete`,
// the claim stays in_progress until its lease ends. The next delivery after that takes it over and,
// since Postmark has no idempotency key, searches Postmark's outbound messages by the metadata we sent
// with it. Found: recorded, not resent. Not found: sent (at-least-once is the lesser evil than a lost
// email; the only remaining duplicate is a message accepted but not yet searchable when the takeover
// asks, which the lease (≥ 1 min) and `settleMs` make unlikely). If the search itself fails we do not
// guess: the delivery is retried and, after the queue's max delivery count, dead-lettered for replay.
import type { EmailMessage } from '@soins/shared';
import type { IdempotencyRecord, IdempotencyStore } from '../idempotency';
import type { Clock } from '../ports';
import { fail, ok, type Result } from '../result';
import {
  EmailProviderError,
  type AttachmentSource,
  type EmailSender,
  type OutboundAttachment,
} from './ports';
import { emailLinks } from './copy';
import { renderEmail } from './render';

/** Metadata name under which the idempotency key travels with the email (searchable at Postmark). */
export const IDEMPOTENCY_METADATA = 'idempotencyKey';
export const TRANSACTIONAL_STREAM = 'outbound';

export type DeliveryOutcome =
  | { readonly status: 'sent'; readonly messageId: string; readonly attempts: number }
  /** Found at the provider after an interrupted attempt: recorded, not sent again. */
  | { readonly status: 'recovered'; readonly messageId: string; readonly attempts: number }
  /** The key was completed before: this delivery is a duplicate. */
  | { readonly status: 'duplicate'; readonly state: 'completed' | 'failed'; readonly messageId?: string }
  /** The provider refused this message for good; recorded as failed, not retried. */
  | { readonly status: 'rejected'; readonly httpStatus?: number; readonly errorCode?: number };

export type DeliveryError =
  | { readonly code: 'in_progress'; readonly message: string }
  | { readonly code: 'provider_unavailable'; readonly message: string }
  | { readonly code: 'provider_configuration'; readonly message: string }
  | { readonly code: 'outcome_unknown'; readonly message: string }
  | { readonly code: 'attachment_unavailable'; readonly message: string };

export interface DeliverEmailOptions {
  /** How long a claim protects an attempt; longer than one send (the adapter times out sooner). */
  readonly leaseMs?: number;
  /** How long a delivery waits for another holder's live lease before giving up for now. */
  readonly busyWaitMs?: number;
  readonly pollMs?: number;
  /** After an ambiguous failure, let the provider index the message before a takeover searches. */
  readonly settleMs?: number;
}

export interface DeliverEmailDeps {
  readonly store: IdempotencyStore;
  readonly sender: EmailSender;
  readonly clock: Clock;
  readonly appUrl: string;
  /** Needed only by messages with attachments (certificates). */
  readonly attachments?: AttachmentSource;
  readonly options?: DeliverEmailOptions;
  /** Injected for tests; setTimeout by default. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const deliveryDefaults = {
  leaseMs: 60_000,
  busyWaitMs: 15_000,
  pollMs: 500,
  settleMs: 10_000,
} as const satisfies Required<DeliverEmailOptions>;

/** Idempotency keys of emails share the `idempotency` container with other consumers: prefix them. */
export const emailIdempotencyKey = (messageId: string): string => `email:${messageId}`;

export class DeliverEmail {
  private readonly options: Required<DeliverEmailOptions>;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: DeliverEmailDeps) {
    this.options = { ...deliveryDefaults, ...deps.options };
    this.sleep =
      deps.sleep ??
      ((ms) =>
        new Promise((resolve) => {
          setTimeout(resolve, ms);
        }));
  }

  async execute(message: EmailMessage): Promise<Result<DeliveryOutcome, DeliveryError>> {
    const { store, sender } = this.deps;
    // Render first: a rendering bug must not leave a claim behind.
    const rendered = renderEmail(message.request, { appUrl: this.deps.appUrl });
    const key = emailIdempotencyKey(message.id);

    const claim = await this.claim(key);
    if (claim.kind === 'done') return ok(duplicateOf(claim.record));
    if (claim.kind === 'busy') {
      return fail({ code: 'in_progress', message: 'another delivery holds this email' });
    }
    const { token, record } = claim;
    // Attachments are read after the claim (a duplicate never downloads them) and before sending.
    let attachments: OutboundAttachment[] = [];
    if (message.attachments?.length) {
      let loaded: Result<OutboundAttachment[], DeliveryError>;
      try {
        loaded = await this.loadAttachments(message);
      } catch (error) {
        await this.release(key, token, 0);
        throw error;
      }
      if (!loaded.ok) {
        await this.release(key, token, 0);
        return loaded;
      }
      attachments = loaded.value;
    }

    if (claim.takeover) {
      let found: { messageId: string } | undefined;
      try {
        found = await sender.findByMetadata(IDEMPOTENCY_METADATA, message.id, TRANSACTIONAL_STREAM);
      } catch (error) {
        await this.release(key, token, 0);
        if (error instanceof EmailProviderError) return fail(retryableError(error));
        throw error;
      }
      if (found) {
        await store.complete(key, {
          state: 'completed',
          result: { messageId: found.messageId, recovered: true },
        });
        return ok({ status: 'recovered', messageId: found.messageId, attempts: record.attempts });
      }
    }

    let messageId: string;
    try {
      ({ messageId } = await sender.send({
        to: message.request.recipient.email,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        tag: message.request.template,
        messageStream: TRANSACTIONAL_STREAM,
        metadata: { [IDEMPOTENCY_METADATA]: message.id, template: message.request.template },
        ...listUnsubscribe(message.request, this.deps.appUrl),
        ...(attachments.length > 0 ? { attachments } : {}),
      }));
    } catch (error) {
      if (error instanceof EmailProviderError && error.kind === 'rejected') {
        await store.complete(key, { state: 'failed', result: { reason: 'rejected', ...errorFacts(error) } });
        return ok({ status: 'rejected', ...errorFacts(error) });
      }
      // Only a clear answer from the provider proves it did not take the message.
      const clearlyNotSent =
        error instanceof EmailProviderError &&
        (error.kind === 'unavailable' || error.kind === 'configuration');
      await this.release(key, token, clearlyNotSent ? 0 : this.options.settleMs);
      if (error instanceof EmailProviderError) return fail(retryableError(error));
      throw error;
    }

    try {
      await store.complete(key, { state: 'completed', result: { messageId } });
    } catch (error) {
      // Sent but not recorded: let a redelivery take over soon; its search will find the message.
      await this.release(key, token, this.options.settleMs);
      throw error;
    }
    return ok({ status: 'sent', messageId, attempts: record.attempts });
  }

  private async loadAttachments(message: EmailMessage): Promise<Result<OutboundAttachment[], DeliveryError>> {
    const source = this.deps.attachments;
    const refs = message.attachments ?? [];
    if (!source) return fail({ code: 'attachment_unavailable', message: 'no attachment source configured' });
    const loaded: OutboundAttachment[] = [];
    for (const ref of refs) {
      const content = await source.read(ref);
      if (!content) return fail({ code: 'attachment_unavailable', message: `missing ${ref.container} file` });
      loaded.push({ name: ref.name, contentType: ref.contentType, content });
    }
    return ok(loaded);
  }

  /** Claims the key, waiting a little while another delivery holds a live lease. */
  private async claim(key: string) {
    const deadline = this.deps.clock.now().getTime() + this.options.busyWaitMs;
    for (;;) {
      const claim = await this.deps.store.claim(key, { leaseMs: this.options.leaseMs });
      if (claim.kind !== 'busy') return claim;
      const left = deadline - this.deps.clock.now().getTime();
      if (left <= 0) return claim;
      await this.sleep(Math.min(this.options.pollMs, left));
    }
  }

  /** Best effort: if it fails, the lease simply runs out. */
  private async release(key: string, token: string, retryAfterMs: number): Promise<void> {
    try {
      await this.deps.store.release(key, token, { retryAfterMs });
    } catch {
      // The lease expiry gives the key back anyway.
    }
  }
}

/**
 * RFC 8058 one-click unsubscribe for reminders: `List-Unsubscribe` names the api's POST target (an https
 * URL, no sign-in) and `List-Unsubscribe-Post` tells the mail client to POST it. Other e-mails are
 * service messages about the account and carry none.
 */
export function listUnsubscribe(
  request: EmailMessage['request'],
  appUrl: string,
): { headers?: { name: string; value: string }[] } {
  if (request.template !== 'reminder') return {};
  const url = `${appUrl.replace(/\/+$/, '')}${emailLinks.unsubscribeOneClick(request.unsubscribeToken)}`;
  return {
    headers: [
      { name: 'List-Unsubscribe', value: `<${url}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ],
  };
}

function duplicateOf(record: IdempotencyRecord): DeliveryOutcome {
  const messageId = record.result?.messageId;
  return {
    status: 'duplicate',
    state: record.state === 'failed' ? 'failed' : 'completed',
    ...(typeof messageId === 'string' ? { messageId } : {}),
  };
}

function errorFacts(error: EmailProviderError): { httpStatus?: number; errorCode?: number } {
  return {
    ...(error.detail.status === undefined ? {} : { httpStatus: error.detail.status }),
    ...(error.detail.errorCode === undefined ? {} : { errorCode: error.detail.errorCode }),
  };
}

function retryableError(error: EmailProviderError): DeliveryError {
  switch (error.kind) {
    case 'configuration':
    case 'rejected': // only reachable from the search: our query is wrong
      return { code: 'provider_configuration', message: error.message };
    case 'unknown':
      return { code: 'outcome_unknown', message: error.message };
    default:
      return { code: 'provider_unavailable', message: error.message };
  }
}
