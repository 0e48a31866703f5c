import { z } from 'zod';
import { inamiKeyProblems } from './adapters/crypto/field-cipher';
import { retrySpanMs, type RetryPolicy } from './domain/messaging';

// Start of the local sample key in local.settings.sample.json: it is public, so Azure refuses it.
const localSampleKeyPrefix = '1:pUzC5tBuU3kVzPn5';

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
const schema = z
  .object({
    SOINS_ENV: z.enum(['local', 'test', 'azure']),
    APP_VERSION: z.string().min(1).default('0.0.0-dev'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    COSMOS_ENDPOINT: z.url({
      message: 'expected the Cosmos DB account URL, e.g. https://<account>.documents.azure.com:443/',
    }),
    COSMOS_KEY: z.string().min(1),
    COSMOS_DATABASE: z.string().min(1).default('soins'),
    /** Local emulator only: its certificate is expired, so TLS verification is skipped for that endpoint. */
    COSMOS_ALLOW_INSECURE_EMULATOR: bool.default(false),
    STORAGE_CONNECTION_STRING: z.string().min(1, 'required (Azure Storage connection string)'),
    MESSAGING_MODE: z.enum(['storage-queues', 'service-bus']),
    SERVICEBUS_CONNECTION: z.string().min(1).optional(),
    SCANNER_MODE: z.enum(['clamd', 'defender']),
    CLAMD_HOST: z.string().min(1),
    CLAMD_PORT: port.default(3310),
    AUTH_ISSUER: z.url({ message: 'expected the identity provider issuer URL (the `iss` of access tokens)' }),
    AUTH_AUDIENCE: z.string().min(1).default('api://soins-api'),
    AUTH_JWKS_URI: z.url().optional(),
    /** Local only: PEM of the local provider's self-signed certificate, trusted when fetching keys. */
    AUTH_CA_CERT_PATH: z.string().min(1).optional(),
    AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    AUTH_AUTHORITY: z.url({ message: 'expected the authority URL the SPA signs in with' }),
    AUTH_CLIENT_ID: z.string().min(1),
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
     * Local and test only: make workflow activities fail their first tries, e.g.
     * `certificate-store:2,certificate-email:1` (see functions/certificates/fault-injection.ts).
     */
    FAULT_INJECTION: z
      .string()
      .regex(/^[a-z-]+:\d{1,2}(,[a-z-]+:\d{1,2})*$/, 'expected name:count pairs, comma-separated')
      .optional(),
    /** First retry interval of the certificate workflow's activities (doubles up to 5 attempts). */
    CERTIFICATE_RETRY_FIRST_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
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
  })
  .superRefine((env, ctx) => {
    if (env.MESSAGING_MODE === 'service-bus' && !env.SERVICEBUS_CONNECTION) {
      ctx.addIssue({
        code: 'custom',
        path: ['SERVICEBUS_CONNECTION'],
        message: 'MESSAGING_MODE=service-bus needs SERVICEBUS_CONNECTION',
      });
    }
    for (const problem of inamiKeyProblems(env)) {
      const [, key = 'INAMI_ENCRYPTION_KEYS', message = problem] =
        /^([A-Z_]+)[\s:]*(.*)$/.exec(problem) ?? [];
      ctx.addIssue({ code: 'custom', path: [key], message });
    }
    if (env.SOINS_ENV === 'azure' && env.INAMI_ENCRYPTION_KEYS.includes(localSampleKeyPrefix)) {
      ctx.addIssue({
        code: 'custom',
        path: ['INAMI_ENCRYPTION_KEYS'],
        message: 'the local sample key must not be used in Azure',
      });
    }
    if (env.SOINS_ENV === 'azure' && !env.POSTMARK_API_URL.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['POSTMARK_API_URL'], message: 'must be https in Azure' });
    }
    // Optional in the schema so unit fixtures need not carry them; the billing feature refuses to
    // start without them (functions/billing/compose.ts) and Azure must always set them.
    for (const key of stripeKeys) {
      if (env.SOINS_ENV === 'azure' && !env[key]) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'required in Azure' });
      }
    }
    if (env.SOINS_ENV === 'azure' && env.STRIPE_API_URL) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_API_URL'], message: 'must not be set in Azure' });
    }
    if (env.SOINS_ENV !== 'azure' && env.STRIPE_SECRET_KEY?.includes('_live_')) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_SECRET_KEY'], message: 'live keys are for Azure only' });
    }
    // Only what exists in Azure today: Service Bus triggers consume nothing from storage queues, and
    // the Defender for Storage scan-result adapter is not written yet.
    if (env.SOINS_ENV === 'azure' && env.MESSAGING_MODE !== 'service-bus') {
      ctx.addIssue({ code: 'custom', path: ['MESSAGING_MODE'], message: 'must be service-bus in Azure' });
    }
    if (env.SCANNER_MODE === 'defender') {
      ctx.addIssue({ code: 'custom', path: ['SCANNER_MODE'], message: 'only clamd is implemented so far' });
    }
    if (env.SOINS_ENV === 'azure' && env.FAULT_INJECTION) {
      ctx.addIssue({ code: 'custom', path: ['FAULT_INJECTION'], message: 'must not be set in Azure' });
    }
    if (env.QUEUE_RETRY_MAX_DELAY_SECONDS < env.QUEUE_RETRY_FIRST_DELAY_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['QUEUE_RETRY_MAX_DELAY_SECONDS'],
        message: 'must not be below QUEUE_RETRY_FIRST_DELAY_SECONDS',
      });
    }
    // A consumer must outlive a provider outage of an hour (Postmark, Stripe) before dead-lettering.
    if (env.SOINS_ENV === 'azure' && retrySpanMs(retryPolicyOf(env)) <= 3_600_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['QUEUE_RETRY_MAX_ATTEMPTS'],
        message: 'the queue retry schedule must span more than one hour in Azure',
      });
    }
    if (env.SOINS_ENV === 'azure' && env.AUTH_CA_CERT_PATH) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_CA_CERT_PATH'], message: 'must not be set in Azure' });
    }
    if (env.SOINS_ENV === 'azure' && env.COSMOS_ALLOW_INSECURE_EMULATOR) {
      ctx.addIssue({
        code: 'custom',
        path: ['COSMOS_ALLOW_INSECURE_EMULATOR'],
        message: 'must be false in Azure',
      });
    }
  });

export type Config = z.output<typeof schema>;

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
  const parsed = schema.safeParse(cleaned);
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
