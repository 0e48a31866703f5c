// Local stand-in for Azure Static Web Apps: serves the built SPA from a folder, applies the staticwebapp.config.json
// found in that folder (routes, navigation fallback, response overrides, global headers, MIME types) and forwards
// /api/* to the local Functions host. Like Static Web Apps (`azd deploy` uploads web/dist), it reads the config from
// the build output only: the web build writes it there from the root source (scripts/static-web-app-config.ts), and
// the gateway refuses to start without it. Routing follows the Static Web Apps CLI emulator, which the parity suite
// (local/gateway.parity.test.ts) runs the same requests against. Like Static Web Apps with a linked backend, it never forwards the caller's `Authorization`
// header: the SPA must send its access token in `X-Authorization`, so a client that relies on `Authorization`
// fails here exactly as it would in Azure.
import { createReadStream, existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { pipeline, type Writable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

// ---------------------------------------------------------------------------------------------------------------
// Configuration (the subset of staticwebapp.config.json that a local emulation can honour)

export interface SwaRoute {
  readonly route: string;
  readonly methods?: readonly string[];
  readonly rewrite?: string;
  readonly redirect?: string;
  readonly statusCode?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Parsed; a rule whose roles do not include `anonymous` answers 401 (nobody is signed in to SWA locally). */
  readonly allowedRoles?: readonly string[];
}

export interface SwaNavigationFallback {
  readonly rewrite: string;
  readonly exclude: readonly string[];
}

export interface SwaResponseOverride {
  readonly rewrite?: string;
  readonly redirect?: string;
  readonly statusCode?: number;
}

export type SwaOverridableStatus = '400' | '401' | '403' | '404';

export interface SwaConfig {
  readonly routes: readonly SwaRoute[];
  readonly navigationFallback?: SwaNavigationFallback;
  readonly responseOverrides: Readonly<Partial<Record<SwaOverridableStatus, SwaResponseOverride>>>;
  readonly globalHeaders: Readonly<Record<string, string>>;
  /** Extension (with its dot, lower case) -> content type. */
  readonly mimeTypes: Readonly<Record<string, string>>;
}

const CONFIG_FILE_NAME = 'staticwebapp.config.json';
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
const OVERRIDABLE: readonly SwaOverridableStatus[] = ['400', '401', '403', '404'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown, where: string, errors: string[]): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    errors.push(`${where} must be an object of strings`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') out[key] = item;
    else errors.push(`${where}.${key} must be a string`);
  }
  return out;
}

function stringArray(value: unknown, where: string, errors: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    errors.push(`${where} must be an array of strings`);
    return undefined;
  }
  return value;
}

function optionalString(value: unknown, where: string, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    errors.push(`${where} must be a non-empty string`);
    return undefined;
  }
  return value;
}

function optionalStatus(value: unknown, where: string, errors: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 599) {
    errors.push(`${where} must be an HTTP status code`);
    return undefined;
  }
  return value;
}

