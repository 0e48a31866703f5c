// The SPA's real sign-in library against the local identity provider: @azure/msal-browser (the web
// workspace's version) in Debian's Chromium, configured as the SPA must be (authority = issuer,
// knownAuthorities = [host], system.protocolMode 'OIDC'): loginRedirect, silent renewal with rotating
// refresh tokens, prompt=create, logoutRedirect. Skipped when Chromium or the web workspace is missing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { chromium, type Browser, type Page } from '@playwright/test';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, repoRoot } from '../lib/service';
import { tlsAgent } from './oidc-test-client';
import { API_AUDIENCE, API_SCOPE, startIdentityProvider, type RunningIdentityProvider } from './provider';

const CHROMIUM = process.env.SOINS_CHROMIUM ?? '/usr/bin/chromium';

/** Directory of the web workspace's @azure/msal-browser, if installed. */
function msalBrowserDir(): string | undefined {
  try {
    const main = createRequire(join(repoRoot(), 'web', 'package.json')).resolve('@azure/msal-browser');
    let dir = dirname(main);
    while (!existsSync(join(dir, 'package.json')) || !dir.endsWith('msal-browser')) {
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
    return dir;
  } catch {
    return undefined;
  }
}

const msalDir = msalBrowserDir();
const canRun = existsSync(CHROMIUM) && msalDir !== undefined;

// Browser code, bundled with esbuild (kept as a string: the repository's type-check has no DOM lib).
const APP = `
import { CacheLookupPolicy, LogLevel, ProtocolMode, PublicClientApplication } from '@azure/msal-browser';
const issuer = window.__issuer;
const origin = window.location.origin;
const scopes = [${JSON.stringify(API_SCOPE)}];
const logs = [];
const pca = new PublicClientApplication({
  auth: {
    clientId: 'soins-spa',
    authority: issuer,
    knownAuthorities: [new URL(issuer).host],
    redirectUri: origin + '/auth/callback',
    postLogoutRedirectUri: origin + '/',
  },
  cache: { cacheLocation: 'sessionStorage' },
  system: {
    protocolMode: ProtocolMode.OIDC,
    loggerOptions: { logLevel: LogLevel.Warning, piiLoggingEnabled: false, loggerCallback: (_l, m) => logs.push(m) },
  },
});
const app = { logs };
window.__app = app;
(async () => {
  await pca.initialize();
  try {
    const r = await pca.handleRedirectPromise({ navigateToLoginRequestUrl: false });
    if (r) {
      pca.setActiveAccount(r.account);
      app.result = { accessToken: r.accessToken, scopes: r.scopes, account: { username: r.account.username, name: r.account.name, homeAccountId: r.account.homeAccountId }, idTokenClaims: r.idTokenClaims };
    }
  } catch (e) {
    app.error = String(e);
  }
  app.login = (prompt) => pca.loginRedirect({ scopes, extraQueryParameters: { ui_locales: 'nl' }, ...(prompt ? { prompt } : {}) });
  app.silent = async (force) => {
    const account = pca.getActiveAccount() || pca.getAllAccounts()[0];
    const r = await pca.acquireTokenSilent({ scopes, account, cacheLookupPolicy: force ? CacheLookupPolicy.RefreshToken : CacheLookupPolicy.AccessTokenAndRefreshToken });
    return { accessToken: r.accessToken, fromCache: r.fromCache };
  };
  app.logout = () => pca.logoutRedirect({ account: pca.getActiveAccount() || undefined, extraQueryParameters: { ui_locales: 'nl' } });
  app.accountCount = () => pca.getAllAccounts().length;
  app.ready = true;
})();
`;

interface AppState {
  result?: {
    accessToken: string;
    scopes: string[];
    account: { username: string; name?: string; homeAccountId: string };
    idTokenClaims: Record<string, unknown>;
  };
  error?: string;
}

describe.skipIf(!canRun)('MSAL browser against the local identity provider', () => {
  let idp: RunningIdentityProvider;
  let dataDir: string;
  let server: http.Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: APP, resolveDir: repoRoot(), loader: 'js' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
      alias: { '@azure/msal-browser': msalDir ?? '' },
    });
    const js = bundle.outputFiles[0]?.text ?? '';
    const spaPort = await findFreePort();
    origin = `http://localhost:${spaPort}`;
    dataDir = mkdtempSync(join(tmpdir(), 'soins-idp-msal-'));
    idp = await startIdentityProvider({ port: await findFreePort(), dataDir, spaOrigins: [origin] });
    const html = `<!doctype html><html lang="fr"><head><title>SPA</title></head><body><script>window.__issuer=${JSON.stringify(idp.issuer)}</script><script type="module" src="/app.js"></script></body></html>`;
    server = http.createServer((req, res) => {
      const isScript = req.url === '/app.js';
      res.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html' });
      res.end(isScript ? js : html);
    });
    await new Promise<void>((resolve) => server.listen(spaPort, '127.0.0.1', resolve));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--ignore-certificate-errors'],
    });
  });

  afterAll(async () => {
    await browser.close();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    await idp.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ready = (page: Page): Promise<unknown> =>
    page.waitForFunction(
      () => (globalThis as unknown as { __app?: { ready?: boolean } }).__app?.ready === true,
    );

  it('signs in with loginRedirect, renews silently with rotating refresh tokens and signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await ready(page);
    await page.evaluate(() => {
      void (globalThis as unknown as { __app: { login: () => Promise<void> } }).__app.login();
    });
    await page.waitForURL(/\/interaction\//);
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await page.fill('#email', 'jan.peeters@demo.soins.plus');
    await page.fill('#password', 'SoinsDemo-2026!');
    await page.click('button[type=submit]');
    await page.waitForURL(`${origin}/auth/callback**`);
    await ready(page);
    const state = (await page.evaluate(() => {
      const app = (globalThis as unknown as { __app: { result?: unknown; error?: unknown; logs: unknown } })
        .__app;
      return { result: app.result, error: app.error };
    })) as AppState;
    expect(state.error).toBeUndefined();
    const result = state.result;
    if (!result) throw new Error('no MSAL result');
    expect(result.account).toMatchObject({ username: 'jan.peeters@demo.soins.plus', name: 'Jan Peeters' });
    expect(result.idTokenClaims).toMatchObject({ sub: 'demo-learner-jan', locale: 'nl', iss: idp.issuer });
    expect(result.scopes).toContain(API_SCOPE);

    const agent = tlsAgent(idp.caCertPath);
    const jwksRes = await fetch(`${idp.issuer}/jwks`, { dispatcher: agent });
    const jwks = createLocalJWKSet((await jwksRes.json()) as JSONWebKeySet);
    const { payload } = await jwtVerify(result.accessToken, jwks, {
      issuer: idp.issuer,
      audience: API_AUDIENCE,
      algorithms: ['RS256'],
      typ: 'at+jwt',
    });
    expect(payload).toMatchObject({
      sub: 'demo-learner-jan',
      email: 'jan.peeters@demo.soins.plus',
      locale: 'nl',
    });
    await agent.close();

    const silent = (force: boolean): Promise<{ accessToken: string; fromCache: boolean }> =>
      page.evaluate(
        (f) =>
          (
            globalThis as unknown as {
              __app: { silent: (force: boolean) => Promise<{ accessToken: string; fromCache: boolean }> };
            }
          ).__app.silent(f),
        force,
      );
    const cached = await silent(false);
    expect(cached).toEqual({ accessToken: result.accessToken, fromCache: true });
    const renewed = await silent(true);
    expect(renewed.fromCache).toBe(false);
    expect(renewed.accessToken).not.toBe(result.accessToken);
    const renewedAgain = await silent(true);
    expect(renewedAgain.accessToken).not.toBe(renewed.accessToken);

    await page.evaluate(() => {
      void (globalThis as unknown as { __app: { logout: () => Promise<void> } }).__app.logout();
    });
    await page.waitForURL(new RegExp(`^${origin.replace(/[.:/]/g, '\\$&')}/\\?state=`));
    await ready(page);
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { __app: { accountCount: () => number } }).__app.accountCount(),
      ),
    ).toBe(0);
    await page.close();
  });

  it('opens the sign-up page for prompt=create', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await ready(page);
    await page.evaluate(() => {
      void (globalThis as unknown as { __app: { login: (prompt: string) => Promise<void> } }).__app.login(
        'create',
      );
    });
    await page.waitForURL(/\/interaction\//);
    expect(await page.locator('form[action$="/signup"]').count()).toBe(1);
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await page.close();
  });
});
