// Counts the round trips a use case makes one after another. Every call through a wrapped port waits for
// the next turn of the event loop, so the calls a use case makes together share one round, and a call
// that needs another's answer starts a new one: `rounds` is the length of the longest chain.

export interface RoundTrips {
  /** The port, each of its methods delayed to the current round. */
  through<T extends object>(port: T): T;
  readonly rounds: number;
  reset(): void;
}

export function roundTrips(): RoundTrips {
  let pending: Promise<void> | undefined;
  let rounds = 0;
  const trip = (): Promise<void> => {
    if (!pending) {
      rounds += 1;
      pending = new Promise((resolve) =>
        setImmediate(() => {
          pending = undefined;
          resolve();
        }),
      );
    }
    return pending;
  };
  return {
    through<T extends object>(port: T): T {
      return new Proxy(port, {
        get(target, key) {
          const value: unknown = Reflect.get(target, key, target);
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]): Promise<unknown> => {
            await trip();
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    },
    get rounds() {
      return rounds;
    },
    reset() {
      rounds = 0;
    },
  };
}
