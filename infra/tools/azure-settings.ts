// The api's settings in Azure, checked against its own config schema (api/src/config.ts): every key it
// reads is either written by Bicep as an app setting or listed here with the reason it stays unset, every
// secret is a Key Vault reference, and the settings Bicep writes pass the api's own Azure checks
// (azureProblems/entraProblems) once the values only Azure or the operator knows are filled with
// representative ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, configKeys, loadConfig } from '../../api/src/config';
import { textOf, Unknown, type Value } from './bicep-eval';
import { appSettingsOf, infraDir, keyVaultSecretOf, type InfraProject } from './infra-checks';

/** Keys the api reads that Azure leaves unset, and why (docs/configuration.md prints these reasons). */
export const NOT_SET_IN_AZURE: Readonly<Record<string, string>> = {
  COSMOS_KEY: 'emulator only: Cosmos DB has local auth disabled; the managed identity reads and writes',
  COSMOS_ALLOW_INSECURE_EMULATOR: 'local emulator only (refused in Azure)',
  STORAGE_CONNECTION_STRING:
    'Azurite only: shared keys are off; STORAGE__blobServiceUri with the managed identity',
  STORAGE__queueServiceUri: 'only for MESSAGING_MODE=storage-queues (local); Azure uses Service Bus',
  SERVICEBUS_CONNECTION:
    'connection strings are refused in Azure; SERVICEBUS_CONNECTION__fullyQualifiedNamespace',
  AzureWebJobsStorage:
    'keys are refused in Azure; AzureWebJobsStorage__accountName with the managed identity',
  AzureWebJobsStorage__blobServiceUri: 'AzureWebJobsStorage__accountName is enough in the public cloud',
  AZURE_CLIENT_ID: 'unset: the system-assigned identity (set only for a user-assigned one)',
  CLAMD_HOST: 'SCANNER_MODE=clamd only; Azure scans with Defender for Storage',
  CLAMD_PORT: 'SCANNER_MODE=clamd only',
  AUTH_JWKS_URI:
    'discovered from the issuer (https://<tenant>.ciamlogin.com/<tenant>/v2.0/.well-known/openid-configuration)',
  AUTH_CA_CERT_PATH: 'local identity provider only (refused in Azure)',
  AUTH_CLOCK_SKEW_SECONDS: 'the default (30 s) is right in Azure',
  POSTMARK_API_URL: 'the default (https://api.postmarkapp.com) is right in Azure',
  HTTP_MAX_BODY_BYTES: 'the default (1 MiB) is right in Azure',
  READINESS_TIMEOUT_MS: 'the default (2 s) is right in Azure',
  STRIPE_API_URL: 'local Stripe simulator only (refused in Azure)',
  FAULT_INJECTION: 'tests only (refused in Azure)',
  CERTIFICATE_RETRY_FIRST_INTERVAL_MS: 'the default (5 s) is right in Azure',
  ERASURE_RETRY_FIRST_INTERVAL_MS: 'the default (10 s) is right in Azure',
  LOCAL_IDP_MANAGEMENT_KEY: 'local identity provider only (refused in Azure)',
  REDIS_URL:
    'no Redis is provisioned: the catalogue cache is in-process (set it to a rediss:// URL to share it)',
};

/** Settings Bicep writes for the Functions host itself (not read by the api). */
export const HOST_SETTINGS: Readonly<Record<string, string>> = {
  FUNCTIONS_EXTENSION_VERSION: 'Functions runtime 4',
  FUNCTIONS_WORKER_RUNTIME: 'the Node.js worker',
  WEBSITE_RUN_FROM_PACKAGE: 'run the zip azd deploys, read-only, as is',
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'no build on the server: api/dist is bundled already',
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'telemetry with the managed identity (local auth is off)',
};

/** api setting → Key Vault secret name (infra/secrets.json, shared with the post-provision hook). */
export function secretNames(
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): Record<string, string> {
  const parsed = JSON.parse(read(join(infraDir, 'secrets.json'))) as Record<string, string>;
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => !key.startsWith('$')));
}

/** azd environment values an operator sets (docs/deployment.md), as the config check fills them in. */
export const SAMPLE_AZD_ENV: Readonly<Record<string, string>> = {
  AZURE_ENV_NAME: 'prod',
  AZURE_LOCATION: 'westeurope',
  AUTH_TENANT_ID: '6d3e3b8a-4c1f-4a57-9d2e-0b7f5c1a2e90',
  AUTH_TENANT_SUBDOMAIN: 'soinsplus',
  AUTH_CLIENT_ID: 'f0e1d2c3-aaaa-4bbb-8ccc-ddd0eee1fff2',
  AUTH_API_CLIENT_ID: 'a1b2c3d4-1111-4222-8333-944455566677',
  STRIPE_PRICE_MONTHLY: 'price_1Monthly',
  STRIPE_PRICE_YEARLY: 'price_1Yearly',
};