/** Validates a parsed staticwebapp.config.json; throws one error listing every problem found. */
export function parseSwaConfig(raw: unknown): SwaConfig {
  const errors: string[] = [];
  if (!isRecord(raw)) throw new Error('staticwebapp.config.json: the top level must be an object');

  const routes: SwaRoute[] = [];
  if (raw.routes !== undefined && !Array.isArray(raw.routes)) errors.push('routes must be an array');
  const rawRoutes: unknown[] = Array.isArray(raw.routes) ? (raw.routes as unknown[]) : [];
  rawRoutes.forEach((item, index) => {
    const where = `routes[${index}]`;
    if (!isRecord(item) || typeof item.route !== 'string' || item.route === '') {
      errors.push(`${where}.route must be a non-empty string`);
      return;
    }
    const methods = stringArray(item.methods, `${where}.methods`, errors)?.map((m) => m.toUpperCase());
    for (const method of methods ?? []) {
      if (!HTTP_METHODS.includes(method)) errors.push(`${where}.methods: unknown method ${method}`);
    }
    const rewrite = optionalString(item.rewrite, `${where}.rewrite`, errors);
    const redirect = optionalString(item.redirect, `${where}.redirect`, errors);
    if (rewrite !== undefined && redirect !== undefined)
      errors.push(`${where}: rewrite and redirect exclude each other`);
    const statusCode = optionalStatus(item.statusCode, `${where}.statusCode`, errors);
    const headers = stringRecord(item.headers, `${where}.headers`, errors);
    const allowedRoles = stringArray(item.allowedRoles, `${where}.allowedRoles`, errors);
    for (const role of allowedRoles ?? []) {
      if (!/^[A-Za-z0-9_]+$/.test(role)) errors.push(`${where}.allowedRoles: invalid role name ${role}`);
    }
    routes.push({
      route: item.route,
      ...(methods ? { methods } : {}),
      ...(rewrite !== undefined ? { rewrite } : {}),
      ...(redirect !== undefined ? { redirect } : {}),
      ...(statusCode !== undefined ? { statusCode } : {}),
      ...(item.headers !== undefined ? { headers } : {}),
      ...(allowedRoles ? { allowedRoles } : {}),
    });
  });

  let navigationFallback: SwaNavigationFallback | undefined;
  if (raw.navigationFallback !== undefined) {
    const nf = raw.navigationFallback;
    if (!isRecord(nf) || typeof nf.rewrite !== 'string' || nf.rewrite === '') {
      errors.push('navigationFallback.rewrite must be a non-empty string');
    } else {
      navigationFallback = {
        rewrite: nf.rewrite,
        exclude: stringArray(nf.exclude, 'navigationFallback.exclude', errors) ?? [],
      };
    }
  }

  const responseOverrides: Partial<Record<SwaOverridableStatus, SwaResponseOverride>> = {};
  if (raw.responseOverrides !== undefined) {
    if (!isRecord(raw.responseOverrides)) errors.push('responseOverrides must be an object');
    else {
      for (const [code, value] of Object.entries(raw.responseOverrides)) {
        const where = `responseOverrides.${code}`;
        if (!(OVERRIDABLE as readonly string[]).includes(code)) {
          errors.push(`${where}: only ${OVERRIDABLE.join(', ')} can be overridden`);
          continue;
        }
        if (!isRecord(value)) {
          errors.push(`${where} must be an object`);
          continue;
        }
        const rewrite = optionalString(value.rewrite, `${where}.rewrite`, errors);
        const redirect = optionalString(value.redirect, `${where}.redirect`, errors);
        const statusCode = optionalStatus(value.statusCode, `${where}.statusCode`, errors);
        responseOverrides[code as SwaOverridableStatus] = {
          ...(rewrite !== undefined ? { rewrite } : {}),
          ...(redirect !== undefined ? { redirect } : {}),
          ...(statusCode !== undefined ? { statusCode } : {}),
        };
      }
    }
  }

  const globalHeaders = stringRecord(raw.globalHeaders, 'globalHeaders', errors);
  const mimeTypes: Record<string, string> = {};
  for (const [ext, type] of Object.entries(stringRecord(raw.mimeTypes, 'mimeTypes', errors))) {
    mimeTypes[(ext.startsWith('.') ? ext : `.${ext}`).toLowerCase()] = type;
  }

  if (errors.length > 0)
    throw new Error(`staticwebapp.config.json is invalid:\n  - ${errors.join('\n  - ')}`);
  return {
    routes,
    ...(navigationFallback ? { navigationFallback } : {}),
    responseOverrides,
    globalHeaders,
    mimeTypes,
  };
}

