// Captures what the api registers with `@azure/functions` / `durable-functions` without the Core Tools.
// `@azure/functions` requires the worker-provided module `@azure/functions-core`; we answer that
// require with an object that records every registration, then load the api bundle unmodified.
import Module from 'node:module';

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

type ModuleLoad = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: ModuleLoad };

let activeRegistry: Map<string, RegisteredFunction> | undefined;
let installed = false;

function fakeCoreApi(): object {
  return {
    version: 'soins-local-host',
    hostVersion: '4.0.0-local',
    registerFunction(metadata: CoreMetadata, handler: (...args: unknown[]) => unknown) {
      if (!activeRegistry) throw new Error('registerFunction called outside loadRegistrations()');
      const trigger = Object.values(metadata.bindings).find(
        (b) => b.direction === 'in' && b.type.endsWith('Trigger'),
      );
      if (!trigger) throw new Error(`Function ${metadata.name} has no trigger binding`);
      if (activeRegistry.has(metadata.name)) throw new Error(`Function ${metadata.name} registered twice`);
      activeRegistry.set(metadata.name, {
        name: metadata.name,
        bindings: metadata.bindings,
        trigger,
        retryOptions: metadata.retryOptions,
        handler,
      });
      return { dispose: () => activeRegistry?.delete(metadata.name) };
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

/** Loads a CommonJS bundle (the api's built `main.cjs`) and returns every function it registered. */
export function loadRegistrations(bundlePath: string): Registry {
  installInterceptor();
  const functions = new Map<string, RegisteredFunction>();
  activeRegistry = functions;
  let exported: unknown;
  try {
    const requireFromHere = Module.createRequire(import.meta.url);
    const resolved = requireFromHere.resolve(bundlePath);
    // A fresh load every time so tests and restarts re-run the composition root.
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete requireFromHere.cache[resolved];
    exported = requireFromHere(resolved);
  } finally {
    activeRegistry = undefined;
  }
  return {
    functions,
    exports: exported,
    byTriggerType: (type) => [...functions.values()].filter((f) => f.trigger.type === type),
  };
}
