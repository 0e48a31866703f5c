// The SPA's only way to call the api: same-origin `/api`, the access token in `X-Authorization` (Static Web Apps
// overwrites `Authorization` on requests it forwards to the Functions backend), `Accept-Language` = the UI
// language, and RFC 9457 problem+json errors turned into `ApiError` with a stable code the UI can translate.
// Nothing here imports zod at run time (~26 KB gzip): responses are typed with the shared types and the api
// validates them with the shared schemas before sending; problem codes are checked against a typed local list.
import type { Problem, ProblemCode } from '@soins/shared';
import { xhrSend, type TransportResponse } from './xhr';

/** A problem code from the api, or a client-side failure: the network is down or the answer is not understood. */
export type ApiErrorCode = ProblemCode | 'network' | 'unknown';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    readonly problem?: Problem,
  ) {
    super(`api ${String(status)} ${code}`);
  }

  get requestId(): string | undefined {
    return this.problem?.requestId;
  }
}

export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** Anything with zod's `parse` (the shared schemas), so responses are validated without tying this file to zod. */
export interface ResponseSchema<T> {
  parse(value: unknown): T;
}

export interface TokenSource {
  /** An access token for the api, renewed when needed; `forceRefresh` skips the cached one. */
  getAccessToken(options?: { readonly forceRefresh?: boolean }): Promise<string>;
}

export interface ApiClientOptions {
  readonly tokens?: TokenSource;
  readonly getLanguage: () => string;
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
}

export interface RequestOptions<T> {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  /** Raw bytes sent as-is (e.g. a file upload) with their own content type, instead of a JSON `body`. */
  readonly rawBody?: Blob;
  /** Upload progress (0 to 1) of a `rawBody`, reported through XMLHttpRequest (fetch cannot). */
  readonly onUploadProgress?: (fraction: number) => void;
  /** Optional run-time validation (e.g. a shared zod schema in a lazily loaded chunk). */
  readonly schema?: ResponseSchema<T>;
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Extra request headers, e.g. `If-Match` for an edit made against a version the caller read. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Anonymous endpoints (e.g. `/auth/config`) send no token. */
  readonly anonymous?: boolean;
  readonly signal?: AbortSignal;
  /** `text`: the body as it came (a CSV export); `blob`: its bytes (a PDF); instead of JSON. */
  readonly responseType?: 'json' | 'text' | 'blob';
}

/** An answer with the version it describes (`ETag`), for edits under optimistic concurrency. */
export interface Versioned<T> {
  readonly data: T;
  readonly etag: string | undefined;
}

export interface ApiClient {
  request<T>(path: string, options?: RequestOptions<T>): Promise<T>;
  /** Like `request`, with the response's ETag. */
  exchange<T>(path: string, options?: RequestOptions<T>): Promise<Versioned<T>>;
}

/** Every code of `problemCodes` (shared): `satisfies` makes a missing or unknown code a type error. */
const PROBLEM_CODES = {
  not_found: true,
  method_not_allowed: true,
  malformed_json: true,
  validation_failed: true,
  payload_too_large: true,
  unsupported_media_type: true,
  active_content: true,
  unauthorized: true,
  forbidden: true,
  conflict: true,
  precondition_failed: true,
  precondition_required: true,
  cannot_remove_own_admin: true,
  cannot_disable_self: true,
  account_disabled: true,
  legal_acceptance_required: true,
  legal_version_outdated: true,
  rate_limited: true,
  subscription_required: true,
  not_enrolled: true,
  progress_implausible: true,
  quiz_locked: true,
  attempts_exhausted: true,
  attempt_too_soon: true,
  already_passed: true,
  attempt_expired: true,
  training_not_publishable: true,
  export_in_progress: true,
  export_expired: true,
  unsubscribe_link_invalid: true,
  unsubscribe_link_expired: true,
  reauthentication_required: true,
  erasure_pending: true,
  erasure_not_pending: true,
  quiz_bank_too_small: true,
  upload_too_large: true,
  upload_not_video: true,
  upload_not_captions: true,
  upload_not_pdf: true,
  upload_incomplete: true,
  export_not_ready: true,
  session_not_assigned: true,
  session_sheet_signed: true,
  session_hours_above_length: true,
  session_attendance_attested: true,
  session_cancelled: true,
  session_started: true,
  session_not_started: true,
  session_capacity_below_seats: true,
  dependency_unavailable: true,
  internal: true,
} as const satisfies Record<ProblemCode, true>;
const problemCodeSet: ReadonlySet<string> = new Set(Object.keys(PROBLEM_CODES));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a problem+json body leniently: a known `code` is what matters; the rest is kept when well-formed. */
export function toProblem(status: number, body: unknown): Problem | undefined {
  if (!isRecord(body) || typeof body.code !== 'string' || !problemCodeSet.has(body.code)) return undefined;
  return {
    type: typeof body.type === 'string' ? body.type : 'about:blank',
    title: typeof body.title === 'string' ? body.title : '',
    status: typeof body.status === 'number' ? body.status : status,
    code: body.code as ProblemCode,
    ...(typeof body.detail === 'string' ? { detail: body.detail } : {}),
    ...(typeof body.requestId === 'string' ? { requestId: body.requestId } : {}),
    ...(Array.isArray(body.errors) ? { errors: body.errors as Problem['errors'] } : {}),
  };
}

