import { describe, expect, it } from 'vitest';
import sample from '../../local.settings.sample.json';
import { ConfigError, configKeys, loadConfig } from '../src/config';
import { localTestEnvironment } from './fixtures/config-env';

const valid = localTestEnvironment;

describe('loadConfig', () => {
  it('parses a valid environment and applies defaults', () => {
    const config = loadConfig(valid);
    expect(config.CLAMD_PORT).toBe(3310);
    expect(config.HTTP_MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(config.COSMOS_ALLOW_INSECURE_EMULATOR).toBe(false);
  });

  it('lists every bad key at once, never their values', () => {
    let caught: unknown;
    try {
      loadConfig({
        ...valid,
        SOINS_ENV: 'prod',
        COSMOS_ENDPOINT: 'not a url',
        CLAMD_PORT: '99999',
        AUTH_ISSUER: 'not a url either',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'AUTH_ISSUER',
      'CLAMD_PORT',
      'COSMOS_ENDPOINT',
      'SOINS_ENV',
    ]);
    expect((caught as ConfigError).message).not.toContain('not a url');
    expect(problems.find((p) => p.startsWith('SOINS_ENV'))).toContain('local, test, azure');
  });

  it('reports bad INAMI keys by setting name without echoing them', () => {
    let caught: unknown;
    try {
      loadConfig({ ...valid, INAMI_ENCRYPTION_KEYS: '1:c2hvcnQ=' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain('INAMI_ENCRYPTION_KEYS');
    expect((caught as ConfigError).message).not.toContain('c2hvcnQ=');
  });

  it('requires a Service Bus connection when messaging uses Service Bus', () => {
    expect(() => loadConfig({ ...valid, MESSAGING_MODE: 'service-bus' })).toThrow(/SERVICEBUS_CONNECTION/);
  });

  it('refuses the insecure emulator switch in Azure', () => {
    expect(() => loadConfig({ ...azure, COSMOS_ALLOW_INSECURE_EMULATOR: 'true' })).toThrow(
      /COSMOS_ALLOW_INSECURE_EMULATOR/,
    );
  });
});

const tenant = '6d3e3b8a-4c1f-4a57-9d2e-0b7f5c1a2e90';
const apiClientId = 'a1b2c3d4-1111-4222-8333-944455566677';
const spaClientId = 'f0e1d2c3-aaaa-4bbb-8ccc-ddd0eee1fff2';
/**
 * What Azure runs with: identity-based connections only, secrets from Key Vault, Entra External ID
 * v2.0 token values, Defender for Storage.
 */
const azure = {
  SOINS_ENV: 'azure',
  COSMOS_ENDPOINT: 'https://soins-cosmos.documents.azure.com:443/',
  STORAGE__blobServiceUri: 'https://soinsdata.blob.core.windows.net',
  AzureWebJobsStorage__accountName: 'soinshost',
  MESSAGING_MODE: 'service-bus',
  SERVICEBUS_CONNECTION__fullyQualifiedNamespace: 'soins-bus.servicebus.windows.net',
  SCANNER_MODE: 'defender',
  IDENTITY_ACCOUNTS_MODE: 'graph',
  AUTH_ISSUER: `https://${tenant}.ciamlogin.com/${tenant}/v2.0`,
  AUTH_AUTHORITY: 'https://soinsplus.ciamlogin.com/',
  AUTH_AUDIENCE: apiClientId,
  AUTH_CLIENT_ID: spaClientId,
  AUTH_SCOPES: `openid profile offline_access api://${apiClientId}/access_as_user`,
  AUTH_PROTOCOL_MODE: 'AAD',
  INAMI_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 3).toString('base64')}`,
  INAMI_ENCRYPTION_CURRENT: '1',
  INAMI_INDEX_KEYS: `1:${Buffer.alloc(32, 4).toString('base64')}`,
  INAMI_INDEX_CURRENT: '1',
  POSTMARK_SERVER_TOKEN: 'pm-server-token-from-key-vault',
  APP_PUBLIC_URL: 'https://soins.plus',
  STRIPE_SECRET_KEY: 'sk_live_from_key_vault',
  STRIPE_WEBHOOK_SECRET: 'whsec_from_key_vault',
  STRIPE_PRICE_MONTHLY: 'price_monthly',
  STRIPE_PRICE_YEARLY: 'price_yearly',
  APPLICATIONINSIGHTS_CONNECTION_STRING:
    'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadConfig in Azure: identity-based connections, no keys, no sample secrets', () => {
  it('accepts the identity-based forms', () => {
    const config = loadConfig(azure);
    expect(config.COSMOS_KEY).toBeUndefined();
    expect(config.STORAGE_CONNECTION_STRING).toBeUndefined();
    expect(config.SERVICEBUS_CONNECTION__fullyQualifiedNamespace).toBe('soins-bus.servicebus.windows.net');
  });

  it('keeps the 14-day erasure grace period and deletes Entra accounts through Graph', () => {
    expect(loadConfig(azure).ERASURE_GRACE_PERIOD_HOURS).toBe(336);
    expect(problemsOf({ ...azure, ERASURE_GRACE_PERIOD_HOURS: '1' })).toEqual([
      expect.stringMatching(/^ERASURE_GRACE_PERIOD_HOURS: .*14 days/),
    ]);
    expect(problemsOf({ ...azure, IDENTITY_ACCOUNTS_MODE: 'local' })).toEqual([
      expect.stringMatching(/^IDENTITY_ACCOUNTS_MODE: must be graph/),
    ]);
    expect(problemsOf({ ...azure, LOCAL_IDP_MANAGEMENT_KEY: 'a-local-management-key' })).toEqual([
      expect.stringMatching(/^LOCAL_IDP_MANAGEMENT_KEY: local and tests only/),
    ]);
  });

  it.each([
    ['COSMOS_KEY', 'a-cosmos-account-key'],
    ['STORAGE_CONNECTION_STRING', 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k;'],
    [
      'SERVICEBUS_CONNECTION',
      'Endpoint=sb://a.servicebus.windows.net/;SharedAccessKeyName=x;SharedAccessKey=k',
    ],
    ['AzureWebJobsStorage', 'DefaultEndpointsProtocol=https;AccountName=h;AccountKey=k;'],
  ])('refuses the key-based %s with one line naming it', (key, value) => {
    const problems = problemsOf({ ...azure, [key]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${key}: .*refused in Azure`));
    expect(problems[0]).not.toContain(value);
  });

  it('needs the host storage on the managed identity', () => {
    const { AzureWebJobsStorage__accountName: _omitted, ...rest } = azure;
    expect(problemsOf(rest)).toEqual([expect.stringMatching(/^AzureWebJobsStorage__accountName: required/)]);
  });

  it.each([
    ['STRIPE_WEBHOOK_SECRET', sample.Values.STRIPE_WEBHOOK_SECRET],
    ['STRIPE_SECRET_KEY', sample.Values.STRIPE_SECRET_KEY],
    ['POSTMARK_SERVER_TOKEN', sample.Values.POSTMARK_SERVER_TOKEN],
    ['INAMI_INDEX_KEYS', sample.Values.INAMI_INDEX_KEYS],
    ['INAMI_ENCRYPTION_KEYS', sample.Values.INAMI_ENCRYPTION_KEYS],
    // A rotation list that still carries the sample key is caught too.
    ['INAMI_INDEX_KEYS', `2:${Buffer.alloc(32, 9).toString('base64')},${sample.Values.INAMI_INDEX_KEYS}`],
  ])('refuses %s copied from local.settings.sample.json', (key, value) => {
    const current =
      key.startsWith('INAMI') && value.startsWith('2:') ? { [key.replace('KEYS', 'CURRENT')]: '2' } : {};
    const problems = problemsOf({ ...azure, [key]: value, ...current });
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${key}: is the public sample value`))]);
  });

  it('accepts the same sample values locally', () => {
    expect(() =>
      loadConfig({ ...valid, STRIPE_WEBHOOK_SECRET: sample.Values.STRIPE_WEBHOOK_SECRET }),
    ).not.toThrow();
  });

  it('requires one storage form, and only one', () => {
    const { STORAGE_CONNECTION_STRING: _cs, ...none } = valid;
    expect(problemsOf(none)).toEqual([expect.stringMatching(/^STORAGE__blobServiceUri: required/)]);
    expect(
      problemsOf({ ...valid, STORAGE__blobServiceUri: 'https://soinsdata.blob.core.windows.net' }),
    ).toEqual([expect.stringMatching(/^STORAGE_CONNECTION_STRING: set either/)]);
  });
});

describe('local.settings.sample.json', () => {
  it('lists every setting the api reads, and nothing it does not', () => {
    const hostOnly = ['FUNCTIONS_WORKER_RUNTIME'];
    const sampleKeys = Object.keys(sample.Values).filter((key) => !hostOnly.includes(key));
    expect(new Set(sampleKeys)).toEqual(new Set(configKeys));
  });
});

/** Keys loadConfig reports as bad (none when the environment parses). */
function problemKeys(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => p.split(':')[0] ?? '');
  }
}

function problemAbout(env: Record<string, string | undefined>, key: string): string | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.find((p) => p.startsWith(`${key}:`));
  }
}

const scannerAndAuthKeys = [
  'SCANNER_MODE',
  'CLAMD_HOST',
  'CLAMD_PORT',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_CLIENT_ID',
  'AUTH_SCOPES',
  'AUTH_PROTOCOL_MODE',
];

describe('loadConfig: malware scanner', () => {
  it('accepts Defender for Storage without a clamd address', () => {
    const config = loadConfig({ ...valid, SCANNER_MODE: 'defender', CLAMD_HOST: undefined });
    expect(config.SCANNER_MODE).toBe('defender');
  });

  it('needs CLAMD_HOST only where clamd scans', () => {
    expect(problemAbout({ ...valid, CLAMD_HOST: undefined }, 'CLAMD_HOST')).toContain('SCANNER_MODE=clamd');
  });

  it('requires Defender in Azure, where no clamd runs', () => {
    expect(problemKeys(azure)).not.toEqual(expect.arrayContaining(['SCANNER_MODE']));
    expect(
      problemAbout({ ...azure, SCANNER_MODE: 'clamd', CLAMD_HOST: '10.0.0.4' }, 'SCANNER_MODE'),
    ).toContain('must be defender in Azure');
  });
});

describe('loadConfig: Entra External ID in Azure', () => {
  it('accepts the values of v2.0 access tokens: tenant issuer, api and SPA client ids, the api scope', () => {
    const bad = problemKeys(azure).filter((key) => scannerAndAuthKeys.includes(key));
    expect(bad).toEqual([]);
  });

  it('keeps the local provider settings working outside Azure', () => {
    expect(loadConfig(valid).AUTH_AUDIENCE).toBe('api://soins-api');
  });

  it('refuses the Application ID URI (or the local default) as audience: v2.0 tokens carry the client id', () => {
    for (const audience of [undefined, 'api://soins-api', `api://${apiClientId}`]) {
      const problem = problemAbout({ ...azure, AUTH_AUDIENCE: audience }, 'AUTH_AUDIENCE');
      expect(problem).toContain("api app registration's Application (client) ID, a GUID");
    }
  });

  it.each([
    ['a v1.0 issuer', `https://sts.windows.net/${tenant}/`],
    ['the login.microsoftonline.com v2.0 issuer', `https://login.microsoftonline.com/${tenant}/v2.0`],
    ['the tenant subdomain instead of its id', `https://soinsplus.ciamlogin.com/${tenant}/v2.0`],
    ['two different tenant ids', `https://${tenant}.ciamlogin.com/${apiClientId}/v2.0`],
    ['the local provider', 'https://localhost:8443'],
  ])('refuses %s as issuer, naming the expected form', (_label, issuer) => {
    expect(problemAbout({ ...azure, AUTH_ISSUER: issuer }, 'AUTH_ISSUER')).toContain(
      'https://<tenant id>.ciamlogin.com/<tenant id>/v2.0',
    );
  });

  it('requires the SPA client id as a GUID and the api scope in the scopes the SPA requests', () => {
    expect(problemAbout({ ...azure, AUTH_CLIENT_ID: 'soins-spa' }, 'AUTH_CLIENT_ID')).toContain(
      "SPA app registration's Application (client) ID",
    );
    for (const scopes of [
      undefined,
      'openid api://soins-api/access_as_user',
      `openid ${apiClientId}/other`,
    ]) {
      expect(problemAbout({ ...azure, AUTH_SCOPES: scopes }, 'AUTH_SCOPES')).toContain(
        'api://<AUTH_AUDIENCE>/access_as_user',
      );
    }
    expect(problemAbout({ ...azure, AUTH_PROTOCOL_MODE: 'OIDC' }, 'AUTH_PROTOCOL_MODE')).toContain('AAD');
  });
});
