// What the azd hooks check and do, as plain functions (the hook entry points only read the environment,
// call Azure and print). azd runs every hook with the environment's values (.azure/<env>/.env) as
// environment variables, and reloads the environment after a hook.
import { generateKey } from '../../api/src/adapters/crypto/field-cipher';
import { entraApiScope, entraV2TenantOf, guidPattern } from '../../api/src/adapters/identity/entra';

type Env = Readonly<Record<string, string | undefined>>;

interface Requirement {
  readonly name: string;
  readonly test: RegExp;
  readonly what: string;
  readonly how: string;
}

const entraHow = 'npm run azure:entra (docs/deployment.md, step 2)';

/** azd environment values provisioning needs, with their shape (checked before anything is created). */
export const REQUIRED: readonly Requirement[] = [
  {
    name: 'AUTH_TENANT_ID',
    test: guidPattern,
    what: 'the External ID tenant id (a GUID)',
    how: 'azd env set AUTH_TENANT_ID <guid>',
  },
  {
    name: 'AUTH_TENANT_SUBDOMAIN',
    test: /^[a-z0-9][a-z0-9-]{0,62}$/,
    what: 'the tenant subdomain of https://<subdomain>.ciamlogin.com/',
    how: 'azd env set AUTH_TENANT_SUBDOMAIN <subdomain>',
  },
  { name: 'AUTH_CLIENT_ID', test: guidPattern, what: "the SPA registration's application id", how: entraHow },
  {
    name: 'AUTH_API_CLIENT_ID',
    test: guidPattern,
    what: "the api registration's application id",
    how: entraHow,
  },
  {
    name: 'STRIPE_PRICE_MONTHLY',
    test: /^price_\S+$/,
    what: 'the monthly Stripe price id',
    how: 'azd env set STRIPE_PRICE_MONTHLY price_…',
  },
  {
    name: 'STRIPE_PRICE_YEARLY',
    test: /^price_\S+$/,
    what: 'the yearly Stripe price id',
    how: 'azd env set STRIPE_PRICE_YEARLY price_…',
  },
];

const OPTIONAL: readonly Requirement[] = [
  {
    name: 'STRIPE_PRICE_MONTHLY_NL',
    test: /^price_\S+$/,
    what: 'the monthly Stripe price id of the Dutch-named product',
    how: 'azd env set STRIPE_PRICE_MONTHLY_NL price_…',
  },
  {
    name: 'STRIPE_PRICE_YEARLY_NL',
    test: /^price_\S+$/,
    what: 'the yearly Stripe price id of the Dutch-named product',
    how: 'azd env set STRIPE_PRICE_YEARLY_NL price_…',
  },
  {
    name: 'SENTRY_DSN',
    test: /^https:\/\/\S+$/,
    what: 'a Sentry DSN (https://…)',
    how: 'azd env set SENTRY_DSN https://…',
  },
  {
    name: 'CLARITY_PROJECT_ID',
    test: /^[a-z0-9]{1,32}$/i,
    what: 'a Clarity project id',
    how: 'azd env set CLARITY_PROJECT_ID …',
  },
  {
    name: 'SOINS_CUSTOM_DOMAIN',
    test: /^(?=.{4,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/,
    what: 'a host name such as app.soins.plus (no scheme)',
    how: 'azd env set SOINS_CUSTOM_DOMAIN app.soins.plus',
  },
];

/** One line per missing or malformed value, naming the command that sets it; never the values. */
export function preprovisionProblems(env: Env): string[] {
  const problems: string[] = [];
  for (const r of REQUIRED) {
    const value = env[r.name];
    if (!value) problems.push(`${r.name} is not set: ${r.what} (${r.how})`);
    else if (!r.test.test(value)) problems.push(`${r.name} is not ${r.what} (${r.how})`);
  }
  for (const r of OPTIONAL) {
    const value = env[r.name];
    if (value && !r.test.test(value)) problems.push(`${r.name} is not ${r.what} (${r.how})`);
  }
  if (env.AUTH_CLIENT_ID && env.AUTH_CLIENT_ID === env.AUTH_API_CLIENT_ID) {
    problems.push('AUTH_CLIENT_ID and AUTH_API_CLIENT_ID must be two registrations (the SPA and the api)');
  }
  return problems;
}

/**
 * What the SPA receives from GET /api/auth/config once deployed: the app settings Bicep derives from the
 * azd environment (the api serves them; nothing is written into the SPA's build). Checked with the api's
 * own Entra rules, so a value the api would refuse at start-up is reported here first.
 */
export function spaSettings(env: Env): { lines: string[]; problems: string[] } {
  const tenant = env.AUTH_TENANT_ID ?? '';
  const issuer = `https://${tenant}.ciamlogin.com/${tenant}/v2.0`;
  const apiScope = entraApiScope(env.AUTH_API_CLIENT_ID ?? '');
  const problems: string[] = [];
  if (!entraV2TenantOf(issuer)) problems.push('AUTH_TENANT_ID does not make a v2.0 External ID issuer');
  const lines = [
    `authority        https://${env.AUTH_TENANT_SUBDOMAIN ?? '?'}.ciamlogin.com/`,
    `known authority  ${env.AUTH_TENANT_SUBDOMAIN ?? '?'}.ciamlogin.com`,
    `client id        ${env.AUTH_CLIENT_ID ?? '?'}`,
    `api scope        ${apiScope}`,
    `token issuer     ${issuer}`,
    `Sentry DSN       ${env.SENTRY_DSN ? 'set' : 'not set (no Sentry)'}`,
    `Clarity project  ${env.CLARITY_PROJECT_ID ?? 'not set (no Clarity)'}`,
  ];
  return { lines, problems };
}

/** The SPA registration's redirect URIs for the deployed origins (custom domain first). */
export function spaRedirectUris(env: Env): string[] {
  const origins = [
    env.SOINS_CUSTOM_DOMAIN ? `https://${env.SOINS_CUSTOM_DOMAIN}` : undefined,
    env.STATIC_WEB_APP_URL,
  ].filter((o): o is string => Boolean(o));
  return [...new Set(origins)].flatMap((origin) => [`${origin}/auth/callback`, `${origin}/`]);
}

export type SecretSource =
  | { readonly kind: 'generate'; readonly value: () => string }
  | { readonly kind: 'operator'; readonly from: string };

/** Where each Key Vault secret comes from when it is missing: INAMI keys are generated, the rest are given. */
export function secretSources(
  secrets: Readonly<Record<string, string>>,
  env: Env,
): Record<string, SecretSource> {
  const out: Record<string, SecretSource> = {};
  for (const setting of Object.keys(secrets)) {
    if (setting === 'INAMI_ENCRYPTION_KEYS' || setting === 'INAMI_INDEX_KEYS') {
      const version = env[setting.replace('KEYS', 'CURRENT')] || '1';
      out[setting] = { kind: 'generate', value: () => `${version}:${generateKey()}` };
    } else {
      out[setting] = { kind: 'operator', from: setting };
    }
  }
  return out;
}
