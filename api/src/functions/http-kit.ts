import type {
  FunctionInput,
  HttpMethod,
  HttpRequest,
  HttpResponseInit,
  InvocationContext,
} from '@azure/functions';
import type { FieldError, ProblemCode, Role } from '@soins/shared';
import type { UserProfile } from '../domain/identity/model';
import type { Result } from '../domain/result';
import type { z } from 'zod';
import { InvalidPageTokenError, type Logger, type Precondition } from '../domain/ports';
import { clientAddressOf } from './client-address';
import { HttpProblem, languageFrom, problemBody, statusOf } from './problems';
import { compileRoute, matchRoute, type CompiledRoute } from './route-template';

/** Who may call a route. Every route declares one; the wrapper enforces it before the handler runs. */
export type Access =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'signed-in' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] }
  | { readonly kind: 'owner-or-roles'; readonly param: string; readonly roles: readonly Role[] };

export const access = {
  anonymous: { kind: 'anonymous' } as Access,
  /** Any signed-in, active user (every profile is at least a learner). */
  signedIn: { kind: 'signed-in' } as Access,
  roles: (...roles: Role[]): Access => ({ kind: 'roles', roles }),
  /** The user named by a route parameter, or one of the roles. */
  ownerOr: (param: string, ...roles: Role[]): Access => ({ kind: 'owner-or-roles', param, roles }),
};

export type AuthenticationFailure = 'unauthorized' | 'account_disabled';
/** Turns the request's credentials into the caller's profile (see functions/auth/authenticate.ts). */
export type Authenticate = (
  request: HttpRequest,
) => Promise<Result<UserProfile, { code: AuthenticationFailure; message: string }>>;

export interface RouteContext {
  readonly request: HttpRequest;
  readonly invocation: InvocationContext;
  readonly requestId: string;
  readonly language: 'fr' | 'nl' | 'en';
  readonly params: Readonly<Record<string, string>>;
  readonly maxBodyBytes: number;
  /** The authenticated caller; undefined only on anonymous routes. */
  readonly caller: UserProfile | undefined;
  /** The caller's network address (for per-client limits): see clientAddressOf. */
  readonly clientAddress: string;
}

/** The caller of a route that is not anonymous (the wrapper guarantees it is set). */
export function callerOf(ctx: RouteContext): UserProfile {
  if (!ctx.caller) throw new HttpProblem('unauthorized');
  return ctx.caller;
}

