import type { TokenCredential } from '@azure/core-auth';
import { CosmosClient, type CosmosClientOptions, type PluginConfig } from '@azure/cosmos';
import https from 'node:https';
import type { Config } from '../../config';
import { deferredQueryPlans } from './query-plans';

/**
 * Azure: the managed identity (`aadCredentials`; the account has local auth disabled, so keys fail).
 * Emulator: its well-known key. The local emulator (@vercel/cosmosdb-server) serves an expired
 * self-signed certificate and no region metadata: skip TLS verification for that endpoint only and
 * turn endpoint discovery off.
 */
export function createCosmosClient(
  config: Pick<Config, 'COSMOS_ENDPOINT' | 'COSMOS_KEY' | 'COSMOS_ALLOW_INSECURE_EMULATOR'>,
  credential?: TokenCredential,
): CosmosClient {
  const insecure = config.COSMOS_ALLOW_INSECURE_EMULATOR;
  if (!config.COSMOS_KEY && !credential) throw new Error('COSMOS_KEY or a credential is required');
  // `plugins` is left out of the options' public type; the client takes it.
  const options: CosmosClientOptions & { readonly plugins: PluginConfig[] } = {
    endpoint: config.COSMOS_ENDPOINT,
    ...(config.COSMOS_KEY ? { key: config.COSMOS_KEY } : { aadCredentials: credential }),
    connectionPolicy: insecure
      ? {
          enableEndpointDiscovery: false,
          requestTimeout: 5_000,
          retryOptions: {
            maxRetryAttemptCount: 1,
            fixedRetryIntervalInMilliseconds: 100,
            maxWaitTimeInSeconds: 2,
          },
        }
      : { requestTimeout: 10_000 },
    ...(insecure && config.COSMOS_ENDPOINT.startsWith('https:')
      ? { agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }) }
      : {}),
    // Single-partition queries send their query plan request only if the gateway asks for it (query-plans.ts).
    plugins: [deferredQueryPlans()],
  };
  return new CosmosClient(options);
}
