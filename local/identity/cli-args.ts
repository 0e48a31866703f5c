// Command-line arguments of local/identity/cli.ts.
import { resolve } from 'node:path';
import type { IdentityProviderOptions } from './provider';

export const USAGE =
  'Usage: node --import tsx local/identity/cli.ts --port 8443 --data .data/identity ' +
  '--spa-origin http://localhost:4280 [--spa-origin URL ...] [--access-ttl SECONDS] [--refresh-ttl SECONDS] [--host 127.0.0.1]';

export class UsageError extends Error {}

function integer(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`${name} must be an integer between ${min} and ${max}`);
  }
  return n;
}

export function parseArgs(argv: readonly string[]): IdentityProviderOptions {
  let port = 8443;
  let dataDir = resolve('.data', 'identity');
  const spaOrigins: string[] = [];
  let accessTokenTtlSeconds: number | undefined;
  let refreshTokenTtlSeconds: number | undefined;
  let host: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i] ?? '';
    const [flag, inline] = name.includes('=')
      ? [name.slice(0, name.indexOf('=')), name.slice(name.indexOf('=') + 1)]
      : [name, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    switch (flag) {
      case '--port':
        port = integer('--port', value(), 1, 65535);
        break;
      case '--data':
        dataDir = resolve(value());
        break;
      case '--spa-origin':
        spaOrigins.push(value().replace(/\/+$/, ''));
        break;
      case '--access-ttl':
        accessTokenTtlSeconds = integer('--access-ttl', value(), 1, 86_400);
        break;
      case '--refresh-ttl':
        refreshTokenTtlSeconds = integer('--refresh-ttl', value(), 1, 365 * 86_400);
        break;
      case '--host':
        host = value();
        break;
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown argument ${name}`);
    }
  }
  if (spaOrigins.length === 0) spaOrigins.push('http://localhost:4280', 'http://127.0.0.1:4280');
  return {
    port,
    dataDir,
    spaOrigins,
    ...(accessTokenTtlSeconds !== undefined ? { accessTokenTtlSeconds } : {}),
    ...(refreshTokenTtlSeconds !== undefined ? { refreshTokenTtlSeconds } : {}),
    ...(host !== undefined ? { host } : {}),
  };
}
