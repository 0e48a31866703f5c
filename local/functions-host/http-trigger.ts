// Serves the registered HTTP triggers the way the Functions host does: route prefix, `{param}`
// templates with precedence, methods, and a problem+json 404/405 when nothing matches.
import { HttpRequest, HttpResponse, InvocationContext } from './azure-functions';
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compileRoute, matchRoute, type CompiledRoute } from '../../api/src/functions/route-template';
import type { RegisteredFunction } from './registry';
import { httpRouteOf } from './validation';

interface HttpRoute {
  readonly fn: RegisteredFunction;
  readonly compiled: CompiledRoute;
  readonly methods: readonly string[];
}

export interface HttpDispatcher {
  readonly routes: readonly HttpRoute[];
  /** Returns false when the path is outside the route prefix. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

const maxRequestBytes = 100 * 1024 * 1024; // the Functions host's own default limit

export function createHttpDispatcher(options: {
  functions: readonly RegisteredFunction[];
  routePrefix: string;
  /** Extra inputs a function declares (e.g. durableClient) that the host must provide. */
  extraInputFor: (fn: RegisteredFunction, bindingType: string) => unknown;
  log: (line: string) => void;
}): HttpDispatcher {
  const routes: HttpRoute[] = options.functions
    .map((fn) => {
      const template = httpRouteOf(fn.name, fn.trigger);
      const methods = Array.isArray(fn.trigger.methods)
        ? fn.trigger.methods.map((m) => String(m).toUpperCase())
        : ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
      return { fn, compiled: compileRoute(template), methods };
    })
    .sort((a, b) => b.compiled.precedence - a.compiled.precedence);
  const prefix = `/${options.routePrefix.replace(/^\/+|\/+$/g, '')}`;

  return {
    routes,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const lowerPath = url.pathname.toLowerCase();
      if (lowerPath !== prefix && !lowerPath.startsWith(`${prefix}/`)) return false;
      const relative = url.pathname.slice(prefix.length);
      const method = (req.method ?? 'GET').toUpperCase();
      const requestId = randomUUID();

      let allowed: string[] = [];
      for (const route of routes) {
        const params = matchRoute(route.compiled, relative);
        if (!params) continue;
        if (!route.methods.includes(method)) {
          allowed = [...allowed, ...route.methods];
          continue;
        }
        const body = await readBody(req, maxRequestBytes);
        if (body === 'too-large') {
          sendProblem(res, 413, 'payload_too_large', 'Payload too large', requestId);
          return true;
        }
        await invoke(route, req, res, url, params, body, options);
        return true;
      }
      if (allowed.length > 0) {
        sendProblem(res, 405, 'method_not_allowed', 'Method not allowed', requestId, {
          Allow: [...new Set(allowed)].join(', '),
        });
      } else {
        sendProblem(res, 404, 'not_found', 'Not found', requestId);
      }
      return true;
    },
  };
}

async function invoke(
  route: HttpRoute,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  params: Record<string, string>,
  body: Buffer,
  options: {
    extraInputFor: (fn: RegisteredFunction, bindingType: string) => unknown;
    log: (line: string) => void;
  },
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  const request = new HttpRequest({
    method: req.method ?? 'GET',
    url: url.toString(),
    headers,
    params,
    ...(body.length > 0 ? { body: { bytes: body } } : {}),
  });
  // Like the host: an incoming W3C `traceparent` makes this invocation part of the caller's operation.
  const context = buildContext(route.fn, options.extraInputFor, { traceParent: headers.traceparent });
  try {
    const result = await route.fn.handler(request, context);
    const response = toHttpResponse(result);
    const payload = Buffer.from(await response.arrayBuffer());
    const outHeaders: Record<string, string | string[]> = {};
    response.headers.forEach((value, key) => {
      outHeaders[key] = value;
    });
    const cookies = response.cookies.map((c) => `${c.name}=${c.value}`);
    if (cookies.length > 0) outHeaders['set-cookie'] = cookies;
    res.writeHead(response.status, outHeaders);
    res.end(req.method === 'HEAD' ? undefined : payload);
  } catch (error) {
    // Like the real host: an exception in a function is a 500 with no detail for the caller.
    options.log(`function ${route.fn.name} threw: ${error instanceof Error ? error.name : 'error'}`);
    sendProblem(res, 500, 'internal', 'Internal error', context.invocationId);
  }
}

export function buildContext(
  fn: RegisteredFunction,
  extraInputFor: (fn: RegisteredFunction, bindingType: string) => unknown,
  init: {
    triggerMetadata?: Record<string, unknown>;
    retryContext?: { retryCount: number; maxRetryCount: number };
    /** The trace this invocation continues (HTTP header, message property); otherwise a new one. */
    traceParent?: string | undefined;
  } = {},
): InvocationContext {
  const extraInputs = Object.entries(fn.bindings)
    .filter(([, b]) => b.direction === 'in' && b !== fn.trigger)
    .map(([name, b]) => ({ ...b, name, type: b.type }));
  const context = new InvocationContext({
    invocationId: randomUUID(),
    functionName: fn.name,
    options: {
      trigger: { ...fn.trigger, name: fn.trigger.name ?? 'trigger', type: fn.trigger.type },
      extraInputs,
    },
    ...(init.triggerMetadata ? { triggerMetadata: init.triggerMetadata } : {}),
    ...(init.retryContext ? { retryContext: init.retryContext } : {}),
    traceContext: { traceParent: childTraceParent(init.traceParent), attributes: {} },
  });
  for (const input of extraInputs) context.extraInputs.set(input.name, extraInputFor(fn, input.type));
  return context;
}

const traceParentPattern = /^00-([\da-f]{32})-[\da-f]{16}-([\da-f]{2})$/;

/** A span of its own in the caller's trace (same trace id, new parent id), or a new trace. */
export function childTraceParent(parent: string | undefined): string {
  const match = parent ? traceParentPattern.exec(parent) : null;
  const traceId = match?.[1] ?? randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${match?.[2] ?? '01'}`;
}

function toHttpResponse(result: unknown): HttpResponse {
  // The bundle carries its own copy of @azure/functions, so its HttpResponse is matched by shape.
  if (isResponseLike(result)) return result;
  return new HttpResponse(typeof result === 'object' && result !== null ? result : {});
}

function isResponseLike(value: unknown): value is HttpResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    'arrayBuffer' in value &&
    typeof value.arrayBuffer === 'function' &&
    'headers' in value
  );
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(tooLarge ? 'too-large' : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export function sendProblem(
  res: ServerResponse,
  status: number,
  code: string,
  title: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/problem+json; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'x-request-id': requestId,
  });
  res.end(JSON.stringify({ type: 'about:blank', title, status, code, requestId }));
}
