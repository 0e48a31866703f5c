// Parity of the local gateway with Static Web Apps: the same requests against the gateway and against the Static
// Web Apps CLI emulator (`swa start`, @azure/static-web-apps-cli 2.0.10, Microsoft's local mirror of the service),
// each serving the same folder with the staticwebapp.config.json an Azure build writes there and forwarding /api to
// the same upstream. Both must agree on deep links, assets and their Cache-Control, the 404 override, excluded
// paths, the security headers and /api forwarding.
//
// Where the emulator is known to differ from Azure, only the gateway is tested (local/gateway.test.ts):
// - it passes the caller's `Authorization` header to the api (and invents one from its auth cookie); Static Web Apps
//   overwrites it on requests to a linked backend, and so does the gateway;
// - it adds no globalHeaders to 404 pages nor to api responses;
// - its wildcard-with-extensions patterns lose the dot (`/*.{png}` matches `/xpng`), so a deep link whose last
//   segment ends in an excluded extension name (e.g. `/x/sitemap`) answers 404 there: none is requested here;
// - it answers `Content-Type: text/html` without a charset.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStaticWebAppConfig } from '../scripts/static-web-app-config';
import { startGateway, type RunningGateway } from './gateway';
import { findFreePort, waitUntil } from './lib/service';

const repo = fileURLToPath(new URL('..', import.meta.url));
const SWA_CLI = path.join(repo, 'node_modules', '@azure', 'static-web-apps-cli', 'dist', 'cli', 'bin.js');
const DEPLOYED_CONFIG = renderStaticWebAppConfig(
  readFileSync(path.join(repo, 'staticwebapp.config.json'), 'utf8'),
  'azure',
  {
    SOINS_CSP_BLOB_ORIGIN: 'https://soinsplusprod.blob.core.windows.net',
    SOINS_CSP_AUTH_ORIGIN: 'https://soinsplus.ciamlogin.com',
  },
);
const DEPLOYED_CSP = (JSON.parse(DEPLOYED_CONFIG) as { globalHeaders: Record<string, string> }).globalHeaders[
  'Content-Security-Policy'
];
/** The exclude the shipped config had (`html` among the extensions): it excludes every deep link. */
const HTML_EXCLUDED_CONFIG = JSON.stringify({
  navigationFallback: { rewrite: '/index.html', exclude: ['/assets/*', '/*.{js,css,html,png}'] },
  responseOverrides: { '404': { rewrite: '/404.html' } },
});

const INDEX_HTML =
  '<!doctype html><html lang="fr"><head><title>SOINS+</title></head><body>SPA-SHELL</body></html>';
const NOT_FOUND_HTML = '<!doctype html><html><body>STATIC-404</body></html>';
const APP_JS = 'export const answer = 42;\n';
const DEEP_LINKS = [
  '/auth/callback?code=abc&state=xyz',
  '/dashboard',
  '/fr/formations/abc-123',
  '/dashboard/',
];

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

function request(
  base: string,
  rawPath: string,
  options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {},
): Promise<Reply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: rawPath,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function writeDist(dir: string, config: string): Promise<void> {
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(dir, '404.html'), NOT_FOUND_HTML);
  await writeFile(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(dir, 'assets', 'app-abc123.js'), APP_JS);
  await writeFile(path.join(dir, 'staticwebapp.config.json'), config);
}

interface Emulator {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * `swa start <dist> --api-devserver-url <api>` in its own process group (it runs the server through
 * `concurrently` and a shell), with the config read from the served folder. Ready once it serves `/`.
 */
async function startSwaEmulator(dist: string, apiUrl: string): Promise<Emulator> {
  const port = await findFreePort();
  const output: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      SWA_CLI,
      'start',
      dist,
      '--swa-config-location',
      dist,
      '--api-devserver-url',
      apiUrl,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    {
      cwd: path.dirname(dist),
      env: { ...process.env, NO_UPDATE_NOTIFIER: '1', SWA_CLI_DEBUG: undefined },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error('the emulator exited');
        return request(url, '/').then(
          (reply) => reply.status === 200,
          () => false,
        );
      },
      'the Static Web Apps CLI emulator',
      { timeoutMs: 90_000, intervalMs: 250 },
    );
  } catch (error) {
    await stop();
    throw new Error(`swa start failed: ${(error as Error).message}\n${output.join('')}`, { cause: error });
  }
  return { url, stop };
}

