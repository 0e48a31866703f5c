// The local Static Web Apps gateway against real HTTP servers: a temp web root, a fake api upstream, and the
// repository's own staticwebapp.config.json rendered as an Azure build writes it into the build output (so the
// shipped config is what gets tested). local/gateway.parity.test.ts runs the routing and header cases against the
// Static Web Apps CLI emulator too.
import { clientAddressOf } from '../api/src/functions/client-address';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStaticWebAppConfig } from '../scripts/static-web-app-config';
import {
  extendCsp,
  findRouteRule,
  loadSwaConfig,
  matchRoutePattern,
  parseSwaConfig,
  startGateway,
  type RunningGateway,
} from './gateway';
import { ensureTlsCertificate, type TlsMaterial } from './identity/keys';

const SOURCE_CONFIG = readFileSync(
  fileURLToPath(new URL('../staticwebapp.config.json', import.meta.url)),
  'utf8',
);
const DEPLOY_ENV = {
  SOINS_CSP_BLOB_ORIGIN: 'https://soinsplusprod.blob.core.windows.net',
  SOINS_CSP_AUTH_ORIGIN: 'https://soinsplus.ciamlogin.com',
};
const DEPLOYED_CONFIG = renderStaticWebAppConfig(SOURCE_CONFIG, 'azure', DEPLOY_ENV);
const INDEX_HTML =
  '<!doctype html><html lang="fr"><head><title>SOINS+</title></head><body>SPA-SHELL</body></html>';
const NOT_FOUND_HTML = '<!doctype html><html><body>STATIC-404</body></html>';
const SECRET = 'TOP-SECRET-OUTSIDE-WEB-ROOT';
const APP_JS = `export const data = ${JSON.stringify('x'.repeat(4000))};\n`;

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
}

interface RequestOptions {
  readonly method?: string;
  readonly headers?: http.OutgoingHttpHeaders;
  readonly body?: string | Buffer;
}

/** Raw HTTP request: the path is sent exactly as given (fetch would normalise `..` away). */
function request(base: string, rawPath: string, options: RequestOptions = {}): Promise<Reply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: rawPath,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}

interface Echo {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly bodySha256: string;
  readonly bodyLength: number;
  readonly body: string;
}

let tmp: string;
let webRoot: string;
let configPath: string;
let api: http.Server;
let apiUrl: string;
let gateway: RunningGateway;
let releaseStream: () => void = () => undefined;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'soins-gateway-'));
  webRoot = path.join(tmp, 'dist');
  await mkdir(path.join(webRoot, 'assets'), { recursive: true });
  await mkdir(path.join(webRoot, 'docs'), { recursive: true });
  await writeFile(path.join(tmp, 'secret.txt'), SECRET);
  await writeFile(path.join(webRoot, 'index.html'), INDEX_HTML);
  await writeFile(path.join(webRoot, '404.html'), NOT_FOUND_HTML);
  await writeFile(path.join(webRoot, 'assets', 'app-abc123.js'), APP_JS);
  await writeFile(path.join(webRoot, 'assets', 'app-abc123.css'), 'body{color:#000}');
  await writeFile(path.join(webRoot, 'docs', 'index.html'), '<p>DOCS-INDEX</p>');
  await writeFile(path.join(webRoot, 'data.json'), '{"ok":true}');
  await writeFile(path.join(webRoot, '.env'), SECRET);
  await symlink(path.join(tmp, 'secret.txt'), path.join(webRoot, 'assets', 'leak.txt'));
  configPath = path.join(webRoot, 'staticwebapp.config.json');
  await writeFile(configPath, DEPLOYED_CONFIG);

  api = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = req.url ?? '';
      if (url.startsWith('/api/status/')) {
        const status = Number(url.slice('/api/status/'.length));
        res.writeHead(status, { 'content-type': 'application/problem+json', 'x-api-marker': 'yes' });
        res.end(JSON.stringify({ status }));
        return;
      }
      if (url === '/api/own-csp') {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-security-policy': "default-src 'none'",
        });
        res.end('{}');
        return;
      }
      if (url === '/api/stream') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first\n');
        releaseStream = () => res.end('last\n');
        return;
      }
      if (url === '/api/hang') return; // never answers
      if (url === '/api/big') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.alloc(2 * 1024 * 1024, 7));
        return;
      }
      const echo: Echo = {
        method: req.method ?? '',
        url,
        headers: req.headers,
        bodySha256: createHash('sha256').update(body).digest('hex'),
        bodyLength: body.length,
        body: body.length < 10_000 ? body.toString('utf8') : '',
      };
      res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify(echo));
    });
  });
  apiUrl = await listen(api);
  gateway = await startGateway({ port: 0, webRoot, apiTarget: apiUrl, log: () => undefined });
});

