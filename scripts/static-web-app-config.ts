// The deployed staticwebapp.config.json. `azd deploy` uploads web/dist with the Static Web Apps CLI, which reads the
// config from the app or output folder only, so the root file is a source: the web build renders it into
// web/dist/staticwebapp.config.json (a Vite plugin, so whoever runs `vite build` — `npm run build`, or azd's own
// `npm run build` in web/ — gets it), and the local gateway serves that copy only.
//
// The source names two deploy-time values as `{{NAME}}` placeholders inside the Content-Security-Policy:
//   SOINS_CSP_BLOB_ORIGIN  media-src, connect-src  this app's storage account blob endpoint (the video links, and
//                                                 the course builder's uploads straight to storage)
//   SOINS_CSP_AUTH_ORIGIN  connect-src             the sign-in authority (AUTH_AUTHORITY: discovery and token endpoints)
// An Azure build (SOINS_WEB_TARGET=azure, or any build run by azd, which sets AZURE_ENV_NAME) requires both as https
// origins and refuses an output that names localhost. A local build leaves both slots empty: the local gateway adds
// the local origins (Azurite, the local identity provider) at serve time, because their ports are only known then.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

export const CONFIG_FILE_NAME = 'staticwebapp.config.json';

/** Each deploy-time value: the CSP directives it belongs to, and what it is. */
export const CSP_PLACEHOLDERS = {
  SOINS_CSP_BLOB_ORIGIN: {
    directives: ['media-src', 'connect-src'],
    what: "the storage account's blob endpoint",
  },
  SOINS_CSP_AUTH_ORIGIN: { directives: ['connect-src'], what: 'the sign-in authority' },
} as const satisfies Record<string, { directives: readonly string[]; what: string }>;

export type CspPlaceholder = keyof typeof CSP_PLACEHOLDERS;
export type WebTarget = 'local' | 'azure';
type Env = Readonly<Record<string, string | undefined>>;

export class StaticWebAppConfigError extends Error {
  override readonly name = 'StaticWebAppConfigError';
}

const PLACEHOLDER = /\{\{([A-Z0-9_]+)\}\}/g;
const LOOPBACK = /localhost|127\.0\.0\.1|\[::1\]/i;

function isPlaceholder(name: string): name is CspPlaceholder {
  return Object.hasOwn(CSP_PLACEHOLDERS, name);
}

/** `SOINS_WEB_TARGET` when set; otherwise `azure` for a build run by azd (it always sets AZURE_ENV_NAME). */
export function webTarget(env: Env): WebTarget {
  const explicit = env.SOINS_WEB_TARGET;
  if (explicit === 'local' || explicit === 'azure') return explicit;
  if (explicit !== undefined && explicit !== '')
    throw new StaticWebAppConfigError(`SOINS_WEB_TARGET must be local or azure, got "${explicit}"`);
  return env.AZURE_ENV_NAME ? 'azure' : 'local';
}

