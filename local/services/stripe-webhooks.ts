// Webhook delivery for the Stripe simulator: every event goes to every endpoint, signed with Stripe's
// scheme (`Stripe-Signature: t=…,v1=…`, a fresh timestamp per attempt), retried with exponential
// backoff while the endpoint answers non-2xx or cannot be reached. First attempts to one endpoint
// go out one after another in emission order (so "Stripe's order" is observable); retries run on
// their own timers, so a failing event arrives after later ones, as with Stripe.
import http from 'node:http';
import https from 'node:https';
import { randomId, type StripeObject } from './stripe-core';
import { signStripePayload } from './stripe-signing';

export interface WebhookRetryOptions {
  /** Attempts in total, the first included (default 5). */
  readonly maxAttempts?: number;
  /** Delay before the second attempt; doubles each time (default 1000 ms: 1 s, 2 s, 4 s, 8 s). */
  readonly initialDelayMs?: number;
  /** Upper bound of one delay (default 60 000 ms). */
  readonly maxDelayMs?: number;
  /** Per-attempt timeout (default 10 000 ms). */
  readonly timeoutMs?: number;
}

export interface WebhookEndpoint {
  readonly url: string;
  /** `whsec_…` signing secret. */
  readonly secret: string;
  /** Event types sent to this endpoint (Stripe's `enabled_events`); default every type. */
  readonly enabledEvents?: readonly string[];
  /** Overrides the simulator's retry options for this endpoint. */
  readonly retry?: WebhookRetryOptions;
  /** A certificate to trust for an `https` URL (the local gateway's self-signed one); else the system's. */
  readonly ca?: string;
}

export type DeliveryKind = 'event' | 'resend' | 'replay';