export interface JsonResult {
  readonly status?: number;
  readonly body?: unknown;
  /** A body sent as it is instead of JSON (a CSV export): its Content-Type comes with `headers`. */
  readonly text?: string;
  /** Bytes sent as they are (a generated PDF): its Content-Type comes with `headers`. */
  readonly bytes?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteSpec {
  readonly name: string;
  readonly methods: readonly HttpMethod[];
  /** Functions route template relative to the `api` prefix, e.g. `trainings/{trainingId}`. */
  readonly route: string;
  readonly access: Access;
  /** Overrides the default body limit (HTTP_MAX_BODY_BYTES). */
  readonly maxBodyBytes?: number;
  /** Using the product: the caller must have accepted the current terms and privacy policy. */
  readonly requiresLegalAcceptance?: boolean;
  /** Input bindings the handler reads from `ctx.invocation` (e.g. the Durable client). */
  readonly extraInputs?: readonly FunctionInput[];
  handle(ctx: RouteContext): Promise<JsonResult>;
}

export type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

const baseHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

const requestIdPattern = /^[A-Za-z0-9._-]{8,128}$/;

function requestIdFor(request: HttpRequest): string {
  const incoming = request.headers.get('x-request-id');
  return incoming && requestIdPattern.test(incoming) ? incoming : crypto.randomUUID();
}

export function problemResponse(
  code: HttpProblem['code'],
  ctx: { requestId: string; language: 'fr' | 'nl' | 'en'; instance?: string },
  extra: { detail?: string; errors?: readonly FieldError[]; headers?: Readonly<Record<string, string>> } = {},
): HttpResponseInit {
  return {
    status: statusOf(code),
    headers: {
      ...baseHeaders,
      ...extra.headers,
      'Content-Type': 'application/problem+json; charset=utf-8',
      'X-Request-Id': ctx.requestId,
    },
    body: JSON.stringify(problemBody(code, { ...ctx, ...extra })),
  };
}

/** Wraps a route: request id, language, error mapping to problem+json, one structured log line. */
export function wrapRoute(
  spec: RouteSpec,
  deps: {
    logger: Logger;
    maxBodyBytes: number;
    authenticate: Authenticate;
    /** True when the user still has current legal documents to accept. */
    hasPendingLegal: (user: Pick<UserProfile, 'id' | 'createdAt'>) => Promise<boolean>;
    /** Proxies in front of the api that append to X-Forwarded-For (TRUSTED_PROXY_HOPS). */
    trustedProxyHops?: number;
    /** Told of every unhandled error (Sentry when configured); the caller still gets a plain 500. */
    reportError?: (error: unknown, tags: Readonly<Record<string, string>>) => void;
  },
): HttpHandler {
  return async (request, invocation) => {
    const started = performance.now();
    const requestId = requestIdFor(request);
    const language = languageFrom(request.headers.get('accept-language'));
    let status = 500;
    try {
      const caller = await authorize(spec.access, request, deps.authenticate);
      if (spec.requiresLegalAcceptance && caller && (await deps.hasPendingLegal(caller))) {
        throw new HttpProblem('legal_acceptance_required');
      }
      const result = await spec.handle({
        request,
        invocation,
        requestId,
        language,
        params: request.params,
        maxBodyBytes: spec.maxBodyBytes ?? deps.maxBodyBytes,
        caller,
        clientAddress: clientAddressOf(request, deps.trustedProxyHops ?? 2),
      });
      status = result.status ?? 200;
      const hasJson = result.text === undefined && result.bytes === undefined && result.body !== undefined;
      return {
        status,
        headers: {
          ...baseHeaders,
          ...(hasJson ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
          ...result.headers,
          'X-Request-Id': requestId,
        },
        ...(result.text !== undefined
          ? { body: result.text }
          : result.bytes !== undefined
            ? { body: result.bytes }
            : hasJson
              ? { body: JSON.stringify(result.body) }
              : {}),
      };
    } catch (error) {
      if (error instanceof InvalidPageTokenError) {
        status = 400;
        return problemResponse(
          'validation_failed',
          { requestId, language },
          {
            errors: [{ path: 'continuationToken', message: 'invalid continuation token' }],
          },
        );
      }
      if (error instanceof HttpProblem) {
        status = statusOf(error.code);
        return problemResponse(
          error.code,
          { requestId, language },
          {
            ...(error.detail ? { detail: error.detail } : {}),
            ...(error.errors ? { errors: error.errors } : {}),
            ...(error.headers ? { headers: error.headers } : {}),
          },
        );
      }
      status = 500;
      deps.reportError?.(error, { route: spec.name, requestId });
      deps.logger.error('http.unhandled_error', {
        route: spec.name,
        requestId,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      return problemResponse('internal', { requestId, language });
    } finally {
      deps.logger.info('http.request', {
        route: spec.name,
        method: request.method,
        status,
        requestId,
        durationMs: Math.round(performance.now() - started),
      });
    }
  };
}

const challenge = { 'WWW-Authenticate': 'Bearer' };

async function authorize(
  rule: Access,
  request: HttpRequest,
  authenticate: Authenticate,
): Promise<UserProfile | undefined> {
  if (rule.kind === 'anonymous') return undefined;
  const result = await authenticate(request);
  if (!result.ok) {
    throw result.error.code === 'account_disabled'
      ? new HttpProblem('account_disabled')
      : new HttpProblem('unauthorized', undefined, undefined, challenge);
  }
  const caller = result.value;
  const hasRole = (roles: readonly Role[]): boolean => roles.some((role) => caller.roles.includes(role));
  const allowed =
    rule.kind === 'signed-in' ||
    (rule.kind === 'roles' && hasRole(rule.roles)) ||
    (rule.kind === 'owner-or-roles' && (request.params[rule.param] === caller.id || hasRole(rule.roles)));
  if (!allowed) throw new HttpProblem('forbidden');
  return caller;
}

/** Reads a JSON body: 415 if not JSON, 413 over the limit, 400 if malformed or invalid for the schema. */
/** An expected failure of a use case, as the modules' `Result` errors carry it. */
export interface DomainFailure {
  readonly code: ProblemCode;
  readonly message: string;
  readonly errors?: readonly FieldError[];
  /** Sent as Retry-After (rate limits, waits between attempts). */
  readonly retryAfterSeconds?: number;
}

/** The value of a use case's result, or its failure as the problem of the same code. */
export function unwrap<T>(result: Result<T, DomainFailure>): T {
  if (result.ok) return result.value;
  const { code, message, errors, retryAfterSeconds } = result.error;
  throw new HttpProblem(
    code,
    errors ? undefined : message,
    errors,
    retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) },
  );
}

/** Zod issues as the `validation_failed` problem every route returns for bad input. */
export function validationProblem(error: z.ZodError): HttpProblem {
  return new HttpProblem(
    'validation_failed',
    undefined,
    error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/** Parses with the schema or throws the `validation_failed` problem (query strings, decoded inputs). */
export function parseOrProblem<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationProblem(parsed.error);
  return parsed.data;
}

/** A stored etag (Cosmos) as an HTTP entity tag: always quoted, never weak. */
export function entityTag(etag: string): string {
  return `"${etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1')}"`;
}

/** The request's If-Match / If-None-Match: *, for an edit under optimistic concurrency. */
export function preconditionOf(ctx: RouteContext): Precondition {
  const ifMatch = ctx.request.headers.get('if-match')?.trim();
  const ifNoneMatch = ctx.request.headers.get('if-none-match')?.trim();
  return {
    ...(ifMatch ? { ifMatch } : {}),
    ...(ifNoneMatch === '*' ? { ifNoneMatch: true } : {}),
  };
}

/** Known query parameters only; blank values count as absent. */
export function queryOf(ctx: RouteContext, keys: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of keys) {
    const value = ctx.request.query.get(key);
    if (value !== null && value.trim() !== '') query[key] = value;
  }
  return query;
}

/** A path parameter checked by its schema: a malformed id names nothing that exists, so 404. */
export function pathParam<T>(ctx: RouteContext, name: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(ctx.params[name]);
  if (!parsed.success) throw new HttpProblem('not_found');
  return parsed.data;
}

export async function readJson<S extends z.ZodType>(ctx: RouteContext, schema: S): Promise<z.output<S>> {
  const contentType = ctx.request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json(?:\s*;|$)/i.test(contentType.trim())) {
    throw new HttpProblem('unsupported_media_type', 'application/json');
  }
  const declared = Number(ctx.request.headers.get('content-length') ?? '0');
  if (declared > ctx.maxBodyBytes) throw new HttpProblem('payload_too_large');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(
    await readLimitedBytes(ctx.request, ctx.maxBodyBytes),
  );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new HttpProblem('malformed_json');
  }
  return parseOrProblem(schema, data);
}

