import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * Every setting the api reads. Local defaults live in local.settings.sample.json, not here, so a
 * missing setting in Azure is caught at start-up instead of silently pointing at an emulator.
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
    CLAMD_HOST: z.string().min(1).default('127.0.0.1'),
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
    HTTP_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
    READINESS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
    APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),
    SENTRY_DSN: z.url().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.MESSAGING_MODE === 'service-bus' && !env.SERVICEBUS_CONNECTION) {
      ctx.addIssue({
        code: 'custom',
        path: ['SERVICEBUS_CONNECTION'],
        message: 'MESSAGING_MODE=service-bus needs SERVICEBUS_CONNECTION',
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
