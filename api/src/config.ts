import { z } from 'zod';
import sampleSettings from '../../local.settings.sample.json';
import { inamiKeyProblems } from './adapters/crypto/field-cipher';
import { entraApiScope, entraV2TenantOf, guidPattern } from './adapters/identity/entra';
import { retrySpanMs, type RetryPolicy } from './domain/messaging';

/** Settings the billing feature needs (Stripe). */
export const stripeKeys = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_PRICE_MONTHLY',
  'STRIPE_PRICE_YEARLY',
] as const;

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * Every setting the api reads. Defaults exist only for values that are the same everywhere; endpoints
 * and secrets have none, so a missing one in Azure stops start-up instead of pointing at an emulator.
 */
const baseSchema = z.object({
  SOINS_ENV: z.enum(['local', 'test', 'azure']),
  APP_VERSION: z.string().min(1).default('0.0.0-dev'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  COSMOS_ENDPOINT: z.url({
    message: 'expected the Cosmos DB account URL, e.g. https://<account>.documents.azure.com:443/',
  }),
  /** Emulators only. Unset: the Function App's managed identity (Azure refuses keys). */
  COSMOS_KEY: z.string().min(1).optional(),
  COSMOS_DATABASE: z.string().min(1).default('soins'),
  /** Local emulator only: its certificate is expired, so TLS verification is skipped for that endpoint. */
  COSMOS_ALLOW_INSECURE_EMULATOR: bool.default(false),
  /** Emulators only (Azurite): a key-based connection string. Azure uses the identity-based form below. */
  STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
  /** Identity-based Blob endpoint (Functions `<connection>__blobServiceUri` form), e.g. https://<account>.blob.core.windows.net */
  STORAGE__blobServiceUri: z.url({ protocol: /^https?$/ }).optional(),
  /** Identity-based Queue endpoint; only read when MESSAGING_MODE=storage-queues. */
  STORAGE__queueServiceUri: z.url({ protocol: /^https?$/ }).optional(),
  MESSAGING_MODE: z.enum(['storage-queues', 'service-bus']),
  /** Emulators and tests only: a Service Bus connection string. Azure uses `__fullyQualifiedNamespace`. */
  SERVICEBUS_CONNECTION: z.string().min(1).optional(),
  /** Identity-based Service Bus namespace, e.g. `<namespace>.servicebus.windows.net` (read by the triggers too). */
  SERVICEBUS_CONNECTION__fullyQualifiedNamespace: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{4,48}[a-z0-9]\.servicebus\.windows\.net$/i, {
      message: 'expected <namespace>.servicebus.windows.net',
    })
    .optional(),
  /** The Functions host's own storage (Durable task hub, timers). Checked, not used by the api. */
  AzureWebJobsStorage: z.string().optional(),
  AzureWebJobsStorage__accountName: z.string().optional(),
  AzureWebJobsStorage__blobServiceUri: z.string().optional(),
  /** Client id of a user-assigned managed identity; unset: the system-assigned identity. */
  AZURE_CLIENT_ID: z.string().optional(),
  /**
   * `clamd`: the api streams each upload to clamd (local and tests). `defender`: Microsoft Defender for
   * Storage scans each upload by itself and its results arrive on the `diploma-scan-results` queue (Azure).
   */
  SCANNER_MODE: z.enum(['clamd', 'defender']),
  /** clamd's host and port (SCANNER_MODE=clamd only). */
  CLAMD_HOST: z.string().min(1).optional(),
  CLAMD_PORT: port.default(3310),
  /** `iss` of access tokens; in Azure https://<tenant id>.ciamlogin.com/<tenant id>/v2.0. */
  AUTH_ISSUER: z.url({ message: 'expected the identity provider issuer URL (the `iss` of access tokens)' }),
  /** `aud` of access tokens; in Azure the api app registration's Application (client) ID, a GUID. */
  AUTH_AUDIENCE: z.string().min(1).default('api://soins-api'),
  AUTH_JWKS_URI: z.url().optional(),
  /** Local only: PEM of the local provider's self-signed certificate, trusted when fetching keys. */
  AUTH_CA_CERT_PATH: z.string().min(1).optional(),
  AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  AUTH_AUTHORITY: z.url({ message: 'expected the authority URL the SPA signs in with' }),
  /** The SPA's client id (`azp` of access tokens); in Azure its app registration's GUID. */
  AUTH_CLIENT_ID: z.string().min(1),
  /** Scopes the SPA requests; in Azure they include api://<AUTH_AUDIENCE>/access_as_user. */
  AUTH_SCOPES: z
    .string()
    .min(1)
    .default('openid profile offline_access api://soins-api/access_as_user')
    .transform((v) => v.split(/\s+/).filter(Boolean)),
  AUTH_PROTOCOL_MODE: z.enum(['OIDC', 'AAD']).default('AAD'),
  AUTH_KNOWN_AUTHORITIES: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean)
        : [],
    ),
  /** `<version>:<base64 32 bytes>` pairs, comma-separated; Key Vault references in Azure. */
  INAMI_ENCRYPTION_KEYS: z.string().min(1),
  INAMI_ENCRYPTION_CURRENT: z.coerce.number().int().positive(),
  INAMI_INDEX_KEYS: z.string().min(1),
  INAMI_INDEX_CURRENT: z.coerce.number().int().positive(),
  POSTMARK_SERVER_TOKEN: z
    .string()
    .min(1, 'required (Postmark server token; any value for the local mail sink)'),
  POSTMARK_API_URL: z.url().default('https://api.postmarkapp.com'),
  EMAIL_FROM: z.string().min(3).default('SOINS+ <no-reply@soins.plus>'),
  APP_PUBLIC_URL: z.url({ message: 'expected the public URL of the SPA, e.g. https://soins.plus' }),
  HTTP_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  /** Largest chapter video the course builder accepts, in MiB (uploaded straight to Blob Storage, then checked). */
  VIDEO_UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(10_240).default(2048),
  /**
   * Proxies in front of the api that each append their peer to X-Forwarded-For: the Static Web Apps
   * edge and the Function App's front end in Azure, the local gateway playing both locally.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(5).default(2),
  READINESS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
  /** Stripe secret key (`sk_test_…` locally; Key Vault reference in Azure). */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\S+$/, 'expected a Stripe secret key (sk_test_… or sk_live_…)')
    .optional(),
  /** Signing secret of the webhook endpoint (`whsec_…`). */
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .startsWith('whsec_', 'expected a webhook signing secret (whsec_…)')
    .optional(),
  /** Local Stripe simulator only; unset in Azure (the SDK then talks to api.stripe.com). */
  STRIPE_API_URL: z.url().optional(),
  STRIPE_PRICE_MONTHLY: z.string().startsWith('price_', 'expected a Stripe price id (price_…)').optional(),
  STRIPE_PRICE_YEARLY: z.string().startsWith('price_', 'expected a Stripe price id (price_…)').optional(),
  /**
   * Optional: the same plans as prices of a product named in Dutch, which Checkout, the invoices and the
   * Customer Portal then show Dutch-speaking learners (same amount and interval); unset: the prices above.
   */
  STRIPE_PRICE_MONTHLY_NL: z.string().startsWith('price_', 'expected a Stripe price id (price_…)').optional(),
  STRIPE_PRICE_YEARLY_NL: z.string().startsWith('price_', 'expected a Stripe price id (price_…)').optional(),
  /**
   * Local and test only: make workflow activities fail their first tries, e.g.
   * `certificate-store:2,certificate-email:1` (see functions/certificates/fault-injection.ts).
   */
  FAULT_INJECTION: z
    .string()
    .regex(/^[a-z-]+:\d{1,2}(,[a-z-]+:\d{1,2})*$/, 'expected name:count pairs, comma-separated')
    .optional(),
  /** First retry interval of the certificate workflow's activities (doubles up to 5 attempts). */
  CERTIFICATE_RETRY_FIRST_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /**
   * Erasure grace period (hours, decimals allowed for local runs): 14 days, as the privacy policy says;
   * Azure refuses anything shorter.
   */
  ERASURE_GRACE_PERIOD_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(14 * 24),
  /** First retry interval of the erasure workflow's activities (doubles, 8 attempts, up to 15 min apart). */
  ERASURE_RETRY_FIRST_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(10_000),
  /**
   * Where the erasure deletes the identity-provider account: `graph` (Entra, Microsoft Graph
   * `DELETE /users/{oid}` with the Function App's identity, which needs the User.ReadWrite.All
   * application permission) or `local` (the local provider's management endpoint).
   */
  IDENTITY_ACCOUNTS_MODE: z.enum(['graph', 'local']).default('local'),
  /** Local provider only: bearer key of its `DELETE /manage/accounts/{sub}` endpoint. */
  LOCAL_IDP_MANAGEMENT_KEY: z.string().min(16).optional(),
  /** Queue consumers: deliveries of one message in all before the broker dead-letters it. */
  QUEUE_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  /** Queue consumers: delay before the second attempt; it doubles up to the maximum. */
  QUEUE_RETRY_FIRST_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  QUEUE_RETRY_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),
  SENTRY_DSN: z.url().optional(),
  /** Shared cache of the catalogue and news (`redis://` or `rediss://`); unset: in-process cache. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'expected a redis:// or rediss:// URL' }).optional(),
  /** Microsoft Clarity project id for the SPA (learner pages, after consent); unset: no Clarity. */
  CLARITY_PROJECT_ID: z
    .string()
    .regex(/^[a-z0-9]{1,32}$/i, 'expected a Clarity project id')
    .optional(),
});