function fallbackCode(status: number): ApiErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 502 || status === 503 || status === 504) return 'dependency_unavailable';
  if (status >= 500) return 'internal';
  return 'unknown';
}

export function buildUrl(baseUrl: string, path: string, query?: RequestOptions<unknown>['query']): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') search.set(key, value);
  }
  const qs = search.toString();
  return `${baseUrl}${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
}

export function createApiClient({
  tokens,
  getLanguage,
  baseUrl = '/api',
  fetch: fetchImpl = globalThis.fetch.bind(globalThis),
}: ApiClientOptions): ApiClient {
  const send = async <T>(
    path: string,
    options: RequestOptions<T>,
    forceRefresh: boolean,
  ): Promise<Versioned<T>> => {
    const headers = new Headers({ Accept: 'application/json', 'Accept-Language': getLanguage() });
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    if (!options.anonymous) {
      if (!tokens) throw new ApiError(401, 'unauthorized');
      headers.set('X-Authorization', `Bearer ${await tokens.getAccessToken({ forceRefresh })}`);
    }
    let body: string | Blob | undefined;
    if (options.rawBody !== undefined) {
      headers.set('Content-Type', options.rawBody.type || 'application/octet-stream');
      body = options.rawBody;
    } else if (options.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(options.body);
    }
    let response: TransportResponse;
    const url = buildUrl(baseUrl, path, options.query);
    const method = options.method ?? 'GET';
    try {
      response =
        options.onUploadProgress && typeof XMLHttpRequest !== 'undefined'
          ? await xhrSend(url, {
              method,
              headers,
              ...(body !== undefined ? { body } : {}),
              ...(options.signal ? { signal: options.signal } : {}),
              onUploadProgress: options.onUploadProgress,
            })
          : fromFetch(
              await fetchImpl(url, {
                method,
                headers,
                ...(body !== undefined ? { body } : {}),
                ...(options.signal ? { signal: options.signal } : {}),
                credentials: 'same-origin',
              }),
            );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, 'network');
    }
    if (response.ok && options.responseType === 'blob' && response.blob) {
      return { data: (await response.blob()) as T, etag: response.header('ETag') ?? undefined };
    }
    const text = await response.text();
    const etag = response.header('ETag') ?? undefined;
    if (response.ok && options.responseType === 'text') return { data: text as T, etag };
    let json: unknown = undefined;
    if (text !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (!response.ok) {
      const problem = toProblem(response.status, json);
      throw new ApiError(response.status, problem?.code ?? fallbackCode(response.status), problem);
    }
    if (!options.schema) return { data: json as T, etag };
    try {
      return { data: options.schema.parse(json), etag };
    } catch {
      throw new ApiError(response.status, 'unknown');
    }
  };

  const exchange = async <T>(path: string, options: RequestOptions<T> = {}): Promise<Versioned<T>> => {
    try {
      return await send(path, options, false);
    } catch (error) {
      // A token the api rejects (clock skew, revoked signing key): renew it once and retry.
      if (!options.anonymous && isApiError(error, 'unauthorized')) return send(path, options, true);
      throw error;
    }
  };

  return {
    exchange,
    async request<T>(path: string, options: RequestOptions<T> = {}): Promise<T> {
      return (await exchange(path, options)).data;
    },
  };
}

function fromFetch(response: Response): TransportResponse {
  return {
    ok: response.ok,
    status: response.status,
    text: () => response.text(),
    blob: () => response.blob(),
    header: (name) => response.headers.get(name),
  };
}