/** Reads a raw body (uploads): 413 over the route's limit, checked while streaming. */
export async function readBytes(ctx: RouteContext): Promise<Buffer> {
  const declared = Number(ctx.request.headers.get('content-length') ?? '0');
  if (declared > ctx.maxBodyBytes) throw new HttpProblem('payload_too_large');
  return readLimitedBytes(ctx.request, ctx.maxBodyBytes);
}

async function readLimitedBytes(request: HttpRequest, limit: number): Promise<Buffer> {
  const body = request.body;
  if (!body) return Buffer.alloc(0);
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new HttpProblem('payload_too_large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The api's own 404/405 for paths no route claims, registered as the lowest-precedence catch-all. */
export function fallbackRoute(routes: readonly RouteSpec[]): RouteSpec {
  const compiled: { route: CompiledRoute; methods: readonly HttpMethod[] }[] = routes.map((r) => ({
    route: compileRoute(r.route),
    methods: r.methods,
  }));
  return {
    name: 'ops-fallback',
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
    route: '{*path}',
    access: access.anonymous,
    handle: (ctx) => {
      const path = ctx.params.path ?? '';
      const allowed = compiled.filter((c) => matchRoute(c.route, path)).flatMap((c) => c.methods);
      if (allowed.length > 0) {
        return Promise.reject(
          new HttpProblem('method_not_allowed', undefined, undefined, {
            Allow: [...new Set(allowed)].join(', '),
          }),
        );
      }
      return Promise.reject(new HttpProblem('not_found'));
    },
  };
}