const schema = baseSchema.superRefine((env, ctx) => {
  if (
    env.MESSAGING_MODE === 'service-bus' &&
    !env.SERVICEBUS_CONNECTION &&
    !env.SERVICEBUS_CONNECTION__fullyQualifiedNamespace
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['SERVICEBUS_CONNECTION__fullyQualifiedNamespace'],
      message: 'MESSAGING_MODE=service-bus needs SERVICEBUS_CONNECTION__fullyQualifiedNamespace',
    });
  }
  if (!env.STORAGE_CONNECTION_STRING && !env.STORAGE__blobServiceUri) {
    ctx.addIssue({
      code: 'custom',
      path: ['STORAGE__blobServiceUri'],
      message: 'required (https://<account>.blob.core.windows.net; STORAGE_CONNECTION_STRING for Azurite)',
    });
  }
  // (In Azure the connection string itself is refused, below.)
  if (env.STORAGE_CONNECTION_STRING && env.STORAGE__blobServiceUri && env.SOINS_ENV !== 'azure') {
    ctx.addIssue({
      code: 'custom',
      path: ['STORAGE_CONNECTION_STRING'],
      message: 'set either STORAGE_CONNECTION_STRING (emulator) or STORAGE__blobServiceUri, not both',
    });
  }
  if (
    env.MESSAGING_MODE === 'storage-queues' &&
    !env.STORAGE_CONNECTION_STRING &&
    env.STORAGE__blobServiceUri &&
    !env.STORAGE__queueServiceUri
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['STORAGE__queueServiceUri'],
      message: 'MESSAGING_MODE=storage-queues with an identity-based storage connection needs it',
    });
  }
  if (!env.COSMOS_KEY && env.SOINS_ENV !== 'azure' && env.COSMOS_ALLOW_INSECURE_EMULATOR) {
    ctx.addIssue({ code: 'custom', path: ['COSMOS_KEY'], message: 'required by the emulator' });
  }
  if (env.SOINS_ENV === 'azure') {
    for (const [key, message] of azureProblems(env)) ctx.addIssue({ code: 'custom', path: [key], message });
  }
  for (const problem of inamiKeyProblems(env)) {
    const [, key = 'INAMI_ENCRYPTION_KEYS', message = problem] = /^([A-Z_]+)[\s:]*(.*)$/.exec(problem) ?? [];
    ctx.addIssue({ code: 'custom', path: [key], message });
  }
  if (env.SOINS_ENV !== 'azure' && env.STRIPE_SECRET_KEY?.includes('_live_')) {
    ctx.addIssue({ code: 'custom', path: ['STRIPE_SECRET_KEY'], message: 'live keys are for Azure only' });
  }
  if (env.QUEUE_RETRY_MAX_DELAY_SECONDS < env.QUEUE_RETRY_FIRST_DELAY_SECONDS) {
    ctx.addIssue({
      code: 'custom',
      path: ['QUEUE_RETRY_MAX_DELAY_SECONDS'],
      message: 'must not be below QUEUE_RETRY_FIRST_DELAY_SECONDS',
    });
  }
  if (env.SCANNER_MODE === 'clamd' && !env.CLAMD_HOST) {
    ctx.addIssue({
      code: 'custom',
      path: ['CLAMD_HOST'],
      message: 'SCANNER_MODE=clamd needs CLAMD_HOST (the clamd daemon)',
    });
  }
});

