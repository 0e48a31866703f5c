// Sends one progress report. Plain `fetch` rather than the api client: a report sent while the page is hidden or
// unloading needs `keepalive: true`, and a 429 needs its `Retry-After` header, neither of which the client exposes.
// Same conventions as the client: same-origin `/api`, the token in `X-Authorization`, `Accept-Language`.
import type { ProgressResult } from '@soins/shared';
import { toProblem, type TokenSource } from '../../../api/client';
import { MIN_REPORT_GAP_SECONDS } from './limits';
import type { ProgressPayload, SendOutcome } from './reporter';

export interface TransportDeps {
  readonly tokens: TokenSource;
  readonly getLanguage: () => string;
  readonly fetch?: typeof fetch;
  readonly baseUrl?: string;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date); the api's minimum gap when absent. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  if (header !== null) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 300);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, (date - now) / 1000), 300);
  }
  return MIN_REPORT_GAP_SECONDS;
}

export function createProgressSender(deps: TransportDeps, path: string) {
  const fetchImpl = deps.fetch ?? globalThis.fetch.bind(globalThis);
  const post = async (
    report: ProgressPayload,
    keepalive: boolean,
    forceRefresh: boolean,
  ): Promise<Response> =>
    fetchImpl(`${deps.baseUrl ?? '/api'}${path}`, {
      method: 'POST',
      keepalive,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': deps.getLanguage(),
        'Content-Type': 'application/json',
        'X-Authorization': `Bearer ${await deps.tokens.getAccessToken({ forceRefresh })}`,
      },
      body: JSON.stringify(report),
    });

  return async (
    report: ProgressPayload,
    { keepalive }: { readonly keepalive: boolean },
  ): Promise<SendOutcome<ProgressResult>> => {
    let response = await post(report, keepalive, false);
    if (response.status === 401) response = await post(report, keepalive, true);
    if (response.ok) return { kind: 'ok', result: (await response.json()) as ProgressResult };
    if (response.status === 429)
      return { kind: 'retry', afterSeconds: retryAfterSeconds(response.headers.get('Retry-After')) };
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const code = toProblem(response.status, body)?.code;
    // Refused as implausible (more watched than the elapsed time allows): the same intervals pass a little later.
    if (code === 'progress_implausible' || response.status >= 500) return { kind: 'later' };
    return { kind: 'drop' };
  };
}