interface Echo {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

let tmp: string;
let api: http.Server | undefined;
const servers = new Map<string, { shipped: string; htmlExcluded: string }>();
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'soins-swa-parity-'));
  const shippedDist = path.join(tmp, 'shipped', 'dist');
  const htmlExcludedDist = path.join(tmp, 'html-excluded', 'dist');
  await writeDist(shippedDist, DEPLOYED_CONFIG);
  await writeDist(htmlExcludedDist, HTML_EXCLUDED_CONFIG);

  api = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      if (url === '/admin/functions') {
        // The emulator asks the Functions host which triggers it has.
        res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
        return;
      }
      if (url.startsWith('/api/status/')) {
        const status = Number(url.slice('/api/status/'.length));
        res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status }));
        return;
      }
      const echo: Echo = { method: req.method ?? '', url, body: Buffer.concat(chunks).toString('utf8') };
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(echo));
    });
  });
  const upstream = api;
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

  const gateways: RunningGateway[] = await Promise.all(
    [shippedDist, htmlExcludedDist].map((webRoot) =>
      startGateway({ port: 0, webRoot, apiTarget: apiUrl, log: () => undefined }),
    ),
  );
  for (const gateway of gateways) stops.push(() => gateway.stop());
  const [shippedGateway, htmlExcludedGateway] = gateways;
  servers.set('gateway', {
    shipped: shippedGateway?.url ?? '',
    htmlExcluded: htmlExcludedGateway?.url ?? '',
  });

  const emulators = await Promise.allSettled(
    [shippedDist, htmlExcludedDist].map((dist) => startSwaEmulator(dist, apiUrl)),
  );
  for (const started of emulators) if (started.status === 'fulfilled') stops.push(() => started.value.stop());
  const [shippedEmulator, htmlExcludedEmulator] = emulators;
  if (shippedEmulator?.status !== 'fulfilled') throw shippedEmulator?.reason;
  if (htmlExcludedEmulator?.status !== 'fulfilled') throw htmlExcludedEmulator?.reason;
  servers.set('swa-cli', {
    shipped: shippedEmulator.value.url,
    htmlExcluded: htmlExcludedEmulator.value.url,
  });
}, 180_000);

afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
  await new Promise<void>((resolve) => {
    if (api === undefined) resolve();
    else
      api.close(() => {
        resolve();
      });
  });
  if (tmp) await rm(tmp, { recursive: true, force: true });
}, 30_000);

function expectSecurityHeaders(reply: Reply, where: string): void {
  expect(reply.headers['content-security-policy'], where).toBe(DEPLOYED_CSP);
  expect(reply.headers['content-security-policy'], where).toContain("frame-ancestors 'none'");
  expect(reply.headers['strict-transport-security'], where).toBe('max-age=31536000; includeSubDomains');
  expect(reply.headers['x-content-type-options'], where).toBe('nosniff');
  expect(reply.headers['referrer-policy'], where).toBe('strict-origin-when-cross-origin');
  expect(reply.headers['x-frame-options'], where).toBe('DENY');
}

const mediaType = (reply: Reply): string => String(reply.headers['content-type']).split(';')[0] ?? '';

describe.each(['gateway', 'swa-cli'])('%s, serving the deployed staticwebapp.config.json', (name) => {
  const base = (): string => servers.get(name)?.shipped ?? '';

  it('serves the shell at / with the security headers, never cached', async () => {
    const reply = await request(base(), '/');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(INDEX_HTML);
    expect(mediaType(reply)).toBe('text/html');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(reply, '/');
  });

  it('answers deep links (the sign-in callback included) with the shell: the navigation fallback', async () => {
    for (const deep of DEEP_LINKS) {
      const reply = await request(base(), deep);
      expect(reply.status, deep).toBe(200);
      expect(reply.text, deep).toBe(INDEX_HTML);
      expect(reply.headers['cache-control'], deep).toBe('no-cache');
      expectSecurityHeaders(reply, deep);
    }
  });

  it('serves hashed assets with an immutable cache lifetime and the security headers', async () => {
    const reply = await request(base(), '/assets/app-abc123.js');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(APP_JS);
    expect(mediaType(reply)).toBe('text/javascript');
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(reply, 'asset');
    const icon = await request(base(), '/favicon.svg');
    expect(icon.status).toBe(200);
    expect(mediaType(icon)).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers excluded paths that do not exist with the 404 override, not the shell', async () => {
    for (const missing of ['/assets/missing.js', '/assets/nested/missing.css', '/robots.txt', '/logo.png']) {
      const reply = await request(base(), missing);
      expect(reply.status, missing).toBe(404);
      expect(reply.text, missing).toBe(NOT_FOUND_HTML);
      expect(reply.headers['cache-control'] ?? '', missing).not.toContain('immutable');
    }
  });

  it('never serves staticwebapp.config.json itself', async () => {
    const reply = await request(base(), '/staticwebapp.config.json');
    expect(reply.status).toBe(404);
    expect(reply.text).toBe(NOT_FOUND_HTML);
  });

  it('forwards /api/* to the Functions host: method, path, query, body and status', async () => {
    const body = JSON.stringify({ hello: 'monde' });
    const reply = await request(base(), '/api/echo/abc?x=1&y=%C3%A9', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      body,
    });
    expect(reply.status).toBe(201);
    expect(JSON.parse(reply.text)).toEqual({ method: 'POST', url: '/api/echo/abc?x=1&y=%C3%A9', body });
    const missing = await request(base(), '/api/status/404');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('{"status":404}'); // neither the fallback nor the 404 page for the api
    expect((await request(base(), '/api/status/418')).status).toBe(418);
  });
});

describe.each(['gateway', 'swa-cli'])('%s, with a fallback exclude that matches /index.html', (name) => {
  it('answers every deep link 404 (the shipped config had `html` in its exclude)', async () => {
    const base = servers.get(name)?.htmlExcluded ?? '';
    for (const deep of DEEP_LINKS) {
      const reply = await request(base, deep);
      expect(reply.status, deep).toBe(404);
      expect(reply.text, deep).toBe(NOT_FOUND_HTML);
    }
    expect((await request(base, '/')).text).toBe(INDEX_HTML);
  });
});
