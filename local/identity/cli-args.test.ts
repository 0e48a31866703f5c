import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from './cli-args';

describe('identity CLI arguments', () => {
  it('parses the documented flags', () => {
    expect(
      parseArgs([
        '--port',
        '9443',
        '--data',
        '.data/identity',
        '--spa-origin',
        'http://localhost:4280/',
        '--spa-origin=http://127.0.0.1:4280',
        '--access-ttl',
        '30',
        '--host',
        '0.0.0.0',
      ]),
    ).toEqual({
      port: 9443,
      dataDir: resolve('.data/identity'),
      spaOrigins: ['http://localhost:4280', 'http://127.0.0.1:4280'],
      accessTokenTtlSeconds: 30,
      host: '0.0.0.0',
    });
  });

  it('defaults to port 8443 and the local SPA origins', () => {
    expect(parseArgs([])).toMatchObject({
      port: 8443,
      spaOrigins: ['http://localhost:4280', 'http://127.0.0.1:4280'],
    });
  });

  it('rejects bad input', () => {
    expect(() => parseArgs(['--port', 'abc'])).toThrow(UsageError);
    expect(() => parseArgs(['--access-ttl', '0'])).toThrow(UsageError);
    expect(() => parseArgs(['--data'])).toThrow(UsageError);
    expect(() => parseArgs(['--nope'])).toThrow(UsageError);
  });
});