export async function loadSwaConfig(configPath: string): Promise<SwaConfig> {
  const text = await readFile(configPath, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${configPath} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseSwaConfig(raw);
}

// ---------------------------------------------------------------------------------------------------------------
// Route patterns. SWA semantics: case-insensitive; a `*` is only allowed at the end of the path and matches any
// rest (slashes included), optionally filtered by extension (`/images/*.{png,jpg}`, `*.css`); an exact route
// also matches with a trailing slash. A request path without a dot is also matched as `<path>/index.html` (the
// emulator's `getIndexHtml` alternate): `/x/index.html` matches `/x` and `/x/`, `/x/*` matches `/x`, and a
// navigation-fallback exclude such as `/*.html` matches every deep link, which then answers 404 instead of the
// shell, as in the emulator.

function expandBraces(suffix: string): string[] {
  const match = /^(.*)\{([^{}]*)\}(.*)$/.exec(suffix);
  if (!match) return [suffix];
  const [, before = '', options = '', after = ''] = match;
  return options.split(',').flatMap((option) => expandBraces(`${before}${option.trim()}${after}`));
}

function matchesPattern(normalizedPattern: string, target: string): boolean {
  const star = normalizedPattern.indexOf('*');
  if (star >= 0) {
    const prefix = normalizedPattern.slice(0, star);
    const suffixes = expandBraces(normalizedPattern.slice(star + 1));
    return (
      target.startsWith(prefix) &&
      suffixes.some((suffix) => target.length >= prefix.length + suffix.length && target.endsWith(suffix))
    );
  }
  const trimmed = (value: string): string =>
    value.length > 1 && value.endsWith('/') ? value.slice(0, -1) : value;
  return trimmed(target) === trimmed(normalizedPattern);
}

export function matchRoutePattern(pattern: string, requestPath: string): boolean {
  const normalizedPattern = (pattern.startsWith('/') ? pattern : `/${pattern}`).toLowerCase();
  const target = requestPath.toLowerCase();
  if (matchesPattern(normalizedPattern, target)) return true;
  if (target.includes('.')) return false;
  return matchesPattern(
    normalizedPattern,
    target.endsWith('/') ? `${target}index.html` : `${target}/index.html`,
  );
}

/** First rule whose route and (if given) methods match: SWA stops at the first match. */
export function findRouteRule(
  routes: readonly SwaRoute[],
  requestPath: string,
  method: string,
): SwaRoute | undefined {
  const upper = method.toUpperCase();
  return routes.find(
    (rule) => matchRoutePattern(rule.route, requestPath) && (!rule.methods || rule.methods.includes(upper)),
  );
}

export function isExcludedFromFallback(fallback: SwaNavigationFallback, requestPath: string): boolean {
  return fallback.exclude.some((pattern) => matchRoutePattern(pattern, requestPath));
}

// ---------------------------------------------------------------------------------------------------------------
// Static files

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json|xml|wasm)|image\/svg\+xml)/;
const MIN_COMPRESS_BYTES = 1024;
const COMPRESSION_CACHE_MAX_BYTES = 64 * 1024 * 1024;

interface StaticFile {
  readonly filePath: string;
  readonly size: number;
  readonly mtimeMs: number;
}

type Encoding = 'br' | 'gzip';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function pickEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  for (const encoding of ['br', 'gzip'] as const) {
    const q = accepted.get(encoding) ?? accepted.get('*');
    if (q !== undefined && q > 0) return encoding;
  }
  return undefined;
}

function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

// ---------------------------------------------------------------------------------------------------------------
// The server

