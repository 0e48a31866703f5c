// Mail sink: accepts Postmark's send API (`POST /email`, `POST /email/batch`), keeps every message
// (persisted to `<dataDir>/mail-sink.json`) and shows them on an outbox page.
//
//   GET  /                                    outbox (newest first)
//   GET  /messages/:id                        one message: headers, HTML body (sandboxed), text body
//   GET  /messages/:id/attachments/:n         attachment download
//   POST /clear                               clears the outbox (button on the outbox page)
//   GET  /messages/outbound?count=&offset=…   Postmark's outbound message search (token required):
//                                             recipient, tag, messagestream (default outbound) and
//                                             metadata_<name>=<value> filters; {TotalCount, Messages}
//   GET  /api/messages[?to=addr][&server=tok] JSON list, newest first (attachments without content)
//   GET  /api/messages/:id                    JSON of one message
//   GET  /api/messages/:id/attachments/:n     attachment bytes (same as the page's download link)
//   DELETE /api/messages                      clears the outbox (tests)
//   GET  /health
//
// Client side: `new ServerClient(token, { useHttps: false, requestHost: '127.0.0.1:PORT' })`.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import {
  HttpError,
  closeServer,
  escapeHtml,
  listen,
  readBody,
  sendHtml,
  sendJson,
} from '../lib/http-helpers';
import { DebouncedJsonFile, readJsonFile } from '../lib/json-store';
import type { RunningService } from '../lib/service';

export interface MailSinkOptions {
  readonly port: number;
  readonly dataDir: string;
  readonly host?: string;
  /** When set, only this X-Postmark-Server-Token is accepted; otherwise any non-empty token is. */
  readonly serverToken?: string;
  /** Oldest messages are dropped beyond this many; default 2000. */
  readonly maxMessages?: number;
}

export interface StoredAttachment {
  readonly Name: string;
  readonly ContentType: string;
  /** base64 */
  readonly Content: string;
  readonly ContentID?: string;
}

export interface StoredMessage {
  readonly id: string;
  readonly receivedAt: string;
  readonly From: string;
  readonly To: string;
  readonly Cc?: string;
  readonly Bcc?: string;
  readonly ReplyTo?: string;
  readonly Subject: string;
  readonly HtmlBody?: string;
  readonly TextBody?: string;
  readonly Tag?: string;
  readonly MessageStream: string;
  readonly Metadata?: Record<string, string>;
  readonly Headers?: { Name: string; Value: string }[];
  readonly Attachments: StoredAttachment[];
  /** The server token it was sent with (absent on messages stored before it was recorded). */
  readonly server?: string;
}

export interface RunningMailSink extends RunningService {
  /** Messages, newest first. */
  messages(): readonly StoredMessage[];
  clear(): void;
}

export const MAIL_SINK_FILE = 'mail-sink.json';

// --- Postmark validation ------------------------------------------------------------------------

/** Postmark API error codes used here. */
const ErrorCode = {
  BadToken: 10,
  InvalidEmailRequest: 300,
  InvalidJson: 402,
  TooManyBatchMessages: 410,
  ForbiddenAttachment: 411,
} as const;

class PostmarkError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
    readonly status = 422,
  ) {
    super(message);
  }
}

