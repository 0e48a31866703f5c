// The api's Sentry reporting, through the real @sentry/node SDK, against a local stand-in for Sentry's
// ingest endpoint: what arrives is the error with release and environment, and nothing personal.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorReporter } from '../src/adapters/telemetry/error-reporter';

let server: Server;
let dsn: string;
const envelopes: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      envelopes.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dsn = `http://public@127.0.0.1:${(server.address() as AddressInfo).port}/42`;
});

afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

describe('createErrorReporter', () => {
  // The first report loads the Sentry side bundle: the test waits for the envelope (up to 10 s), so its
  // own limit must be longer than that wait, or a busy machine fails it before the poll gives up.
  it(
    'sends the failure with release and environment, scrubbed of personal data',
    { timeout: 30_000 },
    async () => {
      const report = createErrorReporter({ dsn, release: '1.2.3', environment: 'azure' });
      report(new Error('could not email marie.dubois@example.be about 850101-123.45'), {
        function: 'email-send',
        recipient: 'marie.dubois@example.be',
      });
      await expect.poll(() => envelopes.length, { timeout: 10_000 }).toBeGreaterThan(0);
      await report.flush();
      const text = envelopes.join('\n');
      const event = text
        .split('\n')
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            return undefined;
          }
        })
        .find((item) => item && 'exception' in item);
      expect(event).toMatchObject({
        release: '1.2.3',
        environment: 'azure',
        tags: { function: 'email-send' },
      });
      expect(text).toContain('could not email [email] about [number]');
      expect(text).not.toContain('marie.dubois');
      expect(text).not.toContain('850101');
      expect(event).not.toHaveProperty('request');
      expect(event).not.toHaveProperty('user');
    },
  );

  it('does nothing, and loads nothing, without a DSN', async () => {
    const before = envelopes.length;
    const report = createErrorReporter({ dsn: undefined, release: '1', environment: 'local' });
    report(new Error('ignored'), {});
    await report.flush();
    expect(envelopes.length).toBe(before);
  });
});