export interface GatewayOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Defaults to 127.0.0.1 (never listen beyond loopback by default). */
  readonly host?: string;
  /** Folder of the built SPA (web/dist), with its staticwebapp.config.json (reloaded when the file changes). */
  readonly webRoot: string;
  /** Base URL of the Functions host, e.g. http://127.0.0.1:7071; `/api/...` is appended as requested. */
  readonly apiTarget: string;
  /** Value sent upstream as X-Forwarded-Proto (the public scheme); defaults to the gateway's own. */
  readonly forwardedProto?: 'http' | 'https';
  /** Upstream inactivity timeout before answering 504; defaults to 230 s (Azure's front-end limit). */
  readonly apiTimeoutMs?: number;
  /** Where warnings go (bad config reload, unexpected errors); defaults to console.warn. */
  readonly log?: (line: string) => void;
  /**
   * Sources added to CSP directives of the config's Content-Security-Policy, for origins that only exist
   * locally: the ones an Azure build writes from SOINS_CSP_BLOB_ORIGIN and SOINS_CSP_AUTH_ORIGIN (Azurite and
   * the local identity provider, whose ports are only known at start-up). Nothing else.
   */
  readonly cspAdditions?: Readonly<Record<string, readonly string[]>>;
  /**
   * Serve HTTPS, with HTTP/2 for browsers (ALPN) and HTTP/1.1 for other clients, as Static Web Apps does. Over plain
   * HTTP a browser opens at most six connections to the gateway, and a page's route chunks and api calls queue on
   * them; in Azure they share one HTTP/2 connection.
   */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/** Adds sources to CSP directives, creating a directive from `default-src` when it is absent. */
export function extendCsp(policy: string, additions: Readonly<Record<string, readonly string[]>>): string {
  const directives = policy
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => part.split(/\s+/));
  for (const [name, sources] of Object.entries(additions)) {
    if (sources.length === 0) continue;
    const existing = directives.find(([directive]) => directive === name);
    if (existing) {
      existing.push(...sources.filter((source) => !existing.includes(source)));
    } else {
      const fallback = directives.find(([directive]) => directive === 'default-src')?.slice(1) ?? [];
      directives.push([name, ...fallback, ...sources]);
    }
  }
  return directives.map((parts) => parts.join(' ')).join('; ');
}

/** A request and its response, over HTTP/1.1 or (with `tls`) HTTP/2. */
type GatewayRequest = http.IncomingMessage | http2.Http2ServerRequest;
type GatewayResponse = http.ServerResponse | http2.Http2ServerResponse;

/** Ends a response with an optional body (both response types are writable streams). */
function endWith(res: GatewayResponse, body: string | Buffer | undefined): void {
  const stream: Writable = res;
  if (body === undefined) stream.end();
  else stream.end(body);
}

export interface RunningGateway {
  readonly name: string;
  readonly url: string;
  stop(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) and headers a proxy must not pass on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function problemJson(status: number, title: string, code: string, detail: string): string {
  return JSON.stringify({ type: 'about:blank', title, status, code, detail });
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const log =
    options.log ??
    ((line: string): void => {
      console.warn(line);
    });
  const forwardedProto = options.forwardedProto ?? (options.tls ? 'https' : 'http');
  const apiTimeoutMs = options.apiTimeoutMs ?? 230_000;
  const apiTarget = new URL(options.apiTarget);
  if (apiTarget.protocol !== 'http:' && apiTarget.protocol !== 'https:') {
    throw new Error(`apiTarget must be an http(s) URL, got ${options.apiTarget}`);
  }
  const apiBasePath = apiTarget.pathname.replace(/\/+$/, '');
  const requestUpstream = apiTarget.protocol === 'https:' ? https.request : http.request;

  // The web root may be rebuilt while the gateway runs: resolve it per request, following its symlink.
  const webRoot = path.resolve(options.webRoot);
  const realRoot = async (): Promise<string> => {
    try {
      return await realpath(webRoot);
    } catch {
      return webRoot;
    }
  };

  const configPath = path.join(webRoot, CONFIG_FILE_NAME);
  if (!existsSync(configPath)) {
    throw new Error(
      `[gateway] ${configPath} is missing: the gateway reads the build output's copy only, which the web build ` +
        'writes from the root staticwebapp.config.json. Run `npm run build`.',
    );
  }
  let config = await loadSwaConfig(configPath);
  let configMtimeMs = (await stat(configPath)).mtimeMs;
  const currentConfig = async (): Promise<SwaConfig> => {
    try {
      const { mtimeMs } = await stat(configPath);
      if (mtimeMs !== configMtimeMs) {
        configMtimeMs = mtimeMs;
        config = await loadSwaConfig(configPath);
        log(`[gateway] reloaded ${configPath}`);
      }
    } catch (error) {
      log(`[gateway] keeping the previous configuration: ${(error as Error).message}`);
    }
    return config;
  };

  const compressed = new Map<string, Buffer>();
  let compressedBytes = 0;
  const compressedBody = async (file: StaticFile, encoding: Encoding): Promise<Buffer> => {
    const key = `${file.filePath}\0${file.mtimeMs}\0${file.size}\0${encoding}`;
    const cached = compressed.get(key);
    if (cached) return cached;
    const raw = await readFile(file.filePath);
    const body =
      encoding === 'br'
        ? await brotli(raw, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          })
        : await gzip(raw, { level: 9 });
    if (compressedBytes + body.length > COMPRESSION_CACHE_MAX_BYTES) {
      compressed.clear();
      compressedBytes = 0;
    }
    compressed.set(key, body);
    compressedBytes += body.length;
    return body;
  };

