// The services a bench starts, stopped again last first: at its end, and also when a later one fails to
// start (clamd missing, a port taken…), so a failed bench leaves nothing running. Its data directory goes
// with them.
import { rmSync } from 'node:fs';

export interface ServiceScope {
  /** Awaits a starting service and registers its stop; if it fails, stops what started before, then throws. */
  readonly started: <T extends { stop(): Promise<void> }>(service: Promise<T>) => Promise<T>;
  /** Stops every registered service (last first) and removes the data directory. */
  readonly stopAll: () => Promise<void>;
}

export function serviceScope(dataDir: string): ServiceScope {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0)) await stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    started: async (service) => {
      try {
        const running = await service;
        stops.unshift(() => running.stop());
        return running;
      } catch (error) {
        await stopAll();
        throw error;
      }
    },
    stopAll,
  };
}