/** A connection string that carries a secret (account key, shared access key or SAS). */
const keyBearing = /(?:^|;)\s*(?:AccountKey|SharedAccessKey|SharedAccessSignature)\s*=/i;

/**
 * Sample values are public (they are in the repository): a secret equal to one, or a key list holding
 * one, must never reach Azure. Compared by containment so `2:new,1:sample` is caught too.
 */
const sampleSecrets: readonly (readonly [string, string])[] = Object.entries(sampleSettings.Values).filter(
  ([key, value]) => value.length >= 8 && /KEY|SECRET|TOKEN|PASSWORD|CONNECTION/.test(key),
);

/**
 * What Azure must never run with: keys and connection strings with keys (identity-based connections
 * only), emulator and local switches, and any secret copied from local.settings.sample.json.
 */
function azureProblems(env: z.output<typeof baseSchema>): [string, string][] {
  const problems: [string, string][] = [];
  const refuse = (key: string, message: string): void => {
    problems.push([key, message]);
  };
  const settings: Readonly<Record<string, unknown>> = env;
  for (const [key, sample] of sampleSecrets) {
    const value = settings[key];
    if (typeof value === 'string' && value.includes(sample)) {
      refuse(key, 'is the public sample value from local.settings.sample.json: set a real secret');
    }
  }
  if (env.COSMOS_KEY) refuse('COSMOS_KEY', 'keys are refused in Azure: the managed identity reads Cosmos DB');
  if (env.STORAGE_CONNECTION_STRING) {
    refuse('STORAGE_CONNECTION_STRING', 'keys are refused in Azure: set STORAGE__blobServiceUri');
  }
  if (env.STORAGE__blobServiceUri && !env.STORAGE__blobServiceUri.startsWith('https://')) {
    refuse('STORAGE__blobServiceUri', 'must be https in Azure');
  }
  if (env.SERVICEBUS_CONNECTION) {
    refuse(
      'SERVICEBUS_CONNECTION',
      'connection strings are refused in Azure: set SERVICEBUS_CONNECTION__fullyQualifiedNamespace',
    );
  }
  if (env.AzureWebJobsStorage && keyBearing.test(env.AzureWebJobsStorage)) {
    refuse('AzureWebJobsStorage', 'keys are refused in Azure: set AzureWebJobsStorage__accountName');
  }
  if (!env.AzureWebJobsStorage__accountName && !env.AzureWebJobsStorage__blobServiceUri) {
    refuse(
      'AzureWebJobsStorage__accountName',
      'required in Azure (the host storage, on the managed identity)',
    );
  }
  if (env.MESSAGING_MODE !== 'service-bus') refuse('MESSAGING_MODE', 'must be service-bus in Azure');
  if (env.SCANNER_MODE !== 'defender') {
    refuse(
      'SCANNER_MODE',
      'must be defender in Azure (no clamd runs there: Defender for Storage malware scanning sends its results to the diploma-scan-results queue)',
    );
  }
  for (const [key, message] of entraProblems(env)) refuse(key, message);
  // A consumer must outlive a provider outage of an hour (Postmark, Stripe) before dead-lettering.
  if (retrySpanMs(retryPolicyOf(env)) <= 3_600_000) {
    refuse('QUEUE_RETRY_MAX_ATTEMPTS', 'the queue retry schedule must span more than one hour in Azure');
  }
  // Read by the Functions host: requests, failures and the api's logs (with their severity) go there.
  if (!env.APPLICATIONINSIGHTS_CONNECTION_STRING) {
    refuse('APPLICATIONINSIGHTS_CONNECTION_STRING', 'required in Azure (the Application Insights resource)');
  }
  if (!env.COSMOS_ENDPOINT.startsWith('https://')) refuse('COSMOS_ENDPOINT', 'must be https in Azure');
  if (!env.POSTMARK_API_URL.startsWith('https://')) refuse('POSTMARK_API_URL', 'must be https in Azure');
  // Optional in the schema so unit fixtures need not carry them; Azure must always set them.
  for (const key of stripeKeys) if (!env[key]) refuse(key, 'required in Azure');
  if (env.ERASURE_GRACE_PERIOD_HOURS < 14 * 24) {
    refuse('ERASURE_GRACE_PERIOD_HOURS', 'the privacy policy promises 14 days: at least 336 in Azure');
  }
  if (env.IDENTITY_ACCOUNTS_MODE !== 'graph') {
    refuse(
      'IDENTITY_ACCOUNTS_MODE',
      'must be graph in Azure (Entra accounts are deleted through Microsoft Graph)',
    );
  }
  const localOnly = {
    LOCAL_IDP_MANAGEMENT_KEY: env.LOCAL_IDP_MANAGEMENT_KEY,
    STRIPE_API_URL: env.STRIPE_API_URL,
    FAULT_INJECTION: env.FAULT_INJECTION,
    AUTH_CA_CERT_PATH: env.AUTH_CA_CERT_PATH,
    COSMOS_ALLOW_INSECURE_EMULATOR: env.COSMOS_ALLOW_INSECURE_EMULATOR || undefined,
  };
  for (const [key, value] of Object.entries(localOnly)) {
    if (value !== undefined) refuse(key, 'local and tests only: must not be set in Azure');
  }
  return problems;
}

