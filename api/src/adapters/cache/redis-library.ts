// `ioredis`, loaded on the first cache call only when REDIS_URL is set (redis-cache.ts). scripts/build-api.ts
// builds this module into its own file next to main.cjs (`redis-library.cjs`), so the api's cold import
// neither parses nor runs it.
export { Redis } from 'ioredis';