export interface DeliveryAttempt {
  /** ISO time the attempt started. */
  readonly at: string;
  /** HTTP status, or null when the endpoint could not be reached. */
  readonly status: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface DeliveryRecord {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  /** `created` of the payload that was sent (differs from the event's for an "old" resend). */
  readonly eventCreated: number;
  readonly url: string;
  readonly kind: DeliveryKind;
  state: 'pending' | 'succeeded' | 'failed';
  readonly attempts: DeliveryAttempt[];
  /** ISO time of the next retry while one is scheduled. */
  nextAttemptAt: string | null;
}

interface Job {
  readonly record: DeliveryRecord;
  readonly endpoint: WebhookEndpoint;
  readonly payload: string;
  readonly retry: Required<WebhookRetryOptions>;
}

const DEFAULT_RETRY: Required<WebhookRetryOptions> = {
  maxAttempts: 5,
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  timeoutMs: 10_000,
};

const MAX_RECORDS = 2000;

export interface WebhookDispatcherOptions {
  readonly endpoints?: readonly WebhookEndpoint[];
  readonly retry?: WebhookRetryOptions;
  /** Called when a successful first delivery of an event lowers its `pending_webhooks`. */
  readonly onDelivered?: (eventId: string) => void;
  readonly log?: (line: string) => void;
}

export class WebhookDispatcher {
  private readonly endpointList: WebhookEndpoint[] = [];
  private readonly retry: Required<WebhookRetryOptions>;
  private readonly deliveries: DeliveryRecord[] = [];
  /** Per-endpoint chain of first attempts, keeping emission order. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiters: (() => void)[] = [];
  private readonly abort = new AbortController();
  private pending = 0;
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions = {}) {
    this.retry = { ...DEFAULT_RETRY, ...definedOnly(options.retry) };
    for (const e of options.endpoints ?? []) this.addEndpoint(e);
  }

  /** Adds an endpoint, replacing one with the same URL. */
  addEndpoint(endpoint: WebhookEndpoint): void {
    if (!/^https?:\/\//.test(endpoint.url)) throw new Error(`Invalid webhook URL: ${endpoint.url}`);
    if (!endpoint.secret) throw new Error('A webhook endpoint needs a signing secret');
    this.removeEndpoint(endpoint.url);
    this.endpointList.push(endpoint);
  }

  removeEndpoint(url: string): boolean {
    const i = this.endpointList.findIndex((e) => e.url === url);
    if (i < 0) return false;
    this.endpointList.splice(i, 1);
    return true;
  }

  endpoints(): readonly WebhookEndpoint[] {
    return [...this.endpointList];
  }

  /** How many endpoints would receive an event of this type. */
  countFor(type: string): number {
    return this.endpointList.filter((e) => accepts(e, type)).length;
  }

  /** Delivery records, newest first. */
  records(): readonly DeliveryRecord[] {
    return [...this.deliveries].reverse();
  }

  /** Sends `events` (in this order) to every endpoint that accepts them. */
  dispatch(events: readonly StripeObject[], kind: DeliveryKind): DeliveryRecord[] {
    const created: DeliveryRecord[] = [];
    if (this.closed) return created;
    for (const endpoint of this.endpointList) {
      for (const event of events) {
        const type = typeof event.type === 'string' ? event.type : '';
        if (!accepts(endpoint, type)) continue;
        const record: DeliveryRecord = {
          id: randomId('whdel_', 20),
          eventId: event.id,
          eventType: type,
          eventCreated: typeof event.created === 'number' ? event.created : 0,
          url: endpoint.url,
          kind,
          state: 'pending',
          attempts: [],
          nextAttemptAt: null,
        };
        this.deliveries.push(record);
        if (this.deliveries.length > MAX_RECORDS)
          this.deliveries.splice(0, this.deliveries.length - MAX_RECORDS);
        created.push(record);
        this.pending += 1;
        const job: Job = {
          record,
          endpoint,
          // Stripe sends pretty-printed JSON; endpoints must verify these exact bytes.
          payload: JSON.stringify(event, null, 2),
          retry: { ...this.retry, ...definedOnly(endpoint.retry) },
        };
        const previous = this.chains.get(endpoint.url) ?? Promise.resolve();
        const next = previous.then(() => this.attempt(job));
        this.chains.set(endpoint.url, next);
        this.track(next);
      }
    }
    return created;
  }

  /** Resolves once no delivery is pending (retries included), or after `timeoutMs`. */
  settled(timeoutMs = Number.POSITIVE_INFINITY): Promise<number> {
    if (this.pending === 0) return Promise.resolve(0);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        resolve(this.pending);
      };
      this.waiters.push(done);
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          const i = this.waiters.indexOf(done);
          if (i >= 0) this.waiters.splice(i, 1);
          resolve(this.pending);
        }, timeoutMs);
      }
    });
  }

  /** Cancels scheduled retries, aborts attempts in flight and waits for them to unwind. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
    for (const r of this.deliveries) {
      if (r.state === 'pending') {
        r.state = 'failed';
        r.nextAttemptAt = null;
      }
    }
    this.pending = 0;
    this.wake();
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async attempt(job: Job): Promise<void> {
    if (this.closed) return;
    const { record, endpoint, payload, retry } = job;
    record.nextAttemptAt = null;
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await post(
        endpoint,
        {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signStripePayload(payload, endpoint.secret),
        },
        payload,
        AbortSignal.any([this.abort.signal, AbortSignal.timeout(retry.timeoutMs)]),
      );
      if (status < 200 || status > 299) error = `HTTP ${String(status)}`;
    } catch (err) {
      error = describeError(err);
    }
    record.attempts.push({
      at: new Date(started).toISOString(),
      status,
      error,
      durationMs: Date.now() - started,
    });
    if (error === null) {
      this.finish(record, 'succeeded');
      if (record.kind === 'event') this.options.onDelivered?.(record.eventId);
      return;
    }
    if (this.abort.signal.aborted) return;
    if (record.attempts.length >= retry.maxAttempts) {
      this.finish(record, 'failed');
      (this.options.log ?? defaultLog)(
        `[stripe-sim] webhook ${record.eventType} (${record.eventId}) to ${record.url} failed after ${record.attempts.length} attempts: ${error}`,
      );
      return;
    }
    const delay = Math.min(retry.initialDelayMs * 2 ** (record.attempts.length - 1), retry.maxDelayMs);
    record.nextAttemptAt = new Date(Date.now() + delay).toISOString();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.attempt(job));
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private finish(record: DeliveryRecord, state: 'succeeded' | 'failed'): void {
    record.state = state;
    record.nextAttemptAt = null;
    this.pending -= 1;
    if (this.pending === 0) this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

function accepts(endpoint: WebhookEndpoint, type: string): boolean {
  const enabled = endpoint.enabledEvents;
  return !enabled || enabled.length === 0 || enabled.includes('*') || enabled.includes(type);
}

function definedOnly(options: WebhookRetryOptions | undefined): WebhookRetryOptions {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
}

/** POSTs a delivery and answers the status once the response is read (node's client: it takes a CA per request). */
function post(
  endpoint: WebhookEndpoint,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<number> {
  const url = new URL(endpoint.url);
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<number>((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        signal,
        ...(endpoint.ca ? { ca: endpoint.ca } : {}),
      },
      (response) => {
        response.resume();
        response.once('end', () => {
          resolve(response.statusCode ?? 0);
        });
        response.once('error', reject);
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as Error & { code?: string }).code;
  return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}

function defaultLog(line: string): void {
  process.stderr.write(`${line}\n`);
}