/**
 * Entra External ID in Azure: the values its v2.0 access tokens carry, so a setting copied from the
 * local provider (or a v1 value) stops start-up instead of refusing every token with a 401.
 */
function entraProblems(env: {
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  AUTH_CLIENT_ID: string;
  AUTH_SCOPES: readonly string[];
  AUTH_PROTOCOL_MODE: 'OIDC' | 'AAD';
}): [string, string][] {
  const problems: [string, string][] = [];
  if (!entraV2TenantOf(env.AUTH_ISSUER)) {
    problems.push([
      'AUTH_ISSUER',
      'must be the Entra External ID v2.0 issuer https://<tenant id>.ciamlogin.com/<tenant id>/v2.0 (the directory (tenant) ID, a GUID, twice); v1.0 issuers (https://sts.windows.net/…) are refused',
    ]);
  }
  const audienceIsGuid = guidPattern.test(env.AUTH_AUDIENCE);
  if (!audienceIsGuid) {
    problems.push([
      'AUTH_AUDIENCE',
      "must be the api app registration's Application (client) ID, a GUID: v2.0 access tokens carry it as aud (not the Application ID URI api://…)",
    ]);
  }
  if (!guidPattern.test(env.AUTH_CLIENT_ID)) {
    problems.push(['AUTH_CLIENT_ID', "must be the SPA app registration's Application (client) ID, a GUID"]);
  }
  if (!audienceIsGuid || !env.AUTH_SCOPES.includes(entraApiScope(env.AUTH_AUDIENCE))) {
    problems.push([
      'AUTH_SCOPES',
      'must include api://<AUTH_AUDIENCE>/access_as_user (the scope the api app registration exposes, with its default Application ID URI)',
    ]);
  }
  if (env.AUTH_PROTOCOL_MODE !== 'AAD') {
    problems.push(['AUTH_PROTOCOL_MODE', 'must be AAD in Azure (OIDC is for the local identity provider)']);
  }
  return problems;
}