const FORBIDDEN_EXTENSIONS = new Set([
  'exe',
  'bat',
  'cmd',
  'com',
  'scr',
  'vbs',
  'js',
  'jar',
  'msi',
  'ps1',
  'dll',
]);
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** Splits "A <a@x.be>, b@y.be" into bare lowercase addresses; throws on an invalid one. */
export function parseAddressList(field: string, value: string): string[] {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return parts.map((part) => {
    const angle = /<([^<>]+)>\s*$/.exec(part);
    const address = (angle?.[1] ?? part).trim();
    if (!ADDRESS.test(address)) {
      throw new PostmarkError(
        ErrorCode.InvalidEmailRequest,
        `Error parsing '${field}': Illegal email address '${part}'. It must contain the '@' symbol.`,
      );
    }
    return address.toLowerCase();
  });
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new PostmarkError(ErrorCode.InvalidEmailRequest, `Invalid '${key}': expected a string.`);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates one Postmark message like Postmark does and returns what we store. */
export function validateMessage(input: unknown): StoredMessage {
  if (!isRecord(input))
    throw new PostmarkError(ErrorCode.InvalidEmailRequest, 'Invalid email request: expected a JSON object.');
  const From = optionalString(input, 'From');
  if (!From) throw new PostmarkError(ErrorCode.InvalidEmailRequest, "Invalid 'From' address: missing.");
  parseAddressList('From', From);
  const To = optionalString(input, 'To');
  const Cc = optionalString(input, 'Cc');
  const Bcc = optionalString(input, 'Bcc');
  if (!To && !Cc && !Bcc) {
    throw new PostmarkError(ErrorCode.InvalidEmailRequest, 'Zero recipients specified');
  }
  const recipients = [
    ...(To ? parseAddressList('To', To) : []),
    ...(Cc ? parseAddressList('Cc', Cc) : []),
    ...(Bcc ? parseAddressList('Bcc', Bcc) : []),
  ];
  if (recipients.length > 50) {
    throw new PostmarkError(ErrorCode.InvalidEmailRequest, 'Too many recipients: at most 50 per message.');
  }
  const ReplyTo = optionalString(input, 'ReplyTo');
  if (ReplyTo) parseAddressList('ReplyTo', ReplyTo);
  const HtmlBody = optionalString(input, 'HtmlBody');
  const TextBody = optionalString(input, 'TextBody');
  if (!HtmlBody && !TextBody) {
    throw new PostmarkError(
      ErrorCode.InvalidEmailRequest,
      'Provide either email TextBody or HtmlBody or both.',
    );
  }
  const Subject = optionalString(input, 'Subject') ?? '';
  const Tag = optionalString(input, 'Tag');
  if (Tag && Tag.length > 1000) throw new PostmarkError(ErrorCode.InvalidEmailRequest, 'Tag is too long.');
  const MessageStream = optionalString(input, 'MessageStream') ?? 'outbound';

  let Metadata: Record<string, string> | undefined;
  if (input.Metadata !== undefined && input.Metadata !== null) {
    if (!isRecord(input.Metadata))
      throw new PostmarkError(ErrorCode.InvalidEmailRequest, "Invalid 'Metadata': expected an object.");
    Metadata = {};
    for (const [k, v] of Object.entries(input.Metadata)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw new PostmarkError(ErrorCode.InvalidEmailRequest, `Invalid 'Metadata' value for '${k}'.`);
      }
      Metadata[k] = String(v);
    }
  }

  let Headers: { Name: string; Value: string }[] | undefined;
  if (Array.isArray(input.Headers)) {
    Headers = input.Headers.map((h: unknown) => {
      if (!isRecord(h) || typeof h.Name !== 'string' || typeof h.Value !== 'string') {
        throw new PostmarkError(
          ErrorCode.InvalidEmailRequest,
          "Invalid 'Headers': expected [{Name, Value}].",
        );
      }
      return { Name: h.Name, Value: h.Value };
    });
  }

  const Attachments: StoredAttachment[] = [];
  if (input.Attachments !== undefined && input.Attachments !== null) {
    if (!Array.isArray(input.Attachments)) {
      throw new PostmarkError(ErrorCode.InvalidEmailRequest, "Invalid 'Attachments': expected an array.");
    }
    for (const a of input.Attachments as unknown[]) {
      if (!isRecord(a) || typeof a.Name !== 'string' || !a.Name || typeof a.Content !== 'string') {
        throw new PostmarkError(
          ErrorCode.InvalidEmailRequest,
          "Invalid 'Attachments': each needs Name and Content.",
        );
      }
      if (typeof a.ContentType !== 'string' || !a.ContentType) {
        throw new PostmarkError(
          ErrorCode.InvalidEmailRequest,
          `Attachment '${a.Name}' is missing ContentType.`,
        );
      }
      const content = a.Content.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content) || content.length % 4 !== 0) {
        throw new PostmarkError(
          ErrorCode.InvalidEmailRequest,
          `Attachment '${a.Name}' Content is not valid base64.`,
        );
      }
      const ext = a.Name.split('.').pop()?.toLowerCase() ?? '';
      if (FORBIDDEN_EXTENSIONS.has(ext)) {
        throw new PostmarkError(ErrorCode.ForbiddenAttachment, `Forbidden attachment type: ${a.Name}`);
      }
      Attachments.push({
        Name: a.Name,
        ContentType: a.ContentType,
        Content: content,
        ...(typeof a.ContentID === 'string' ? { ContentID: a.ContentID } : {}),
      });
    }
  }

  return {
    id: randomUUID(),
    receivedAt: new Date().toISOString(),
    From,
    To: To ?? '',
    ...(Cc ? { Cc } : {}),
    ...(Bcc ? { Bcc } : {}),
    ...(ReplyTo ? { ReplyTo } : {}),
    Subject,
    ...(HtmlBody ? { HtmlBody } : {}),
    ...(TextBody ? { TextBody } : {}),
    ...(Tag ? { Tag } : {}),
    MessageStream,
    ...(Metadata ? { Metadata } : {}),
    ...(Headers ? { Headers } : {}),
    Attachments,
  };
}

