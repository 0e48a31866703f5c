// The one way a test reaches the integration run's Cosmos emulator directly (to seed or read documents the
// api owns): its endpoint and well-known key, without endpoint discovery (the emulator has no regions).
import { CosmosClient } from '@azure/cosmos';
import type { EmulatorEnv } from '../setup/emulator-env';

export function emulatorCosmosClient(
  emulators: Pick<EmulatorEnv, 'cosmosEndpoint' | 'cosmosKey'>,
): CosmosClient {
  return new CosmosClient({
    endpoint: emulators.cosmosEndpoint,
    key: emulators.cosmosKey,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
}
