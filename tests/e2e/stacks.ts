// Which local runtime a Playwright worker drives: the e2e global setup starts one per worker and lists
// them in SOINS_E2E_STACKS; each worker process takes the one at its parallel index (stable across the
// worker restarts that follow a failure), so the specs' `env(...)` and `baseURL` point at its own stack.

export const E2E_STACKS_VARIABLE = 'SOINS_E2E_STACKS';

/**
 * Debian's Chromium headless shell (package chromium-headless-shell, the same engine and version as
 * chromium): what Playwright itself runs for headless tests. It needs ~12 % less CPU than the full
 * browser's headless mode (the browser process half of it), on specs that are CPU-bound on two cores.
 */
export const E2E_CHROMIUM = '/usr/bin/chromium-headless-shell';

/** What the specs read from the environment about their runtime. */
export interface E2eStack {
  readonly SOINS_E2E_BASE_URL: string;
  readonly SOINS_E2E_FUNCTIONS_URL: string;
  readonly SOINS_E2E_MAIL_URL: string;
  readonly SOINS_E2E_AZURITE_BLOB_PORT: string;
  readonly SOINS_E2E_COSMOS_URL: string;
  readonly SOINS_DATA_DIR: string;
  readonly SOINS_E2E_IDP_URL: string;
}

/** The stack of the worker at `parallelIndex`, or undefined outside a run with started stacks. */
export function e2eStackFor(
  env: Readonly<Record<string, string | undefined>>,
  parallelIndex: number,
): E2eStack | undefined {
  const listed = env[E2E_STACKS_VARIABLE];
  if (!listed) return undefined;
  const stacks = JSON.parse(listed) as E2eStack[];
  if (stacks.length === 0) return undefined;
  return stacks[parallelIndex % stacks.length];
}

/** In a worker process: points this process's environment at the worker's own stack. */
export function useWorkerStack(): void {
  const index = Number(process.env.TEST_PARALLEL_INDEX ?? '0');
  const stack = e2eStackFor(process.env, Number.isInteger(index) ? index : 0);
  if (stack) Object.assign(process.env, stack);
}