function recipientsOf(m: StoredMessage): string[] {
  const all: string[] = [];
  for (const field of [m.To, m.Cc, m.Bcc]) {
    if (!field) continue;
    for (const part of field.split(',')) {
      const angle = /<([^<>]+)>\s*$/.exec(part.trim());
      all.push((angle?.[1] ?? part).trim().toLowerCase());
    }
  }
  return all;
}

/** Postmark's `GET /messages/outbound`: the filters the api uses, in Postmark's response shape. */
export function searchOutbound(
  messages: readonly StoredMessage[],
  params: URLSearchParams,
): { TotalCount: number; Messages: Record<string, unknown>[] } {
  const count = Number(params.get('count') ?? NaN);
  const offset = Number(params.get('offset') ?? NaN);
  if (!Number.isInteger(count) || count < 1 || count > 500 || !Number.isInteger(offset) || offset < 0) {
    throw new PostmarkError(
      ErrorCode.InvalidEmailRequest,
      "'count' (1 to 500) and 'offset' (0 or more) are required.",
    );
  }
  const stream = params.get('messagestream') ?? 'outbound';
  const recipient = params.get('recipient')?.trim().toLowerCase();
  const tag = params.get('tag');
  const metadata = [...params.entries()]
    .filter(([name]) => name.startsWith('metadata_'))
    .map(([name, value]) => [name.slice('metadata_'.length), value] as const);
  const matching = [...messages]
    .reverse()
    .filter(
      (m) =>
        m.MessageStream === stream &&
        (!recipient || recipientsOf(m).includes(recipient)) &&
        (!tag || m.Tag === tag) &&
        metadata.every(([name, value]) => m.Metadata?.[name] === value),
    );
  const addresses = (field: string | undefined) =>
    (field ? field.split(',') : []).map((part) => {
      const angle = /^(.*?)\s*<([^<>]+)>$/.exec(part.trim());
      return angle
        ? { Email: (angle[2] ?? '').trim(), Name: (angle[1] ?? '').replace(/^"|"$/g, '') }
        : { Email: part.trim(), Name: '' };
    });
  return {
    TotalCount: matching.length,
    Messages: matching.slice(offset, offset + count).map((m) => ({
      MessageID: m.id,
      MessageStream: m.MessageStream,
      Tag: m.Tag ?? '',
      From: m.From,
      To: addresses(m.To),
      Cc: addresses(m.Cc),
      Bcc: addresses(m.Bcc),
      Recipients: recipientsOf(m),
      ReceivedAt: m.receivedAt,
      Subject: m.Subject,
      Attachments: m.Attachments.map((a) => a.Name),
      Status: 'Sent',
      Metadata: m.Metadata ?? {},
    })),
  };
}

// --- server -------------------------------------------------------------------------------------

