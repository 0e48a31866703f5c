import { z } from 'zod';
import { ConfigError } from '../config';
import { RotateInamiKeys, type RotationReport } from '../domain/inami-use-cases';
import { lazyAzureCredential } from './azure/credential';
import { createCosmosClient } from './cosmos/client';
import { CosmosInamiStore } from './cosmos/inami-store';
import { createInamiCrypto, KeyConfigError } from './crypto/field-cipher';

// The settings the rotation reads: the api's own names, so it runs with the api's environment.
const settingsSchema = z.object({
  COSMOS_ENDPOINT: z.url({ message: 'expected the Cosmos DB account URL' }),
  /** Emulator only. Unset (Azure, where local auth is off): the operator's Entra identity. */
  COSMOS_KEY: z.string().min(1).optional(),
  AZURE_CLIENT_ID: z.string().optional(),
  COSMOS_DATABASE: z.string().min(1).default('soins'),
  COSMOS_ALLOW_INSECURE_EMULATOR: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  INAMI_ENCRYPTION_KEYS: z.string().optional(),
  INAMI_ENCRYPTION_CURRENT: z.string().optional(),
  INAMI_INDEX_KEYS: z.string().optional(),
  INAMI_INDEX_CURRENT: z.string().optional(),
});

/**
 * Re-encrypts every stored INAMI number written with an older encryption key and re-indexes those
 * indexed with an older index key (see RotateInamiKeys). Throws a ConfigError listing bad settings
 * (names only, never values). The report holds counts and opaque user ids, never numbers.
 */
export async function runInamiKeyRotation(
  env: Readonly<Record<string, string | undefined>>,
  options: { pageSize?: number } = {},
): Promise<RotationReport> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = settingsSchema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  let crypto: ReturnType<typeof createInamiCrypto> | undefined;
  try {
    crypto = createInamiCrypto(cleaned);
  } catch (error) {
    if (!(error instanceof KeyConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (!parsed.success || !crypto || problems.length > 0) throw new ConfigError([...new Set(problems)].sort());

  const settings = parsed.data;
  // In Azure the account refuses keys: DefaultAzureCredential signs in as the operator (`az login`),
  // who needs a Cosmos DB data role for the time of the rotation (docs/runbook.md).
  const cosmos = createCosmosClient(
    settings,
    lazyAzureCredential(
      settings.AZURE_CLIENT_ID ? { managedIdentityClientId: settings.AZURE_CLIENT_ID } : {},
    ),
  );
  try {
    const store = new CosmosInamiStore(cosmos, settings.COSMOS_DATABASE);
    const rotation = new RotateInamiKeys(store, crypto.cipher, crypto.index, { now: () => new Date() });
    return await rotation.execute(options.pageSize ? { pageSize: options.pageSize } : {});
  } finally {
    cosmos.dispose();
  }
}
