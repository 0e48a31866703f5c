// The Function App's entry point (main.cjs): runs the api's bundle (app.cjs) with the V8 code cache that
// scripts/build-api.ts made from the same bundle (app.cjs.cache), so a cold start does not parse the
// 1.1 MB bundle again (most of its import time). V8 checks the cache against the source text and its
// own version and flags: a cache from another Node version is rejected, and the bundle is then compiled
// as `require` would compile it. Nothing else differs from requiring app.cjs.
import { readFileSync, writeFileSync } from 'node:fs';
import { wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { CODE_CACHE_STATUS, WRITE_CODE_CACHE, type CodeCacheStatus } from './code-cache';

const file = join(__dirname, 'app.cjs');
const cacheFile = `${file}.cache`;
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new Script(wrap(readFileSync(file, 'utf8')), {
  filename: file,
  ...(cachedData ? { cachedData } : {}),
});
const status: CodeCacheStatus = !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
(globalThis as Record<symbol, unknown>)[CODE_CACHE_STATUS] = status;
const moduleFunction = script.runInThisContext() as (...args: unknown[]) => void;
moduleFunction.call(module.exports, module.exports, require, module, file, __dirname);
// After the run, the cache also holds the functions the start-up compiled (registrations, config, schemas).
if (process.env[WRITE_CODE_CACHE] === '1') writeFileSync(cacheFile, script.createCachedData());