/** Values only Azure knows at deployment (resource endpoints and names), representative of their shape. */
const AZURE_VALUES: Readonly<Record<string, string>> = {
  COSMOS_ENDPOINT: 'https://cosmos-abcdefghijklm.documents.azure.com:443/',
  STORAGE__blobServiceUri: 'https://stabcdefghijklm.blob.core.windows.net',
  SERVICEBUS_CONNECTION__fullyQualifiedNamespace: 'sb-abcdefghijklm.servicebus.windows.net',
  AzureWebJobsStorage__accountName: 'sthostabcdefghijklm',
  APP_PUBLIC_URL: 'https://nice-sea-0123abc.azurestaticapps.net',
  APPLICATIONINSIGHTS_CONNECTION_STRING:
    'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
};

/** A secret of the right shape for each Key Vault reference (what the post-provision hook seeds). */
const SECRET_VALUES: Readonly<Record<string, string>> = {
  STRIPE_SECRET_KEY: 'sk_live_representative',
  STRIPE_WEBHOOK_SECRET: 'whsec_representative',
  POSTMARK_SERVER_TOKEN: 'postmark-server-token-from-key-vault',
  INAMI_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 7).toString('base64')}`,
  INAMI_INDEX_KEYS: `1:${Buffer.alloc(32, 8).toString('base64')}`,
};

/** The environment the api would see in Azure, or the reason a value cannot be filled in. */
export function azureEnvironment(settings: Readonly<Record<string, Value>>): {
  env: Record<string, string>;
  problems: string[];
} {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      env[key] = String(value);
      continue;
    }
    if (keyVaultSecretOf(value)) {
      const secret = SECRET_VALUES[key];
      if (secret === undefined)
        problems.push(`${key} is a Key Vault reference but no secret is expected there`);
      else env[key] = secret;
      continue;
    }
    // An operator's value (azd environment) is filled in, also inside a string Bicep composes; what only
    // Azure knows (an endpoint, a generated name) takes a representative value.
    const text = value instanceof Unknown ? value.text : textOf(value);
    const azdValue = /^<azd env ([A-Z0-9_]+)>$/.exec(text)?.[1];
    const filled =
      azdValue !== undefined
        ? SAMPLE_AZD_ENV[azdValue]
        : value instanceof Unknown && value.template
          ? text.replace(
              /\$\{<azd env ([A-Z0-9_]+)>\}/g,
              (_m, name: string) => SAMPLE_AZD_ENV[name] ?? '${?}',
            )
          : undefined;
    if (filled !== undefined && !filled.includes('${')) {
      env[key] = filled;
      continue;
    }
    const azure = AZURE_VALUES[key];
    if (azure === undefined) problems.push(`${key}: no representative value for ${text}`);
    else env[key] = azure;
  }
  return { env, problems };
}

/** Every api setting supplied (or deliberately unset), secrets from Key Vault, and the api accepts them. */
export function appSettingProblems(project: InfraProject): string[] {
  const settings = appSettingsOf(project);
  if (!settings) return ['no Microsoft.Web/sites/config appsettings resource'];
  const problems: string[] = [];
  for (const key of configKeys) {
    const set = Object.hasOwn(settings, key);
    if (Object.hasOwn(NOT_SET_IN_AZURE, key)) {
      if (set) problems.push(`app setting ${key} must not be set in Azure: ${NOT_SET_IN_AZURE[key] ?? ''}`);
    } else if (!set) {
      problems.push(`app setting ${key} (read by the api) is not supplied`);
    }
  }
  for (const key of Object.keys(NOT_SET_IN_AZURE)) {
    if (!configKeys.includes(key))
      problems.push(`${key} is listed as unset in Azure but the api no longer reads it`);
  }
  for (const key of Object.keys(settings)) {
    if (!configKeys.includes(key) && !Object.hasOwn(HOST_SETTINGS, key)) {
      problems.push(`app setting ${key} is neither read by the api nor a host setting`);
    }
  }
  const secrets = secretNames(project.read);
  for (const [key, secret] of Object.entries(secrets)) {
    const reference = keyVaultSecretOf(settings[key]);
    if (reference !== secret) {
      problems.push(
        `app setting ${key} must be a Key Vault reference to the secret '${secret}', found ${textOf(settings[key])}`,
      );
    }
  }
  for (const [key, value] of Object.entries(settings)) {
    if (keyVaultSecretOf(value) && !Object.hasOwn(secrets, key)) {
      problems.push(`app setting ${key} refers to Key Vault but infra/secrets.json does not list it`);
    }
  }
  const { env, problems: fill } = azureEnvironment(settings);
  problems.push(...fill);
  try {
    loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map((p) => `the api refuses the Azure settings: ${p}`));
  }
  return problems;
}