  /** Maps a decoded URL path to a regular file inside the web root, or undefined. Never escapes the root. */
  const resolveStatic = async (urlPath: string): Promise<StaticFile | undefined> => {
    const root = await realRoot();
    const segments = urlPath.split('/').filter((segment) => segment !== '');
    // Dot segments are rejected before this point; dotfiles (.env, .git) are never served.
    if (segments.some((segment) => segment.startsWith('.') && segment !== '.well-known')) return undefined;
    const candidates = urlPath.endsWith('/')
      ? [path.join(root, ...segments, 'index.html')]
      : [path.join(root, ...segments), path.join(root, ...segments, 'index.html')];
    for (const candidate of candidates) {
      const inside = (p: string): boolean => p === root || p.startsWith(root + path.sep);
      if (!inside(candidate)) return undefined;
      try {
        const real = await realpath(candidate);
        if (!inside(real)) return undefined; // a symlink pointing outside the root
        const info = await stat(real);
        if (info.isFile()) return { filePath: real, size: info.size, mtimeMs: info.mtimeMs };
      } catch {
        // not there: try the next candidate
      }
    }
    return undefined;
  };

  const contentTypeOf = (cfg: SwaConfig, filePath: string): string => {
    const ext = path.extname(filePath).toLowerCase();
    return cfg.mimeTypes[ext] ?? MIME_TYPES[ext] ?? 'application/octet-stream';
  };

  /** Global headers, then the matched rule's headers (an empty value removes a header). */
  const configHeaders = (cfg: SwaConfig, rule: SwaRoute | undefined): Map<string, string | undefined> => {
    const out = new Map<string, string | undefined>();
    for (const [name, value] of Object.entries(cfg.globalHeaders))
      out.set(name.toLowerCase(), value || undefined);
    for (const [name, value] of Object.entries(rule?.headers ?? {}))
      out.set(name.toLowerCase(), value || undefined);
    const csp = out.get('content-security-policy');
    if (csp && options.cspAdditions) out.set('content-security-policy', extendCsp(csp, options.cspAdditions));
    // Over HTTPS a browser would keep it for `localhost` (every port): the developer's other local apps, and this
    // one on plain HTTP, would then be forced to HTTPS. Over plain HTTP browsers ignore it, so it stays (parity).
    if (options.tls) out.delete('strict-transport-security');
    return out;
  };

  const applyHeaders = (
    res: GatewayResponse,
    headers: Map<string, string | undefined>,
    keepExisting = false,
  ) => {
    for (const [name, value] of headers) {
      if (keepExisting && res.hasHeader(name)) continue;
      if (value === undefined) res.removeHeader(name);
      else res.setHeader(name, value);
    }
  };

