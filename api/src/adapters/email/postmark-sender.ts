// Postmark over its HTTP API with fetch (no SDK: two endpoints, and the bundle stays light).
// Locally POSTMARK_API_URL points at the mail sink, which speaks the same API.
//
// Error mapping (https://postmarkapp.com/developer/api/overview#error-codes):
//   401, code 10 (bad token), codes 400/401/405/412/1235 (sender signature, sending not allowed,
//   account pending, unknown stream)  → configuration: fixable on our side, so retried / dead-lettered
//   other 4xx (422 code 300 invalid request, 406 inactive recipient …)  → rejected: never retried
//   408, 429, 5xx  → unavailable: Postmark answered and did not take the message
//   network error, timeout, unreadable 2xx  → unknown: it may have taken the message
import { z } from 'zod';
import { EmailProviderError, type EmailSender, type OutboundEmail } from '../../domain/email/ports';

export interface PostmarkOptions {
  /** https://api.postmarkapp.com in Azure; the mail sink locally. */
  readonly apiUrl: string;
  readonly serverToken: string;
  /** `SOINS+ <no-reply@soins.plus>`: must be a confirmed sender signature in Postmark. */
  readonly from: string;
  readonly timeoutMs?: number;
  /** Injected for tests. */
  readonly fetch?: typeof fetch;
}

const configurationCodes = new Set([10, 400, 401, 405, 412, 1235]);

const sendResponseSchema = z.object({ MessageID: z.string().min(1), ErrorCode: z.number() });
const errorResponseSchema = z.object({ ErrorCode: z.number() });
const searchResponseSchema = z.object({
  TotalCount: z.number(),
  Messages: z.array(z.object({ MessageID: z.string().min(1) })),
});

export class PostmarkEmailSender implements EmailSender {
  private readonly base: string;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: PostmarkOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async send(email: OutboundEmail): Promise<{ messageId: string }> {
    const response = await this.request('/email', {
      method: 'POST',
      body: JSON.stringify({
        From: this.options.from,
        To: email.to,
        Subject: email.subject,
        HtmlBody: email.html,
        TextBody: email.text,
        Tag: email.tag,
        MessageStream: email.messageStream,
        Metadata: email.metadata,
        ...(email.headers?.length
          ? { Headers: email.headers.map((h) => ({ Name: h.name, Value: h.value })) }
          : {}),
        ...(email.attachments?.length
          ? {
              Attachments: email.attachments.map((a) => ({
                Name: a.name,
                Content: Buffer.from(a.content).toString('base64'),
                ContentType: a.contentType,
              })),
            }
          : {}),
        // Transactional mail to health professionals: no open or click tracking.
        TrackOpens: false,
        TrackLinks: 'None',
      }),
    });
    const body = await readJson(response);
    const parsed = sendResponseSchema.safeParse(body);
    // A 200 whose body we cannot read may still mean "accepted".
    if (!parsed.success) throw new EmailProviderError('unknown', { status: response.status });
    if (parsed.data.ErrorCode !== 0) {
      throw new EmailProviderError('rejected', { status: response.status, errorCode: parsed.data.ErrorCode });
    }
    return { messageId: parsed.data.MessageID };
  }

  async findByMetadata(
    name: string,
    value: string,
    messageStream: string,
  ): Promise<{ messageId: string } | undefined> {
    const query = new URLSearchParams({
      count: '1',
      offset: '0',
      messagestream: messageStream,
      [`metadata_${name}`]: value,
    });
    const response = await this.request(`/messages/outbound?${query.toString()}`, { method: 'GET' });
    const parsed = searchResponseSchema.safeParse(await readJson(response));
    if (!parsed.success) throw new EmailProviderError('unavailable', { status: response.status });
    const first = parsed.data.Messages[0];
    return first ? { messageId: first.MessageID } : undefined;
  }

  /** Sends the request; returns only 2xx responses, throws EmailProviderError for the rest. */
  private async request(path: string, init: { method: string; body?: string }): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, {
        ...init,
        headers: {
          Accept: 'application/json',
          'X-Postmark-Server-Token': this.options.serverToken,
          ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      // Connection refused, reset or timed out: nobody knows whether Postmark took it.
      throw new EmailProviderError('unknown');
    }
    if (response.ok) return response;
    const status = response.status;
    const parsed = errorResponseSchema.safeParse(await readJson(response));
    const errorCode = parsed.success ? parsed.data.ErrorCode : undefined;
    const detail = { status, ...(errorCode === undefined ? {} : { errorCode }) };
    if (status === 401 || status === 403 || (errorCode !== undefined && configurationCodes.has(errorCode))) {
      throw new EmailProviderError('configuration', detail);
    }
    if (status === 408 || status === 429 || status >= 500)
      throw new EmailProviderError('unavailable', detail);
    throw new EmailProviderError('rejected', detail);
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}
