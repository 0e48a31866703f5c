// host.json settings the local host applies, and the app settings that override them as in Azure
// (`AzureFunctionsJobHost__extensions__…`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureHostJsonPath } from './fixtures/fixture-host';
import { countSetting } from './host';

describe('host.json count settings', () => {
  it('takes host.json’s value when no app setting overrides it', () => {
    expect(countSetting({}, ['serviceBus', 'maxConcurrentCalls'], 3)).toBe(3);
    expect(countSetting({}, ['serviceBus', 'maxConcurrentCalls'], undefined)).toBeUndefined();
  });

  it('lets the app setting override host.json, as Azure does', () => {
    const env = { AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions: '4' };
    expect(countSetting(env, ['durableTask', 'maxConcurrentActivityFunctions'], 1)).toBe(4);
    expect(countSetting(env, ['durableTask', 'maxConcurrentOrchestratorFunctions'], 1)).toBe(1);
  });

  it('refuses a value that is not a whole number of at least 1', () => {
    for (const bad of ['0', '-2', '1.5', 'many', '']) {
      expect(() =>
        countSetting(
          { AzureFunctionsJobHost__extensions__serviceBus__maxConcurrentCalls: bad },
          ['serviceBus', 'maxConcurrentCalls'],
          2,
        ),
      ).toThrow(/maxConcurrentCalls.*whole number/);
    }
  });

  it('host.json runs background work one at a time on an instance (learners’ requests come first)', () => {
    const hostJson = JSON.parse(readFileSync(fixtureHostJsonPath, 'utf8')) as {
      extensions: {
        serviceBus: { maxConcurrentCalls: number };
        durableTask: { maxConcurrentActivityFunctions: number; maxConcurrentOrchestratorFunctions: number };
      };
    };
    expect(hostJson.extensions.serviceBus.maxConcurrentCalls).toBe(1);
    expect(hostJson.extensions.durableTask.maxConcurrentActivityFunctions).toBe(1);
    expect(hostJson.extensions.durableTask.maxConcurrentOrchestratorFunctions).toBe(1);
  });
});