export type Config = z.output<typeof schema>;

/** Every setting the api reads (local.settings.sample.json lists each; Bicep supplies each in Azure). */
export const configKeys: readonly string[] = Object.keys(baseSchema.shape);

/** The queue consumers' retry policy (functions/messaging/retrying-consumer.ts). */
export function retryPolicyOf(config: {
  readonly QUEUE_RETRY_MAX_ATTEMPTS: number;
  readonly QUEUE_RETRY_FIRST_DELAY_SECONDS: number;
  readonly QUEUE_RETRY_MAX_DELAY_SECONDS: number;
}): RetryPolicy {
  return {
    maxAttempts: config.QUEUE_RETRY_MAX_ATTEMPTS,
    firstDelayMs: config.QUEUE_RETRY_FIRST_DELAY_SECONDS * 1000,
    maxDelayMs: config.QUEUE_RETRY_MAX_DELAY_SECONDS * 1000,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration, fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws a ConfigError listing every bad key (never their values). */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // Empty strings are "not set": local.settings files often carry blank placeholders.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  // Parsed once per process: zod's compiled fast path (generated with `new Function` on the first parse)
  // would cost more than it saves, on the cold start of every instance.
  const parsed = schema.safeParse(cleaned, { jitless: true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(environment)';
    const message =
      issue.code === 'invalid_value' || issue.code === 'invalid_type' ? describe(issue) : issue.message;
    return `${key}: ${message}`;
  });
  throw new ConfigError([...new Set(problems)].sort());
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_type')
    return issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}`;
  return issue.message;
}
