import { describe, expect, it } from 'vitest';
import sample from '../../local.settings.sample.json';
import { ConfigError, configKeys, loadConfig } from '../src/config';

const valid = {
  SOINS_ENV: 'local',
  COSMOS_ENDPOINT: 'http://127.0.0.1:8081/',
  COSMOS_KEY: 'secret-key-value',
  STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  MESSAGING_MODE: 'storage-queues',
  SCANNER_MODE: 'clamd',
  CLAMD_HOST: '127.0.0.1',
  AUTH_ISSUER: 'https://localhost:8443',
  AUTH_AUTHORITY: 'https://localhost:8443',
  AUTH_CLIENT_ID: 'soins-spa',
  INAMI_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 1).toString('base64')}`,
  INAMI_ENCRYPTION_CURRENT: '1',
  INAMI_INDEX_KEYS: `1:${Buffer.alloc(32, 2).toString('base64')}`,
  INAMI_INDEX_CURRENT: '1',
  POSTMARK_SERVER_TOKEN: 'token',
  APP_PUBLIC_URL: 'http://localhost:4280',
};

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

/** What Azure runs with: identity-based connections only, secrets from Key Vault. */
const azure = {
  SOINS_ENV: 'azure',
  COSMOS_ENDPOINT: 'https://soins-cosmos.documents.azure.com:443/',
  STORAGE__blobServiceUri: 'https://soinsdata.blob.core.windows.net',
  AzureWebJobsStorage__accountName: 'soinshost',
  MESSAGING_MODE: 'service-bus',
  SERVICEBUS_CONNECTION__fullyQualifiedNamespace: 'soins-bus.servicebus.windows.net',
  SCANNER_MODE: 'clamd',
  CLAMD_HOST: '10.0.0.4',
  AUTH_ISSUER: 'https://login.example/v2.0',
  AUTH_AUTHORITY: 'https://login.example/',
  AUTH_CLIENT_ID: 'soins-spa',
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
