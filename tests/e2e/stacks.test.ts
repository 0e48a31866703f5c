// Each Playwright worker drives its own local runtime: the one at its parallel index.
import { describe, expect, it } from 'vitest';
import { E2E_STACKS_VARIABLE, e2eStackFor, type E2eStack } from './stacks';

const stack = (n: number): E2eStack => ({
  SOINS_E2E_BASE_URL: `http://localhost:${4000 + n}`,
  SOINS_E2E_FUNCTIONS_URL: `http://127.0.0.1:${5000 + n}`,
  SOINS_E2E_MAIL_URL: `http://127.0.0.1:${6000 + n}`,
  SOINS_E2E_AZURITE_BLOB_PORT: String(7000 + n),
  SOINS_E2E_COSMOS_URL: `http://127.0.0.1:${8000 + n}/`,
  SOINS_DATA_DIR: `/tmp/soins-e2e-${n}`,
  SOINS_E2E_IDP_URL: `https://localhost:${9000 + n}`,
});

describe('the runtime of a Playwright worker', () => {
  const env = { [E2E_STACKS_VARIABLE]: JSON.stringify([stack(0), stack(1)]) };

  it('is the stack at its parallel index, so two workers never share one', () => {
    expect(e2eStackFor(env, 0)).toEqual(stack(0));
    expect(e2eStackFor(env, 1)).toEqual(stack(1));
    expect(e2eStackFor(env, 0)?.SOINS_DATA_DIR).not.toBe(e2eStackFor(env, 1)?.SOINS_DATA_DIR);
  });

  it('is none when the runtime was started outside the run (SOINS_E2E_BASE_URL)', () => {
    expect(e2eStackFor({ SOINS_E2E_BASE_URL: 'http://localhost:4280' }, 0)).toBeUndefined();
  });
});