/** The https origin of a deploy-time value (a full URL such as the blob endpoint or the authority is accepted). */
function httpsOrigin(name: CspPlaceholder, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StaticWebAppConfigError(`${name} must be an https URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' || url.username || url.password || LOOPBACK.test(url.hostname))
    throw new StaticWebAppConfigError(`${name} must be a public https origin, got "${value}"`);
  return url.origin;
}

function deployValues(env: Env): Record<CspPlaceholder, string> {
  const names = Object.keys(CSP_PLACEHOLDERS) as CspPlaceholder[];
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new StaticWebAppConfigError(
      `an Azure build (SOINS_WEB_TARGET=azure, or azd) needs ${missing
        .map((name) => `${name} (${CSP_PLACEHOLDERS[name].what})`)
        .join(' and ')}`,
    );
  return Object.fromEntries(names.map((name) => [name, httpsOrigin(name, env[name] ?? '')])) as Record<
    CspPlaceholder,
    string
  >;
}

/** Replaces the placeholders of one string value; a local build drops them (and the space before them). */
function substitute(text: string, values: Record<CspPlaceholder, string> | undefined): string {
  return text.replace(new RegExp(`\\s*${PLACEHOLDER.source}`, 'g'), (_match, name: string) =>
    values && isPlaceholder(name) ? ` ${values[name]}` : '',
  );
}

/**
 * Each placeholder appears once in each directive it is meant for, and nowhere else: a deploy value can never
 * widen another directive, and a source that lost a placeholder cannot silently deploy without that origin.
 */
function checkPlaceholders(csp: string): void {
  const seen = new Map<string, number>();
  for (const directive of csp.split(';')) {
    const [name = ''] = directive.trim().split(/\s+/);
    for (const [, placeholder = ''] of directive.matchAll(PLACEHOLDER)) {
      if (!isPlaceholder(placeholder))
        throw new StaticWebAppConfigError(`unknown placeholder {{${placeholder}}}`);
      const expected: readonly string[] = CSP_PLACEHOLDERS[placeholder].directives;
      if (!expected.includes(name))
        throw new StaticWebAppConfigError(
          `{{${placeholder}}} belongs in ${expected.join(' and ')}, found in ${name}`,
        );
      const key = `${placeholder} ${name}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  for (const [name, { directives }] of Object.entries(CSP_PLACEHOLDERS)) {
    for (const directive of directives) {
      if (seen.get(`${name} ${directive}`) !== 1)
        throw new StaticWebAppConfigError(
          `the Content-Security-Policy must name {{${name}}} exactly once in ${directive}`,
        );
    }
  }
}

/** The config to deploy (or serve locally) from the root source, as formatted JSON. */
export function renderStaticWebAppConfig(sourceText: string, target: WebTarget, env: Env = {}): string {
  let source: { globalHeaders?: Record<string, unknown> };
  try {
    source = JSON.parse(sourceText) as typeof source;
  } catch (error) {
    throw new StaticWebAppConfigError(`${CONFIG_FILE_NAME} is not valid JSON: ${(error as Error).message}`);
  }
  const csp = source.globalHeaders?.['Content-Security-Policy'];
  if (typeof csp !== 'string')
    throw new StaticWebAppConfigError(`${CONFIG_FILE_NAME} has no globalHeaders Content-Security-Policy`);
  checkPlaceholders(csp);
  const others = JSON.stringify({
    ...source,
    globalHeaders: { ...source.globalHeaders, 'Content-Security-Policy': '' },
  });
  if (others.includes('{{'))
    throw new StaticWebAppConfigError('placeholders are only allowed in the Content-Security-Policy');
  const values = target === 'azure' ? deployValues(env) : undefined;
  const rendered = {
    ...source,
    globalHeaders: { ...source.globalHeaders, 'Content-Security-Policy': substitute(csp, values) },
  };
  const text = `${JSON.stringify(rendered, null, 2)}\n`;
  if (target === 'azure' && LOOPBACK.test(text))
    throw new StaticWebAppConfigError(
      `the Azure ${CONFIG_FILE_NAME} must not name localhost or a loopback address`,
    );
  return text;
}

/** Vite plugin: emits the rendered config into the build output (build only; the dev server does not need it). */
export function staticWebAppConfig(options: { readonly source: string; readonly env?: Env }): Plugin {
  let rendered = '';
  return {
    name: 'soins:static-web-app-config',
    apply: 'build',
    buildStart() {
      this.addWatchFile(options.source);
      const env = options.env ?? process.env;
      try {
        rendered = renderStaticWebAppConfig(readFileSync(options.source, 'utf8'), webTarget(env), env);
      } catch (error) {
        if (!(error instanceof StaticWebAppConfigError)) throw error;
        // One clear line instead of a bundler stack trace.
        process.stderr.write(`${CONFIG_FILE_NAME}: ${error.message}\n`);
        process.exit(1);
      }
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: CONFIG_FILE_NAME, source: rendered });
    },
  };
}
