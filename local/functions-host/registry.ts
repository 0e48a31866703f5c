// Captures what the api registers with `@azure/functions` / `durable-functions` without the Core Tools.
// `@azure/functions` requires the worker-provided module `@azure/functions-core`; we answer that
// require with an object that records every registration, then load the api bundle unmodified.
// The registrations then pass the checks Azure applies (./validation) or the load fails.
import Module from 'node:module';
import { assertRegistrationsValid } from './validation';

export interface BindingInfo {
  readonly type: string;
  readonly direction?: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

export interface RegisteredFunction {
  readonly name: string;
  readonly bindings: Record<string, BindingInfo>;
  readonly trigger: BindingInfo;
  readonly retryOptions?: unknown;
  readonly handler: (...args: unknown[]) => unknown;
}

export interface Registry {
  readonly functions: Map<string, RegisteredFunction>;
  /** What the bundle exports (the api exports its composition, used for the local bootstrap). */
  readonly exports: unknown;
  byTriggerType(type: string): RegisteredFunction[];
}

interface CoreMetadata {
  name: string;
  bindings: Record<string, BindingInfo>;
  retryOptions?: unknown;
}

interface CapturedRegistration {
  readonly metadata: CoreMetadata;
  readonly handler: (...args: unknown[]) => unknown;
}

type ModuleLoad = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: ModuleLoad };

let activeRegistrations: CapturedRegistration[] | undefined;
let installed = false;

function fakeCoreApi(): object {
  return {
    version: 'soins-local-host',
    hostVersion: '4.0.0-local',
    registerFunction(metadata: CoreMetadata, handler: (...args: unknown[]) => unknown) {
      const registrations = activeRegistrations;
      if (!registrations) throw new Error('registerFunction called outside loadRegistrations()');
      // Every call is kept, duplicates included: the checks run once the whole app has registered.
      const captured = { metadata, handler };
      registrations.push(captured);
      return {
        dispose: () => {
          const index = registrations.indexOf(captured);
          if (index >= 0) registrations.splice(index, 1);
        },
      };
    },
    setProgrammingModel: () => undefined,
    getProgrammingModel: () => undefined,
    registerHook: () => ({ dispose: () => undefined }),
    log: () => undefined,
    Disposable: class {
      dispose(): void {
        /* nothing to release locally */
      }
    },
  };
}

function installInterceptor(): void {
  if (installed) return;
  installed = true;
  const core = fakeCoreApi();
  const originalLoad = moduleWithLoad._load;
  moduleWithLoad._load = function load(request: string, parent: unknown, isMain: boolean): unknown {
    if (request === '@azure/functions-core') return core;
    return originalLoad.call(this, request, parent, isMain);
  };
}

/**
 * Loads a CommonJS bundle (the api's built `main.cjs`) and returns every function it registered.
 * Throws a RegistrationError (one line naming the function and the rule) when Azure would refuse one.
 */
export function loadRegistrations(bundlePath: string): Registry {
  installInterceptor();
  const registrations: CapturedRegistration[] = [];
  activeRegistrations = registrations;
  let exported: unknown;
  try {
    const requireFromHere = Module.createRequire(import.meta.url);
    const resolved = requireFromHere.resolve(bundlePath);
    // A fresh load every time so tests and restarts re-run the composition root.
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete requireFromHere.cache[resolved];
    exported = requireFromHere(resolved);
  } finally {
    activeRegistrations = undefined;
  }
  assertRegistrationsValid(registrations.map((r) => r.metadata));
  const functions = new Map<string, RegisteredFunction>();
  for (const { metadata, handler } of registrations) {
    const trigger = Object.values(metadata.bindings).find(
      (b) => b.direction === 'in' && b.type.toLowerCase().endsWith('trigger'),
    );
    // Validated above: every function has exactly one name and a trigger binding.
    if (!trigger) throw new Error(`Function ${metadata.name} has no trigger binding`);
    functions.set(metadata.name, {
      name: metadata.name,
      bindings: metadata.bindings,
      trigger,
      retryOptions: metadata.retryOptions,
      handler,
    });
  }
  return {
    functions,
    exports: exported,
    byTriggerType: (type) => [...functions.values()].filter((f) => f.trigger.type === type),
  };
}