export async function startMailSink(options: MailSinkOptions): Promise<RunningMailSink> {
  const host = options.host ?? '127.0.0.1';
  const maxMessages = options.maxMessages ?? 2000;
  const file = join(options.dataDir, MAIL_SINK_FILE);
  const saved = readJsonFile(file);
  // Stored oldest first; pages and the API show newest first.
  let messages: StoredMessage[] =
    isRecord(saved) && Array.isArray(saved.messages) ? (saved.messages as StoredMessage[]) : [];
  const store = new DebouncedJsonFile(file, () => ({ version: 1, messages }));
  let baseUrl = '';

  const accept = (input: unknown, server: string): Record<string, unknown> => {
    const message: StoredMessage = { ...validateMessage(input), server };
    messages.push(message);
    if (messages.length > maxMessages) messages = messages.slice(messages.length - maxMessages);
    store.markDirty();
    return {
      To: message.To,
      SubmittedAt: message.receivedAt,
      MessageID: message.id,
      ErrorCode: 0,
      Message: 'OK',
    };
  };

  /** Checks the request's server token and returns it (which Postmark server the message went to). */
  const checkToken = (req: http.IncomingMessage): string => {
    const token = req.headers['x-postmark-server-token'];
    const value = Array.isArray(token) ? token[0] : token;
    if (!value || (options.serverToken !== undefined && value !== options.serverToken)) {
      throw new PostmarkError(
        ErrorCode.BadToken,
        "Request does not contain a valid Server token. Please check the 'X-Postmark-Server-Token' header.",
        401,
      );
    }
    return value;
  };

  const readJson = async (req: http.IncomingMessage): Promise<unknown> => {
    const raw = await readBody(req, 60 * 1024 * 1024);
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch {
      throw new PostmarkError(ErrorCode.InvalidJson, 'Provided request body is not valid JSON.');
    }
  };

  const find = (id: string): StoredMessage => {
    const m = messages.find((x) => x.id === id);
    if (!m) throw new HttpError(404, 'No such message');
    return m;
  };

  const summary = (m: StoredMessage): Record<string, unknown> => ({
    ...m,
    Attachments: m.Attachments.map((a, n) => ({
      Name: a.Name,
      ContentType: a.ContentType,
      ContentLength: Buffer.byteLength(a.Content, 'base64'),
      url: `${baseUrl}/messages/${m.id}/attachments/${n}`,
    })),
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';

    if (method === 'POST' && path === '/email') {
      const server = checkToken(req);
      sendJson(res, 200, accept(await readJson(req), server));
      return;
    }
    if (method === 'POST' && path === '/email/batch') {
      const server = checkToken(req);
      const body = await readJson(req);
      if (!Array.isArray(body))
        throw new PostmarkError(ErrorCode.InvalidEmailRequest, 'Expected a JSON array of messages.');
      if (body.length > 500)
        throw new PostmarkError(ErrorCode.TooManyBatchMessages, 'Too many batch messages (max 500).');
      const results = body.map((item: unknown) => {
        try {
          return accept(item, server);
        } catch (err) {
          if (err instanceof PostmarkError) return { ErrorCode: err.errorCode, Message: err.message };
          throw err;
        }
      });
      sendJson(res, 200, results);
      return;
    }
    if (method === 'GET' && path === '/health') {
      sendJson(res, 200, { status: 'ok', messages: messages.length });
      return;
    }
    if (method === 'GET' && path === '/api/messages') {
      const to = url.searchParams.get('to')?.trim().toLowerCase();
      // Test stacks sharing one sink each send with their own server token and read only their own mail.
      const server = url.searchParams.get('server');
      const list = [...messages]
        .reverse()
        .filter((m) => (!to || recipientsOf(m).includes(to)) && (!server || m.server === server));
      sendJson(res, 200, list.map(summary));
      return;
    }
    if (method === 'DELETE' && path === '/api/messages') {
      messages = [];
      store.markDirty();
      sendJson(res, 200, { deleted: true });
      return;
    }
    if (method === 'POST' && path === '/clear') {
      await readBody(req, 64 * 1024);
      messages = [];
      store.markDirty();
      res.writeHead(303, { location: '/' });
      res.end();
      return;
    }
    if (method === 'GET' && path === '/messages/outbound') {
      checkToken(req);
      sendJson(res, 200, searchOutbound(messages, url.searchParams));
      return;
    }
    let match = /^\/api\/messages\/([\w-]+)$/.exec(path);
    if (method === 'GET' && match?.[1]) {
      sendJson(res, 200, summary(find(match[1])));
      return;
    }
    if (method === 'GET' && path === '/') {
      sendHtml(res, 200, outboxPage([...messages].reverse()));
      return;
    }
    match = /^\/messages\/([\w-]+)$/.exec(path);
    if (method === 'GET' && match?.[1]) {
      sendHtml(res, 200, messagePage(find(match[1])));
      return;
    }
    match = /^(?:\/api)?\/messages\/([\w-]+)\/attachments\/(\d+)$/.exec(path);
    if (method === 'GET' && match?.[1] && match[2]) {
      const attachment = find(match[1]).Attachments[Number(match[2])];
      if (!attachment) throw new HttpError(404, 'No such attachment');
      const content = Buffer.from(attachment.Content, 'base64');
      const safeName = attachment.Name.replace(/[^\w.\- ]/g, '_');
      res.writeHead(200, {
        'content-type': /^[\w.+-]+\/[\w.+-]+$/.test(attachment.ContentType)
          ? attachment.ContentType
          : 'application/octet-stream',
        'content-length': content.length,
        'content-disposition': `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(attachment.Name)}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      });
      res.end(content);
      return;
    }
    throw new HttpError(404, `No route for ${method} ${path}`);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof PostmarkError) {
        sendJson(res, err.status, { ErrorCode: err.errorCode, Message: err.message });
      } else if (err instanceof HttpError) {
        sendJson(res, err.status, { ErrorCode: err.status, Message: err.message });
      } else {
        sendJson(res, 500, {
          ErrorCode: 500,
          Message: err instanceof Error ? err.message : 'Internal error',
        });
      }
    });
  });
  baseUrl = await listen(server, options.port, host);

  return {
    name: 'mail-sink',
    url: baseUrl,
    messages: () => [...messages].reverse(),
    clear: () => {
      messages = [];
      store.markDirty();
    },
    stop: async () => {
      await closeServer(server);
      store.flush();
    },
  };
}

// --- pages --------------------------------------------------------------------------------------

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}
header,main{max-width:70rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}
table{border-collapse:collapse;width:100%}
caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #ccc;vertical-align:top}
a{color:#0b57d0}
a:focus-visible,button:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0;word-break:break-word}
iframe{width:100%;min-height:30rem;border:1px solid #888}
pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem;border:1px solid #ccc}
button{font:inherit;padding:.4rem .9rem;border:1px solid #555;background:#fff;border-radius:4px;cursor:pointer}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body>
</html>`;
}

function outboxPage(list: readonly StoredMessage[]): string {
  const rows = list
    .map(
      (m) => `<tr>
<td><time datetime="${escapeHtml(m.receivedAt)}">${escapeHtml(m.receivedAt.replace('T', ' ').slice(0, 19))}</time></td>
<td>${escapeHtml(m.To || m.Cc || m.Bcc)}</td>
<td><a href="/messages/${escapeHtml(m.id)}">${escapeHtml(m.Subject || '(no subject)')}</a></td>
<td>${m.Attachments.length ? String(m.Attachments.length) : ''}</td>
</tr>`,
    )
    .join('\n');
  const table = list.length
    ? `<table><caption>${list.length} message(s), newest first</caption>
<thead><tr><th scope="col">Received (UTC)</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Attachments</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : '<p>No messages yet.</p>';
  return layout(
    'Outbox: SOINS+ mail sink',
    `<header><h1>Outbox</h1><p>Messages sent through the local Postmark API. Nothing leaves this machine.</p>
<p><a href="/">Refresh</a></p>
<form method="post" action="/clear"><button type="submit">Clear outbox</button></form></header>
<main>${table}</main>`,
  );
}

function messagePage(m: StoredMessage): string {
  const field = (label: string, value: string | undefined): string =>
    value ? `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>` : '';
  const metadata = m.Metadata
    ? Object.entries(m.Metadata)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : undefined;
  const attachments = m.Attachments.length
    ? `<h2>Attachments</h2><ul>${m.Attachments.map(
        (a, n) =>
          `<li><a href="/messages/${escapeHtml(m.id)}/attachments/${n}" download="${escapeHtml(a.Name)}">${escapeHtml(a.Name)}</a> (${escapeHtml(a.ContentType)}, ${Buffer.byteLength(a.Content, 'base64')} bytes)</li>`,
      ).join('')}</ul>`
    : '';
  const html = m.HtmlBody
    ? `<h2>HTML body</h2><iframe sandbox="" referrerpolicy="no-referrer" title="HTML body of the message" srcdoc="${escapeHtml(m.HtmlBody)}"></iframe>`
    : '';
  const text = m.TextBody ? `<h2>Text body</h2><pre>${escapeHtml(m.TextBody)}</pre>` : '';
  return layout(
    `${m.Subject || '(no subject)'}: SOINS+ mail sink`,
    `<header><p><a href="/">Back to the outbox</a></p><h1>${escapeHtml(m.Subject || '(no subject)')}</h1></header>
<main><dl>
${field('Received', m.receivedAt)}${field('From', m.From)}${field('To', m.To)}${field('Cc', m.Cc)}${field('Bcc', m.Bcc)}${field('Reply-To', m.ReplyTo)}${field('Message stream', m.MessageStream)}${field('Tag', m.Tag)}${field('Metadata', metadata)}${field('Message ID', m.id)}
</dl>
${attachments}${html}${text}</main>`,
  );
}