  const sendPlain = (
    res: GatewayResponse,
    cfg: SwaConfig,
    status: number,
    body: string,
    contentType = 'text/plain; charset=utf-8',
    headOnly = false,
  ): void => {
    applyHeaders(res, configHeaders(cfg, undefined));
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.setHeader('Cache-Control', 'no-store');
    res.writeHead(status);
    endWith(res, headOnly ? undefined : body);
  };

  const sendRedirect = (
    res: GatewayResponse,
    cfg: SwaConfig,
    rule: SwaRoute | undefined,
    location: string,
    status: number,
  ): void => {
    applyHeaders(res, configHeaders(cfg, rule));
    res.setHeader('Location', location);
    res.setHeader('Content-Length', 0);
    res.writeHead(status);
    res.end();
  };

  const sendFile = async (
    req: GatewayRequest,
    res: GatewayResponse,
    cfg: SwaConfig,
    rule: SwaRoute | undefined,
    file: StaticFile,
    status: number,
  ): Promise<void> => {
    const contentType = contentTypeOf(cfg, file.filePath);
    const baseTag = `"${file.size.toString(36)}-${Math.floor(file.mtimeMs).toString(36)}"`;
    const encoding =
      COMPRESSIBLE.test(contentType) && file.size >= MIN_COMPRESS_BYTES
        ? pickEncoding(req.headers['accept-encoding'])
        : undefined;
    const etag = encoding ? `${baseTag.slice(0, -1)}-${encoding}"` : baseTag;

    // Error pages get the global headers only: a route's long cache lifetime must never apply to a 404.
    applyHeaders(res, configHeaders(cfg, status < 400 ? rule : undefined));
    if (status >= 400) res.setHeader('Cache-Control', 'no-cache');
    else if (!res.hasHeader('cache-control') && contentType.startsWith('text/html')) {
      // The HTML shell names the hashed bundles: always revalidate it, or a deploy leaves browsers on stale chunks.
      res.setHeader('Cache-Control', 'no-cache');
    }
    res.setHeader('Content-Type', contentType);
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', new Date(file.mtimeMs).toUTCString());
    if (COMPRESSIBLE.test(contentType)) res.setHeader('Vary', 'Accept-Encoding');

    if (status === 200) {
      const ifNoneMatch = req.headers['if-none-match'];
      const ifModifiedSince = req.headers['if-modified-since'];
      const notModified =
        ifNoneMatch !== undefined
          ? etagMatches(ifNoneMatch, etag)
          : ifModifiedSince !== undefined &&
            Math.floor(file.mtimeMs / 1000) <= Date.parse(ifModifiedSince) / 1000;
      if (notModified) {
        res.removeHeader('Content-Type');
        res.writeHead(304);
        res.end();
        return;
      }
    }

    const headOnly = req.method === 'HEAD';
    if (encoding) {
      const body = await compressedBody(file, encoding);
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', body.length);
      res.writeHead(status);
      endWith(res, headOnly ? undefined : body);
      return;
    }
    res.setHeader('Content-Length', file.size);
    res.writeHead(status);
    if (headOnly) {
      res.end();
      return;
    }
    await new Promise<void>((resolve) => {
      pipeline(createReadStream(file.filePath), res, () => {
        resolve();
      });
    });
  };

