// Parity: the local host refuses at start-up every registration the Azure Functions host (and its
// Node.js worker) refuses, with their messages; see ./validation.ts for the sources of each rule.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleFunctionsApp } from '../../scripts/build-api';
import { findFreePort } from '../lib/service';
import { startFunctionsHost } from './host';
import { loadRegistrations } from './registry';
import { findViolations, RegistrationError, type RegistrationRule } from './validation';
import { scratchDir } from '../../tests/support/scratch-dir';

let bundle: string;
const workDir = scratchDir('registration-rules-');
const hostJsonPath = join(import.meta.dirname, '..', '..', 'host.json');

beforeAll(async () => {
  bundle = join(workDir, 'fixture.cjs');
  await bundleFunctionsApp(join(import.meta.dirname, 'fixtures', 'registration-rules.ts'), bundle);
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => {
        resolve(false);
      })
      .listen(port, '127.0.0.1', () => {
        server.close(() => {
          resolve(true);
        });
      });
  });
}

/** Starts the host on the fixture case and returns the error it refused to start with. */
async function refusal(fixtureCase: string): Promise<{ error: RegistrationError; port: number }> {
  const port = await findFreePort();
  const beforeReady = vi.fn(() => Promise.resolve());
  const error: unknown = await startFunctionsHost({
    bundlePath: bundle,
    hostJsonPath,
    env: { FIXTURE_CASE: fixtureCase, AzureWebJobsStorage: 'UseDevelopmentStorage=true' },
    port,
    scheduleTimers: false,
    log: () => undefined,
    beforeReady,
  }).then(
    async (host) => {
      await host.stop();
      return undefined;
    },
    (reason: unknown) => reason,
  );
  expect(error, `the host started with ${fixtureCase}`).toBeInstanceOf(RegistrationError);
  expect(beforeReady).not.toHaveBeenCalled();
  return { error: error as RegistrationError, port };
}

const cases: {
  case: string;
  functionName: string;
  rule: RegistrationRule;
  message: string;
}[] = [
  {
    case: 'reserved-admin-route',
    functionName: 'manage-users',
    rule: 'reserved-route',
    message: 'The specified route conflicts with one or more built in routes.',
  },
  {
    case: 'reserved-route-case-and-slash',
    functionName: 'manage-users',
    rule: 'reserved-route',
    message: 'The specified route conflicts with one or more built in routes.',
  },
  {
    case: 'reserved-prefix-without-separator',
    functionName: 'staff',
    rule: 'reserved-route',
    message: 'The specified route conflicts with one or more built in routes.',
  },
  {
    case: 'reserved-runtime-name',
    functionName: 'runtime-status',
    rule: 'reserved-route',
    message: 'The specified route conflicts with one or more built in routes.',
  },
  {
    case: 'function-name',
    functionName: 'items.search',
    rule: 'function-name',
    message: "'items.search' is not a valid function name.",
  },
  {
    case: 'function-name-host',
    functionName: 'host',
    rule: 'function-name',
    message: "'host' is not a valid function name.",
  },
  {
    case: 'binding-name',
    functionName: 'items-doc',
    rule: 'binding-name',
    message: 'The binding name item-doc is invalid. Please assign a valid name to the binding.',
  },
  {
    case: 'duplicate-binding',
    functionName: 'items-doc',
    rule: 'duplicate-binding',
    message: "Multiple bindings with name 'Doc' discovered. Binding names must be unique.",
  },
  {
    case: 'duplicate-function',
    functionName: 'items-list',
    rule: 'duplicate-function',
    message: 'A function with id "items-list" has already been registered.',
  },
  {
    case: 'duplicate-function-case',
    functionName: 'Items-List',
    rule: 'duplicate-function',
    message:
      "Method overloads are not supported. There are multiple methods with the name 'Host.Functions.Items-List'.",
  },
  {
    case: 'route-conflict',
    functionName: 'items-search',
    rule: 'route-conflict',
    message: "The route specified conflicts with the route defined by function 'items-list'.",
  },
  {
    case: 'route-conflict-default-route',
    functionName: 'items',
    rule: 'route-conflict',
    message: "The route specified conflicts with the route defined by function 'items-list'.",
  },
];

describe('local Functions host: registrations Azure refuses stop the start-up', () => {
  for (const expected of cases) {
    it(`${expected.case}: ${expected.rule}`, async () => {
      const { error, port } = await refusal(expected.case);
      expect(error.violations).toEqual([
        expect.objectContaining({
          functionName: expected.functionName,
          rule: expected.rule,
          message: expected.message,
        }),
      ]);
      // One line that names the function, the rule and the host's message.
      expect(error.message).not.toContain('\n');
      expect(error.message).toContain(`'${expected.functionName}'`);
      expect(error.message).toContain(`[${expected.rule}]`);
      expect(error.message).toContain(expected.message);
      // Nothing is left listening after a refused start.
      expect(await portIsFree(port)).toBe(true);
    });
  }

  it('accepts the near misses Azure accepts', () => {
    vi.stubEnv('FIXTURE_CASE', 'accepted');
    const registry = loadRegistrations(bundle);
    expect([...registry.functions.keys()].sort()).toEqual(
      [
        'admin-cleanup',
        'api-admin-like',
        'items-create',
        'items-doc',
        'items-list',
        'manage-users-list',
        'my-admin',
      ].sort(),
    );
  });
});

describe('registration rules the @azure/functions library cannot produce', () => {
  const http = { type: 'httpTrigger', direction: 'in', methods: ['GET'], route: 'items' };

  it('requires a trigger binding', () => {
    expect(
      findViolations([{ name: 'orphan', bindings: { doc: { type: 'blob', direction: 'in' } } }]),
    ).toEqual([expect.objectContaining({ functionName: 'orphan', rule: 'no-trigger' })]);
    expect(findViolations([{ name: 'empty', bindings: {} }])).toEqual([
      expect.objectContaining({ functionName: 'empty', rule: 'no-binding' }),
    ]);
  });

  it('requires $return to be an output', () => {
    expect(
      findViolations([
        { name: 'items', bindings: { trigger: http, $return: { type: 'http', direction: 'in' } } },
      ]),
    ).toEqual([
      expect.objectContaining({
        rule: 'return-binding-direction',
        message: "$return bindings must specify a direction of 'out'.",
      }),
    ]);
  });

  it('treats a trigger without methods as every method', () => {
    const all = { type: 'httpTrigger', direction: 'in', route: 'items' };
    expect(
      findViolations([
        { name: 'items-list', bindings: { trigger: http } },
        { name: 'items-any', bindings: { trigger: all } },
      ]),
    ).toEqual([expect.objectContaining({ functionName: 'items-any', rule: 'route-conflict' })]);
  });

  it('names the first refused function in full and counts the others on the same line', () => {
    const error = new RegistrationError(
      findViolations([
        { name: 'admin-a', bindings: { trigger: { ...http, route: 'admin/a' } } },
        { name: 'admin-b', bindings: { trigger: { ...http, route: 'runtime/b' } } },
      ]),
    );
    expect(error.message).toBe(
      "Function 'admin-a' would be refused by Azure [reserved-route]: The specified route conflicts with one or more built in routes. Its route 'admin/a' starts with 'admin' (reserved: admin, runtime; the routePrefix does not matter). (1 more refused: admin-b)",
    );
  });
});
