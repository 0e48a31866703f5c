// Re-encrypts stored INAMI numbers under the current keys.
//   npm run inami:rotate-keys                                  (settings from the environment, as the api)
//   npm run inami:rotate-keys -- --settings local.settings.json (fills unset settings from that file's Values)
//   npm run inami:rotate-keys -- --new-key                      (prints a fresh random key and exits)
// Rotation: add the new key version to INAMI_ENCRYPTION_KEYS (or INAMI_INDEX_KEYS) on every instance,
// switch INAMI_ENCRYPTION_CURRENT (or INAMI_INDEX_CURRENT) to it, run this until it reports 0 updated,
// then retire the old key. Prints counts and opaque user ids only, never a number.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../api/src/config';
import { generateKey } from '../api/src/adapters/crypto/field-cipher';
import { runInamiKeyRotation } from '../api/src/adapters/inami-key-rotation';

const { values } = parseArgs({
  options: {
    settings: { type: 'string' },
    'page-size': { type: 'string', default: '100' },
    'new-key': { type: 'boolean', default: false },
  },
});

if (values['new-key']) {
  console.log(generateKey());
  process.exit(0);
}

function settingsFrom(path: string | undefined): Record<string, string> {
  if (!path) return {};
  const file = JSON.parse(readFileSync(path, 'utf8')) as { Values?: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(file.Values ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

const pageSize = Number(values['page-size']);
if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
  console.error('--page-size must be an integer between 1 and 1000');
  process.exit(1);
}

// The environment wins over the settings file, as for the api.
const env = { ...settingsFrom(values.settings), ...process.env };

try {
  const started = Date.now();
  const report = await runInamiKeyRotation(env, { pageSize });
  console.log(
    `INAMI key rotation: scanned ${report.scanned}, updated ${report.updated} ` +
      `(re-encrypted ${report.reencrypted}, re-indexed ${report.reindexed}), unchanged ${report.unchanged}, ` +
      `failed ${report.failed}, conflicts ${report.conflicts}, skipped ${report.skipped} ` +
      `in ${Date.now() - started} ms`,
  );
  if (report.attention.length > 0) {
    console.log(`Needs attention (user ids): ${report.attention.join(', ')}`);
  }
  if (report.skipped > 0) console.log('Some records changed during the run: run the command again.');
  process.exit(report.failed + report.conflicts + report.skipped > 0 ? 2 : 0);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  // Cosmos errors can echo request bodies; print the kind and status only.
  const status =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown';
  console.error(
    `INAMI key rotation failed (${error instanceof Error ? error.name : 'error'}, code ${status})`,
  );
  process.exit(1);
}
