// The deployed staticwebapp.config.json: what an Azure build writes (deploy-time origins, no localhost), what a
// local build writes, and that a deploy build without its values stops with one line.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  renderStaticWebAppConfig,
  StaticWebAppConfigError,
  webTarget,
  type WebTarget,
} from './static-web-app-config';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = readFileSync(`${root}staticwebapp.config.json`, 'utf8');
const DEPLOY_ENV = {
  SOINS_CSP_BLOB_ORIGIN: 'https://soinsplusprod.blob.core.windows.net/',
  SOINS_CSP_AUTH_ORIGIN: 'https://soinsplus.ciamlogin.com/0c8f1f4e-0000-4000-8000-000000000000/',
};

function cspOf(text: string): Map<string, string[]> {
  const config = JSON.parse(text) as { globalHeaders: Record<string, string> };
  const csp = config.globalHeaders['Content-Security-Policy'] ?? '';
  return new Map(
    csp
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

function render(target: WebTarget, env: Record<string, string> = {}): string {
  return renderStaticWebAppConfig(SOURCE, target, env);
}

describe('the Azure build of staticwebapp.config.json', () => {
  const deployed = render('azure', DEPLOY_ENV);
  const csp = cspOf(deployed);

  it('names no localhost or loopback address anywhere', () => {
    expect(deployed).not.toMatch(/localhost|127\.0\.0\.1|\[::1\]/i);
    expect(deployed).not.toContain('{{');
  });

  it("names this app's storage account in media-src and connect-src (uploads), its authority in connect-src, as origins", () => {
    expect(csp.get('media-src')).toEqual(["'self'", 'https://soinsplusprod.blob.core.windows.net']);
    expect(csp.get('connect-src')).toContain('https://soinsplus.ciamlogin.com');
    expect(csp.get('connect-src')).toContain('https://soinsplusprod.blob.core.windows.net');
    expect(csp.get('connect-src')).not.toContain('https://*.ciamlogin.com');
    expect(deployed).not.toContain('*.blob.core.windows.net');
  });

  it('allows every third-party origin the SPA calls: Sentry ingest and Microsoft Clarity with c.bing.com', () => {
    expect(csp.get('script-src')).toEqual(["'self'", 'https://*.clarity.ms']);
    for (const directive of ['img-src', 'connect-src'])
      expect(csp.get(directive), directive).toEqual(
        expect.arrayContaining(['https://*.clarity.ms', 'https://c.bing.com']),
      );
    expect(csp.get('connect-src')).toEqual(
      expect.arrayContaining(['https://*.ingest.sentry.io', 'https://*.ingest.de.sentry.io']),
    );
  });

  it('keeps the rest of the policy strict', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(deployed).not.toContain('unsafe-inline');
    expect(deployed).not.toContain('unsafe-eval');
  });

  it('stops with one line naming the missing values', () => {
    const attempt = (): string =>
      render('azure', { SOINS_CSP_AUTH_ORIGIN: DEPLOY_ENV.SOINS_CSP_AUTH_ORIGIN });
    expect(attempt).toThrow(StaticWebAppConfigError);
    expect(attempt).toThrow(
      /^an Azure build .*needs SOINS_CSP_BLOB_ORIGIN \(the storage account's blob endpoint\)$/,
    );
    expect(() => render('azure')).toThrow(/SOINS_CSP_BLOB_ORIGIN .* and SOINS_CSP_AUTH_ORIGIN/);
  });

  it.each([
    ['http://soinsplusprod.blob.core.windows.net'],
    ['https://localhost:10000'],
    ['https://127.0.0.1'],
    ['https://user:pw@soinsplusprod.blob.core.windows.net'],
    ['soinsplusprod.blob.core.windows.net'],
  ])('refuses %s as an origin', (value) => {
    expect(() => render('azure', { ...DEPLOY_ENV, SOINS_CSP_BLOB_ORIGIN: value })).toThrow(
      /^SOINS_CSP_BLOB_ORIGIN must be a(n| public) https/,
    );
  });
});

describe('the local build of staticwebapp.config.json', () => {
  it('leaves both deploy-time slots empty (the local gateway adds the local origins at serve time)', () => {
    const local = render('local', DEPLOY_ENV);
    const csp = cspOf(local);
    expect(local).not.toContain('{{');
    expect(csp.get('media-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).not.toContain('https://soinsplus.ciamlogin.com');
    expect(csp.get('connect-src')).not.toContain('https://soinsplusprod.blob.core.windows.net');
    // Everything but the two deploy-time origins is the same policy as the Azure build.
    const deployed = cspOf(render('azure', DEPLOY_ENV));
    deployed.set('media-src', ["'self'"]);
    deployed.set(
      'connect-src',
      (deployed.get('connect-src') ?? []).filter(
        (source) =>
          source !== 'https://soinsplus.ciamlogin.com' &&
          source !== 'https://soinsplusprod.blob.core.windows.net',
      ),
    );
    expect(csp).toEqual(deployed);
  });
});

describe('the source file', () => {
  const withCsp = (csp: string): string =>
    JSON.stringify({ globalHeaders: { 'Content-Security-Policy': csp } });

  it('must name each placeholder once in each of its own directives', () => {
    expect(() =>
      renderStaticWebAppConfig(
        withCsp("media-src 'self' {{SOINS_CSP_AUTH_ORIGIN}}; connect-src 'self' {{SOINS_CSP_BLOB_ORIGIN}}"),
        'local',
      ),
    ).toThrow(/SOINS_CSP_AUTH_ORIGIN\}\} belongs in connect-src, found in media-src/);
    expect(() =>
      renderStaticWebAppConfig(
        withCsp("media-src 'self' {{SOINS_CSP_BLOB_ORIGIN}}; connect-src 'self' {{SOINS_CSP_BLOB_ORIGIN}}"),
        'local',
      ),
    ).toThrow(/must name \{\{SOINS_CSP_AUTH_ORIGIN\}\} exactly once in connect-src/);
    // The blob origin in media-src only: the course builder's uploads would be blocked.
    expect(() =>
      renderStaticWebAppConfig(
        withCsp("media-src 'self' {{SOINS_CSP_BLOB_ORIGIN}}; connect-src 'self' {{SOINS_CSP_AUTH_ORIGIN}}"),
        'local',
      ),
    ).toThrow(/must name \{\{SOINS_CSP_BLOB_ORIGIN\}\} exactly once in connect-src/);
    expect(() =>
      renderStaticWebAppConfig(
        withCsp("media-src 'self'; connect-src 'self' {{SOINS_CSP_AUTH_ORIGIN}} {{SOINS_CSP_BLOB_ORIGIN}}"),
        'local',
      ),
    ).toThrow(/must name \{\{SOINS_CSP_BLOB_ORIGIN\}\} exactly once in media-src/);
    expect(() => renderStaticWebAppConfig(withCsp("media-src 'self' {{SOINS_CSP_VIDEO}}"), 'local')).toThrow(
      /unknown placeholder \{\{SOINS_CSP_VIDEO\}\}/,
    );
  });
});

describe('the build target', () => {
  it('is azure for a build run by azd, local otherwise, unless SOINS_WEB_TARGET says so', () => {
    expect(webTarget({})).toBe('local');
    expect(webTarget({ AZURE_ENV_NAME: 'prod' })).toBe('azure');
    expect(webTarget({ SOINS_WEB_TARGET: 'azure' })).toBe('azure');
    expect(webTarget({ AZURE_ENV_NAME: 'prod', SOINS_WEB_TARGET: 'local' })).toBe('local');
    expect(() => webTarget({ SOINS_WEB_TARGET: 'prod' })).toThrow(/must be local or azure/);
  });

  it('a web build for Azure without the values stops before building, with one line', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, AZURE_ENV_NAME: 'soins-test' };
    delete env.SOINS_WEB_TARGET;
    delete env.SOINS_CSP_BLOB_ORIGIN;
    delete env.SOINS_CSP_AUTH_ORIGIN;
    const run = spawnSync(
      process.execPath,
      [`${root}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'silent'],
      { cwd: `${root}web`, env, encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      "staticwebapp.config.json: an Azure build (SOINS_WEB_TARGET=azure, or azd) needs SOINS_CSP_BLOB_ORIGIN (the storage account's blob endpoint) and SOINS_CSP_AUTH_ORIGIN (the sign-in authority)",
    );
  }, 120_000);
});