  /** An error status, through `responseOverrides` when the config has one for it. */
  const sendError = async (
    req: GatewayRequest,
    res: GatewayResponse,
    cfg: SwaConfig,
    status: number,
  ): Promise<void> => {
    const override = cfg.responseOverrides[String(status) as SwaOverridableStatus];
    if (override?.redirect) {
      sendRedirect(res, cfg, undefined, override.redirect, override.statusCode ?? 302);
      return;
    }
    if (override?.rewrite) {
      const file = await resolveStatic(
        override.rewrite.startsWith('/') ? override.rewrite : `/${override.rewrite}`,
      );
      if (file) {
        await sendFile(req, res, cfg, undefined, file, override.statusCode ?? status);
        return;
      }
    }
    const finalStatus = override?.statusCode ?? status;
    sendPlain(
      res,
      cfg,
      finalStatus,
      `${http.STATUS_CODES[finalStatus] ?? 'Error'}\n`,
      undefined,
      req.method === 'HEAD',
    );
  };

  const forwardToApi = (
    req: GatewayRequest,
    res: GatewayResponse,
    cfg: SwaConfig,
    rule: SwaRoute | undefined,
    upstreamPath: string,
  ): Promise<void> =>
    new Promise<void>((resolve) => {
      const connectionTokens = new Set(
        (req.headers.connection ?? '')
          .split(',')
          .map((token) => token.trim().toLowerCase())
          .filter(Boolean),
      );
      const headers: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name) || connectionTokens.has(name)) continue;
        // Static Web Apps overwrites Authorization on requests to the backend, and only it may set the
        // client principal headers: never pass the caller's values on.
        if (name === 'authorization' || name.startsWith('x-ms-client-principal')) continue;
        // HTTP/2's pseudo-headers (:method, :authority…) are not headers to pass on.
        if (name === 'host' || name.startsWith('x-forwarded-') || name.startsWith(':')) continue;
        headers[name] = value;
      }
      headers.host = apiTarget.host;
      const authority = req.headers[':authority'];
      headers['x-forwarded-host'] = req.headers.host ?? (typeof authority === 'string' ? authority : host);
      headers['x-forwarded-proto'] = forwardedProto;
      // Two hops, as in Azure: the Static Web Apps edge appends the caller's address to whatever the
      // caller sent, then the Function App's front end appends the edge's own address.
      const sent = req.headers['x-forwarded-for'];
      headers['x-forwarded-for'] = [
        ...(Array.isArray(sent) ? sent : sent ? [sent] : []),
        req.socket.remoteAddress ?? 'unknown',
        req.socket.localAddress ?? '127.0.0.1',
      ].join(', ');

      let settled = false;
      const done = (): void => {
        if (!settled) {
          settled = true;
          resolve();
        }
      };
      const fail = (status: number, title: string, code: string, detail: string): void => {
        if (res.headersSent) {
          res.destroy();
        } else {
          sendPlain(res, cfg, status, problemJson(status, title, code, detail), 'application/problem+json');
        }
        done();
      };

      const upstream = requestUpstream(
        {
          protocol: apiTarget.protocol,
          hostname: apiTarget.hostname,
          port: apiTarget.port,
          method: req.method,
          path: `${apiBasePath}${upstreamPath}`,
          headers,
        },
        (upstreamRes) => {
          const status = upstreamRes.statusCode ?? 502;
          for (const [name, value] of Object.entries(upstreamRes.headers)) {
            if (value === undefined || HOP_BY_HOP.has(name)) continue;
            res.setHeader(name, value);
          }
          // Headers set by the api win; the config's global and route headers fill in the rest.
          applyHeaders(res, configHeaders(cfg, rule), true);
          // HTTP/2 has no reason phrase.
          const reason = req.httpVersionMajor >= 2 ? undefined : upstreamRes.statusMessage;
          if (reason === undefined) res.writeHead(status);
          else res.writeHead(status, reason);
          const sink: Writable = res;
          pipeline(upstreamRes, sink, () => {
            done();
          });
        },
      );
      upstream.setTimeout(apiTimeoutMs, () => {
        upstream.destroy(new HttpError(504));
      });
      upstream.on('error', (error) => {
        if (error instanceof HttpError) {
          fail(504, 'Gateway Timeout', 'API_TIMEOUT', `The api did not answer within ${apiTimeoutMs} ms.`);
        } else {
          fail(502, 'Bad Gateway', 'API_UNAVAILABLE', 'The api is not reachable.');
        }
      });
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
        done();
      });
      pipeline(req, upstream, (error) => {
        if (error && !settled) upstream.destroy();
      });
    });

  const handle = async (req: GatewayRequest, res: GatewayResponse): Promise<void> => {
    const cfg = await currentConfig();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const rawPath = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
    const search = queryStart < 0 ? '' : rawUrl.slice(queryStart);

    let requestPath: string;
    try {
      requestPath = decodeURIComponent(rawPath);
    } catch {
      sendPlain(res, cfg, 400, 'Bad Request\n');
      return;
    }
    // Traversal and smuggling attempts: dot segments (raw or encoded), backslashes, NUL bytes.
    if (
      !requestPath.startsWith('/') ||
      requestPath.includes('\0') ||
      requestPath.includes('\\') ||
      requestPath.split('/').some((segment) => segment === '..' || segment === '.')
    ) {
      sendPlain(res, cfg, 400, 'Bad Request\n');
      return;
    }

    // The config is in the web root, but Static Web Apps never serves it.
    if (requestPath.toLowerCase().endsWith(`/${CONFIG_FILE_NAME}`)) {
      await sendError(req, res, cfg, 404);
      return;
    }

    const rule = findRouteRule(cfg.routes, requestPath, method);
    if (rule?.allowedRoles && !rule.allowedRoles.includes('anonymous')) {
      // Nobody is signed in to Static Web Apps' own auth: the SPA uses its own identity provider.
      await sendError(req, res, cfg, 401);
      return;
    }
    if (rule?.redirect) {
      sendRedirect(res, cfg, rule, rule.redirect, rule.statusCode ?? 302);
      return;
    }
    if (rule?.statusCode !== undefined && rule.statusCode >= 400 && !rule.rewrite) {
      await sendError(req, res, cfg, rule.statusCode);
      return;
    }

    const rewritten = rule?.rewrite
      ? rule.rewrite.startsWith('/')
        ? rule.rewrite
        : `/${rule.rewrite}`
      : undefined;
    const effectivePath = rewritten ?? requestPath;
    if (/^\/api(\/|$)/i.test(effectivePath)) {
      // Forward the path as the client encoded it (unless rewritten), so ids with %2F survive.
      await forwardToApi(req, res, cfg, rule, `${rewritten ?? rawPath}${search}`);
      return;
    }

    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendPlain(res, cfg, 405, 'Method Not Allowed\n');
      return;
    }

    const file = await resolveStatic(effectivePath);
    if (file) {
      await sendFile(req, res, cfg, rule, file, rule?.statusCode ?? 200);
      return;
    }
    const fallback = cfg.navigationFallback;
    if (fallback && !rewritten && !isExcludedFromFallback(fallback, requestPath)) {
      const target = fallback.rewrite.startsWith('/') ? fallback.rewrite : `/${fallback.rewrite}`;
      const shell = await resolveStatic(target);
      if (shell) {
        await sendFile(req, res, cfg, findRouteRule(cfg.routes, target, method), shell, 200);
        return;
      }
    }
    await sendError(req, res, cfg, 404);
  };

  const onRequest = (req: GatewayRequest, res: GatewayResponse): void => {
    handle(req, res).catch((error: unknown) => {
      log(`[gateway] ${req.method ?? ''} ${req.url ?? ''} failed: ${(error as Error).message}`);
      if (!res.headersSent) sendPlain(res, config, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  };
  const server = options.tls
    ? http2.createSecureServer({ cert: options.tls.cert, key: options.tls.key, allowHTTP1: true }, onRequest)
    : http.createServer(onRequest);
  // Stopping closes kept-alive connections and HTTP/2 sessions too, not only the listener.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    name: 'gateway',
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        for (const socket of sockets) socket.destroy();
      }),
  };
}
