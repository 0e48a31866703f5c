// The real api bundle (built from main.ts exactly as it is deployed) registers nothing Azure would
// refuse: a new `admin/…` route, an invalid name or a duplicate route fails here, in `npm test`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApiPackage } from '../../scripts/build-api';
import { loadRegistrations, type Registry } from './registry';
import { describeViolation, RegistrationError } from './validation';
import { scratchDir } from '../../tests/support/scratch-dir';

const root = join(import.meta.dirname, '..', '..');
let bundle: string;
const workDir = scratchDir('api-registrations-');

beforeAll(async () => {
  ({ bundle } = await buildApiPackage(workDir));
}, 60_000);

function load(): { registry?: Registry; refused: string[] } {
  const sample = JSON.parse(readFileSync(join(root, 'local.settings.sample.json'), 'utf8')) as {
    Values: Record<string, string>;
  };
  // vi.stubEnv: undone after the test (unstubEnvs), so nothing leaks into the files that share this worker.
  for (const [key, value] of Object.entries({ ...sample.Values, SOINS_ENV: 'test', LOG_LEVEL: 'error' })) {
    vi.stubEnv(key, value);
  }
  try {
    return { registry: loadRegistrations(bundle), refused: [] };
  } catch (error) {
    if (error instanceof RegistrationError) return { refused: error.violations.map(describeViolation) };
    throw error;
  }
}

describe('the api bundle on Azure’s terms', () => {
  it('registers no function the Functions host would refuse', () => {
    const { registry, refused } = load();
    expect(refused).toEqual([]);
    const http = registry?.byTriggerType('httpTrigger') ?? [];
    expect(http.length).toBeGreaterThan(20);
    // The staff api lives under manage/ (admin/… and runtime/… belong to the host).
    expect(http.filter((f) => String(f.trigger.route).startsWith('manage/')).length).toBeGreaterThan(0);
  });
});
