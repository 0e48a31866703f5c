// Shared by the Function App's entry point (entry/main.ts) and the api it starts (main.ts).

/** What became of the build's code cache at start-up: set by entry/main.ts, logged by the api. */
export type CodeCacheStatus = 'accepted' | 'rejected' | 'absent';
export const CODE_CACHE_STATUS = Symbol.for('soins.codeCache');
/** Set by the build only: the entry point runs the bundle once, then writes the cache of what it compiled. */
export const WRITE_CODE_CACHE = 'SOINS_WRITE_CODE_CACHE';
