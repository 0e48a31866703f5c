// docs/configuration.md is generated from the config schema and the Bicep (npm run docs:config).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configKeys } from '../../api/src/config';
import { CONFIG_REFERENCE, configReference } from '../tools/config-reference';

describe('docs/configuration.md', () => {
  it('is up to date with api/src/config.ts and infra/main.bicep (run npm run docs:config)', async () => {
    expect(readFileSync(CONFIG_REFERENCE, 'utf8')).toBe(await configReference());
  });

  it('lists every setting the api reads', async () => {
    const text = await configReference();
    for (const key of configKeys) expect(text).toContain(`| \`${key}\``);
  });
});