afterAll(async () => {
  await gateway.stop();
  await close(api);
  await rm(tmp, { recursive: true, force: true });
});

describe('staticwebapp.config.json parsing and route patterns', () => {
  it('parses the repository config', async () => {
    const config = await loadSwaConfig(configPath);
    expect(config.navigationFallback?.rewrite).toBe('/index.html');
    expect(Object.keys(config.globalHeaders)).toEqual(
      expect.arrayContaining([
        'Content-Security-Policy',
        'X-Content-Type-Options',
        'Strict-Transport-Security',
      ]),
    );
    const csp = config.globalHeaders['Content-Security-Policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('lists every problem of an invalid config at once', () => {
    expect(() =>
      parseSwaConfig({
        routes: [
          { route: '' },
          { route: '/x', methods: ['FETCH'], rewrite: '/a', redirect: '/b', statusCode: 42 },
        ],
        navigationFallback: { exclude: ['/a'] },
        responseOverrides: { '500': { rewrite: '/x' } },
        globalHeaders: { 'X-A': 1 },
      }),
    ).toThrow(
      /routes\[0\]\.route[\s\S]*unknown method FETCH[\s\S]*exclude each other[\s\S]*statusCode[\s\S]*navigationFallback\.rewrite[\s\S]*responseOverrides\.500[\s\S]*globalHeaders\.X-A/,
    );
  });

  it.each([
    ['/admin*', '/admin', true],
    ['/admin*', '/administrator/x', true],
    ['/admin/*', '/admin/users/1', true],
    // A path without a dot also matches as `<path>/index.html`, as in the Static Web Apps CLI emulator.
    ['/admin/*', '/admin', true],
    ['/admin/*', '/administrator', false],
    ['/*.html', '/dashboard', true],
    ['/*.html', '/auth/callback/', true],
    ['/*.{js,html}', '/v1.2/page', false],
    ['/index.html', '/dashboard', false],
    ['/calendar/*', '/calendar/index.html', true],
    ['/images/*.{png,jpg}', '/images/a/b.JPG', true],
    ['/images/*.{png,jpg}', '/images/a.svg', false],
    ['*.css', '/deep/x.css', true],
    ['/*.{js,css}', '/main.js', true],
    ['/*.{js,css}', '/route', false],
    ['/profile', '/profile/', true],
    ['/profile', '/profile/index.html', false],
    ['/profile/index.html', '/profile', true],
    ['/profile/index.html', '/profile/', true],
    ['/index.html', '/', true],
    ['/Login', '/login', true],
  ])('pattern %s vs %s -> %s', (pattern, requestPath, expected) => {
    expect(matchRoutePattern(pattern, requestPath)).toBe(expected);
  });

  it('picks the first rule whose route and methods match', () => {
    const routes = [
      { route: '/api*', methods: ['POST'], headers: { a: '1' } },
      { route: '/api*', headers: { a: '2' } },
    ];
    expect(findRouteRule(routes, '/api/x', 'post')?.headers).toEqual({ a: '1' });
    expect(findRouteRule(routes, '/api/x', 'GET')?.headers).toEqual({ a: '2' });
    expect(findRouteRule(routes, '/other', 'GET')).toBeUndefined();
  });
});

describe('static files and the SPA fallback', () => {
  it('serves the shell with the security headers', async () => {
    const reply = await request(gateway.url, '/');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(INDEX_HTML);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(reply.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(reply.headers['permissions-policy']).toContain('camera=()');
    expect(reply.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(reply.headers['cache-control']).toBe('no-cache');
  });

  it('answers a deep link with index.html (navigation fallback), never cached', async () => {
    for (const deep of ['/some/deep/route', '/admin/users?page=2', '/fr/formations/abc']) {
      const reply = await request(gateway.url, deep);
      expect(reply.status, deep).toBe(200);
      expect(reply.text, deep).toBe(INDEX_HTML);
      expect(reply.headers['cache-control'], deep).toBe('no-cache');
      expect(reply.headers['content-security-policy'], deep).toBeDefined();
    }
  });

  it('answers 404 (not the shell) for a missing asset or file with an extension', async () => {
    for (const missing of ['/assets/missing.js', '/assets/nested/missing.css', '/robots.txt', '/logo.png']) {
      const reply = await request(gateway.url, missing);
      expect(reply.status, missing).toBe(404);
      expect(reply.text, missing).not.toContain('SPA-SHELL');
      expect(reply.text, missing).toContain('STATIC-404'); // responseOverrides 404 -> /404.html
      expect(reply.headers['cache-control'], missing).not.toContain('immutable');
      expect(reply.headers['x-content-type-options'], missing).toBe('nosniff');
    }
  });

  it('serves hashed assets with their type, an immutable cache lifetime, ETag and 304', async () => {
    const reply = await request(gateway.url, '/assets/app-abc123.js');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(APP_JS);
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const etag = reply.headers.etag;
    expect(etag).toMatch(/^".+"$/);

    const again = await request(gateway.url, '/assets/app-abc123.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['x-content-type-options']).toBe('nosniff');

    const css = await request(gateway.url, '/assets/app-abc123.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const json = await request(gateway.url, '/data.json');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('answers HEAD with the headers and no body', async () => {
    const reply = await request(gateway.url, '/assets/app-abc123.js', { method: 'HEAD' });
    expect(reply.status).toBe(200);
    expect(reply.body.length).toBe(0);
    expect(Number(reply.headers['content-length'])).toBe(Buffer.byteLength(APP_JS));
    expect(reply.headers['content-security-policy']).toBeDefined();
  });

  it('compresses text with brotli or gzip as negotiated, with a distinct ETag', async () => {
    const br = await request(gateway.url, '/assets/app-abc123.js', {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('Accept-Encoding');
    expect(zlib.brotliDecompressSync(br.body).toString('utf8')).toBe(APP_JS);
    const gz = await request(gateway.url, '/assets/app-abc123.js', {
      headers: { 'accept-encoding': 'gzip, br;q=0' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString('utf8')).toBe(APP_JS);
    expect(gz.headers.etag).not.toBe(br.headers.etag);
  });

  it('serves a folder through its index.html and never lists a directory', async () => {
    expect((await request(gateway.url, '/docs/')).text).toBe('<p>DOCS-INDEX</p>');
    expect((await request(gateway.url, '/docs')).text).toBe('<p>DOCS-INDEX</p>');
    const assets = await request(gateway.url, '/assets/');
    expect(assets.status).toBe(404);
    expect(assets.text).not.toContain('app-abc123');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/assets/%00.js',
    '/assets/leak.txt',
    '/.env',
    '/%2eenv',
  ])('blocks path traversal and hidden files: %s', async (rawPath) => {
    const reply = await request(gateway.url, rawPath);
    expect(reply.text).not.toContain(SECRET);
    expect(reply.status === 200 ? reply.text : 'blocked').toMatch(/SPA-SHELL|blocked/);
  });

  it('rejects a malformed percent-encoding with 400', async () => {
    expect((await request(gateway.url, '/%E0%A4%A')).status).toBe(400);
  });

  it('refuses other methods on static content', async () => {
    const reply = await request(gateway.url, '/index.html', { method: 'POST', body: 'x' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
  });
});

describe('forwarding /api to the Functions host', () => {
  it('forwards method, path, query and body, and returns status, headers and body', async () => {
    const body = JSON.stringify({ hello: 'monde', n: 1 });
    const reply = await request(gateway.url, '/api/echo/a%2Fb?x=1&y=%C3%A9', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      body,
    });
    expect(reply.status).toBe(201);
    expect(reply.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    const echo = JSON.parse(reply.text) as Echo;
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe('/api/echo/a%2Fb?x=1&y=%C3%A9');
    expect(echo.body).toBe(body);
    expect(echo.headers['content-type']).toBe('application/json');
    // Global headers apply to api responses too.
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['content-security-policy']).toBeDefined();
  });

  it.each(['PUT', 'PATCH', 'DELETE', 'GET', 'OPTIONS'])('forwards %s', async (method) => {
    const reply = await request(gateway.url, '/api/anything', { method });
    expect((JSON.parse(reply.text) as Echo).method).toBe(method);
  });

  it('drops Authorization (as Static Web Apps does) and passes X-Authorization through', async () => {
    const reply = await request(gateway.url, '/api/me', {
      headers: {
        authorization: 'Bearer from-the-browser',
        'x-authorization': 'Bearer spa-token',
        'x-ms-client-principal': 'c3Bvb2ZlZA==',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
      },
    });
    const { headers } = JSON.parse(reply.text) as Echo;
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-authorization']).toBe('Bearer spa-token');
    expect(headers['x-ms-client-principal']).toBeUndefined();
    expect(headers['x-forwarded-host']).toBe(new URL(gateway.url).host);
    expect(headers['x-forwarded-proto']).toBe('http');
    // The caller's address (edge hop), then the edge's own (front end hop).
    expect(headers['x-forwarded-for']).toBe('127.0.0.1, 127.0.0.1');
    expect(headers.host).toBe(new URL(apiUrl).host);
  });

  it('appends to a caller-sent X-Forwarded-For, so the api can tell the spoofed part from its own', async () => {
    const reply = await request(gateway.url, '/api/me', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const { headers } = JSON.parse(reply.text) as Echo;
    expect(headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1, 127.0.0.1');
    expect(
      clientAddressOf({ headers: new Headers({ 'x-forwarded-for': headers['x-forwarded-for'] ?? '' }) }, 2),
    ).toBe('127.0.0.1');
  });

  it('preserves error statuses and the api headers, keeping a CSP the api set itself', async () => {
    const teapot = await request(gateway.url, '/api/status/418');
    expect(teapot.status).toBe(418);
    expect(teapot.headers['x-api-marker']).toBe('yes');
    expect(teapot.headers['content-type']).toBe('application/problem+json');
    const missing = await request(gateway.url, '/api/status/404');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('{"status":404}'); // no SPA fallback or 404 page for the api
    const own = await request(gateway.url, '/api/own-csp');
    expect(own.headers['content-security-policy']).toBe("default-src 'none'");
    expect(own.headers['x-content-type-options']).toBe('nosniff');
  });

  it('streams request and response bodies of several megabytes intact', async () => {
    const upload = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < upload.length; i += 1) upload[i] = (i * 31) % 251;
    const echo = JSON.parse(
      (
        await request(gateway.url, '/api/upload', {
          method: 'PUT',
          body: upload,
          headers: { 'transfer-encoding': 'chunked' },
        })
      ).text,
    ) as Echo;
    expect(echo.bodyLength).toBe(upload.length);
    expect(echo.bodySha256).toBe(createHash('sha256').update(upload).digest('hex'));
    const big = await request(gateway.url, '/api/big');
    expect(big.body.equals(Buffer.alloc(2 * 1024 * 1024, 7))).toBe(true);
  });

  it('streams the response as it comes (first chunk before the upstream finishes)', async () => {
    const url = new URL(gateway.url);
    const text = await new Promise<string>((resolve, reject) => {
      http
        .get({ hostname: url.hostname, port: url.port, path: '/api/stream' }, (res) => {
          let received = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            received += chunk;
            if (received === 'first\n') releaseStream();
          });
          res.on('end', () => {
            resolve(received);
          });
        })
        .on('error', reject);
    });
    expect(text).toBe('first\nlast\n');
  });

  it('answers 502 problem+json when the api is down, with the security headers', async () => {
    const probe = http.createServer();
    const deadUrl = await listen(probe);
    await close(probe);
    const orphan = await startGateway({
      port: 0,
      webRoot,
      apiTarget: deadUrl,
      log: () => undefined,
    });
    try {
      const reply = await request(orphan.url, '/api/health', { method: 'POST', body: '{}' });
      expect(reply.status).toBe(502);
      expect(reply.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(reply.text)).toMatchObject({ status: 502, code: 'API_UNAVAILABLE' });
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['content-security-policy']).toBeDefined();
      // Static content still works without the api.
      expect((await request(orphan.url, '/')).status).toBe(200);
    } finally {
      await orphan.stop();
    }
  });

  it('answers 504 problem+json when the api does not answer in time', async () => {
    const impatient = await startGateway({
      port: 0,
      webRoot,
      apiTarget: apiUrl,
      apiTimeoutMs: 200,
      log: () => undefined,
    });
    try {
      const reply = await request(impatient.url, '/api/hang');
      expect(reply.status).toBe(504);
      expect(JSON.parse(reply.text)).toMatchObject({ status: 504, code: 'API_TIMEOUT' });
    } finally {
      await impatient.stop();
    }
  });
});

/** A copy of the web root with its own staticwebapp.config.json: the gateway reads the config from there only. */
async function webRootWithConfig(name: string, config: unknown): Promise<string> {
  const root = path.join(tmp, name);
  await cp(webRoot, root, { recursive: true, verbatimSymlinks: true });
  await writeFile(path.join(root, 'staticwebapp.config.json'), JSON.stringify(config));
  return root;
}

describe('route rules of a custom config', () => {
  let custom: RunningGateway;
  let customConfigPath: string;
  const config = {
    routes: [
      { route: '/old-page', redirect: '/new-page', statusCode: 301 },
      { route: '/go', redirect: '/elsewhere' },
      { route: '/calendar*', rewrite: '/docs/index.html' },
      { route: '/members*', allowedRoles: ['authenticated'] },
      { route: '/blocked', statusCode: 404 },
      { route: '/legacy-api/*', rewrite: '/api/echo' },
      { route: '/assets/*', methods: ['GET'], headers: { 'X-Frame-Options': '', 'X-Route': 'assets-get' } },
      { route: '/assets/*', headers: { 'X-Route': 'assets-other' } },
      { route: '/api/*', headers: { 'X-Api-Route': 'yes' } },
    ],
    navigationFallback: { rewrite: 'index.html', exclude: ['/assets/*', '*.{js,css}'] },
    responseOverrides: { '401': { redirect: '/login', statusCode: 302 }, '404': { rewrite: '/404.html' } },
    globalHeaders: { 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff' },
    mimeTypes: { json: 'text/json' },
  };

  beforeAll(async () => {
    const root = await webRootWithConfig('custom', config);
    customConfigPath = path.join(root, 'staticwebapp.config.json');
    custom = await startGateway({ port: 0, webRoot: root, apiTarget: apiUrl, log: () => undefined });
  });

  afterAll(async () => {
    await custom.stop();
  });

  it('redirects with the configured status (302 by default)', async () => {
    const permanent = await request(custom.url, '/old-page');
    expect(permanent.status).toBe(301);
    expect(permanent.headers.location).toBe('/new-page');
    expect(permanent.headers['x-frame-options']).toBe('DENY');
    const temporary = await request(custom.url, '/go');
    expect(temporary.status).toBe(302);
    expect(temporary.headers.location).toBe('/elsewhere');
  });

  it('rewrites without changing the URL, to files and to the api', async () => {
    const page = await request(custom.url, '/calendar/2025/01');
    expect(page.status).toBe(200);
    expect(page.text).toBe('<p>DOCS-INDEX</p>');
    const api = await request(custom.url, '/legacy-api/x', { method: 'POST', body: 'hi' });
    expect((JSON.parse(api.text) as Echo).url).toBe('/api/echo');
    expect(api.headers['x-api-route']).toBeUndefined(); // the rule matched was /legacy-api/*, not /api/*
    expect((await request(custom.url, '/api/x')).headers['x-api-route']).toBe('yes');
  });

  it('answers 401 for a role-restricted route, through the 401 override', async () => {
    const reply = await request(custom.url, '/members/area');
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/login');
  });

  it('answers a statusCode rule through the 404 override', async () => {
    const reply = await request(custom.url, '/blocked');
    expect(reply.status).toBe(404);
    expect(reply.text).toContain('STATIC-404');
  });

  it('matches methods, merges headers and removes one set to an empty string', async () => {
    const get = await request(custom.url, '/assets/app-abc123.css');
    expect(get.headers['x-route']).toBe('assets-get');
    expect(get.headers['x-frame-options']).toBeUndefined();
    expect(get.headers['x-content-type-options']).toBe('nosniff');
    const head = await request(custom.url, '/assets/app-abc123.css', { method: 'HEAD' });
    expect(head.headers['x-route']).toBe('assets-other');
    expect(head.headers['x-frame-options']).toBe('DENY');
  });

  it('uses the configured MIME types and fallback exclusions', async () => {
    expect((await request(custom.url, '/data.json')).headers['content-type']).toBe('text/json');
    expect((await request(custom.url, '/deep/missing.js')).status).toBe(404);
    expect((await request(custom.url, '/deep/missing.png')).text).toBe(INDEX_HTML); // not excluded here
  });

  it('reloads the config when the file changes', async () => {
    await writeFile(customConfigPath, JSON.stringify({ ...config, globalHeaders: { 'X-Reloaded': 'yes' } }));
    const later = new Date(Date.now() + 5_000);
    await utimes(customConfigPath, later, later);
    expect((await request(custom.url, '/')).headers['x-reloaded']).toBe('yes');
  });
});

describe('the config comes from the build output only', () => {
  it('refuses to start without staticwebapp.config.json in the web root, naming the file', async () => {
    const bare = path.join(tmp, 'bare');
    await mkdir(bare, { recursive: true });
    await writeFile(path.join(bare, 'index.html'), INDEX_HTML);
    await expect(startGateway({ port: 0, webRoot: bare, apiTarget: apiUrl })).rejects.toThrow(
      `${path.join(bare, 'staticwebapp.config.json')} is missing`,
    );
  });

  it('never serves the config file itself (404, as Static Web Apps)', async () => {
    for (const rawPath of [
      '/staticwebapp.config.json',
      '/StaticWebApp.config.json',
      '/assets/staticwebapp.config.json',
    ]) {
      const reply = await request(gateway.url, rawPath);
      expect(reply.status, rawPath).toBe(404);
      expect(reply.text, rawPath).toContain('STATIC-404');
      expect(reply.text, rawPath).not.toContain('navigationFallback');
    }
  });
});

describe('a navigation-fallback exclude that matches the rewrite target', () => {
  let strict: RunningGateway;

  beforeAll(async () => {
    // The exclude the shipped config had: `html` among the extensions. Static Web Apps matches a deep link such as
    // /dashboard as /dashboard/index.html too, so this excludes every deep link from the fallback.
    const root = await webRootWithConfig('html-excluded', {
      navigationFallback: { rewrite: '/index.html', exclude: ['/assets/*', '/*.{js,css,html,png}'] },
      responseOverrides: { '404': { rewrite: '/404.html' } },
    });
    strict = await startGateway({ port: 0, webRoot: root, apiTarget: apiUrl, log: () => undefined });
  });

  afterAll(async () => {
    await strict.stop();
  });

  it('answers every deep link 404, as the Static Web Apps emulator does', async () => {
    for (const deep of ['/auth/callback?code=x&state=y', '/dashboard', '/fr/formations/abc', '/dashboard/']) {
      const reply = await request(strict.url, deep);
      expect(reply.status, deep).toBe(404);
      expect(reply.text, deep).toContain('STATIC-404');
    }
    // The shell itself is still served where it exists as a file.
    expect((await request(strict.url, '/')).text).toBe(INDEX_HTML);
  });
});

describe('lifecycle', () => {
  it('stop() closes the port, even with a keep-alive connection open', async () => {
    const temp = await startGateway({
      port: 0,
      webRoot,
      apiTarget: apiUrl,
      log: () => undefined,
    });
    expect(temp.name).toBe('gateway');
    const agent = new http.Agent({ keepAlive: true });
    const url = new URL(temp.url);
    await new Promise<void>((resolve, reject) => {
      http
        .get({ hostname: url.hostname, port: url.port, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    await temp.stop();
    await expect(request(temp.url, '/')).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });
});

describe('over HTTPS with HTTP/2, as Static Web Apps serves the app (SOINS_GATEWAY_TLS=1)', () => {
  let secure: RunningGateway;
  let tls: TlsMaterial;
  let session: http2.ClientHttp2Session;

  beforeAll(async () => {
    tls = await ensureTlsCertificate(path.join(tmp, 'tls'));
    secure = await startGateway({ port: 0, webRoot, apiTarget: apiUrl, log: () => undefined, tls });
    session = http2.connect(secure.url.replace('127.0.0.1', 'localhost'), { ca: tls.cert });
  });
  afterAll(async () => {
    session.close();
    await secure.stop();
  });

  const h2 = (
    requestPath: string,
    init: { method?: string; body?: string } = {},
  ): Promise<{ status: number; headers: http2.IncomingHttpHeaders; text: string }> =>
    new Promise((resolve, reject) => {
      const stream = session.request({ ':path': requestPath, ':method': init.method ?? 'GET' });
      let headers: http2.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      stream.on('response', (received) => {
        headers = received;
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        resolve({
          status: Number(headers[':status']),
          headers,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      stream.on('error', reject);
      stream.end(init.body);
    });

  it('negotiates HTTP/2 and serves the shell with the security headers, without pinning localhost to HTTPS', async () => {
    const reply = await h2('/');
    expect(session.alpnProtocol).toBe('h2');
    expect(secure.url).toMatch(/^https:\/\//);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(INDEX_HTML);
    expect(reply.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['strict-transport-security']).toBeUndefined();
  });

  it('forwards an api call without pseudo-headers or connection headers, with the public scheme and host', async () => {
    // The fake api answers chunked over a kept-alive connection: headers HTTP/2 forbids in a response.
    const reply = await h2('/api/echo?x=1', { method: 'POST', body: '{"a":1}' });
    expect(reply.status).toBe(201);
    const echo = JSON.parse(reply.text) as Echo;
    expect(echo).toMatchObject({ method: 'POST', url: '/api/echo?x=1', body: '{"a":1}' });
    expect(Object.keys(echo.headers).filter((name) => name.startsWith(':'))).toEqual([]);
    expect(echo.headers['x-forwarded-proto']).toBe('https');
    expect(echo.headers['x-forwarded-host']).toBe(new URL(secure.url.replace('127.0.0.1', 'localhost')).host);
    expect(reply.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect((await h2('/api/status/404')).status).toBe(404);
  });

  it('still answers HTTP/1.1 clients over TLS (the Stripe simulator posts its webhooks so)', async () => {
    const url = new URL(secure.url);
    const reply = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      https
        .get({ hostname: 'localhost', port: url.port, path: '/api/echo', ca: tls.cert }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
        })
        .on('error', reject);
    });
    expect(reply.status).toBe(201);
    expect((JSON.parse(reply.text) as Echo).headers['x-forwarded-proto']).toBe('https');
  });

  it('stop() closes its HTTP/2 sessions', async () => {
    const temp = await startGateway({
      port: 0,
      webRoot,
      apiTarget: apiUrl,
      log: () => undefined,
      tls,
    });
    const client = http2.connect(temp.url.replace('127.0.0.1', 'localhost'), { ca: tls.cert });
    const closed = new Promise<void>((resolve) => client.once('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const stream = client.request({ ':path': '/' });
      stream.resume();
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    await temp.stop();
    await closed;
  });
});

describe('local CSP additions', () => {
  it('appends sources to an existing directive once, and derives a missing one from default-src', () => {
    const policy = "default-src 'self'; media-src 'self' https://*.blob.core.windows.net; object-src 'none'";
    expect(extendCsp(policy, { 'media-src': ['http://127.0.0.1:10000', "'self'"] })).toBe(
      "default-src 'self'; media-src 'self' https://*.blob.core.windows.net http://127.0.0.1:10000; object-src 'none'",
    );
    expect(extendCsp("default-src 'self'; object-src 'none'", { 'media-src': ['http://127.0.0.1:1'] })).toBe(
      "default-src 'self'; object-src 'none'; media-src 'self' http://127.0.0.1:1",
    );
  });

  it("lets the deployed config play videos from this app's storage account only", async () => {
    const csp = String((await loadSwaConfig(configPath)).globalHeaders['Content-Security-Policy']);
    expect(csp).toContain("media-src 'self' https://soinsplusprod.blob.core.windows.net;");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it('fills, over a local build, exactly the two slots an Azure build fills (as local/start.ts wires it)', async () => {
    const azurite = 'http://127.0.0.1:10000';
    const identity = 'https://localhost:8443';
    const root = await webRootWithConfig(
      'local-build',
      JSON.parse(renderStaticWebAppConfig(SOURCE_CONFIG, 'local')),
    );
    const local = await startGateway({
      port: 0,
      webRoot: root,
      apiTarget: apiUrl,
      log: () => undefined,
      cspAdditions: { 'media-src': [azurite], 'connect-src': [identity, azurite] },
    });
    try {
      const served = (await request(local.url, '/dashboard')).headers['content-security-policy'];
      const directives = (csp: string): Map<string, string[]> =>
        new Map(
          csp.split(';').map((part) => {
            const [name = '', ...sources] = part.trim().split(/\s+/);
            return [name, sources.sort()];
          }),
        );
      const { globalHeaders } = JSON.parse(DEPLOYED_CONFIG) as { globalHeaders: Record<string, string> };
      const deployed = String(globalHeaders['Content-Security-Policy'])
        .replaceAll(DEPLOY_ENV.SOINS_CSP_BLOB_ORIGIN, azurite)
        .replace(DEPLOY_ENV.SOINS_CSP_AUTH_ORIGIN, identity);
      expect(directives(String(served))).toEqual(directives(deployed));
    } finally {
      await local.stop();
    }
  });
});
