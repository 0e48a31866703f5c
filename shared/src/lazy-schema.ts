// Schemas built on first use. A zod schema costs its construction when its module loads: built eagerly, the
// shared schemas took ~60 ms of the api's cold start (most of them unused by the one function a cold instance
// runs first). `lazySchema(() => z.object(…))` is the schema itself for every use (parse, extend, nesting in
// another schema, `z.infer`): a proxy that builds it at its first property read, then forwards everything to it.
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    has: (_, key) => Reflect.has(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
    ownKeys: () => Reflect.ownKeys(schema()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      // A proxy may not report a property as non-configurable unless its target has it so: reported configurable.
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
  });
}
