import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StripeObject } from './stripe-core';
import { ensureTlsCertificate } from '../identity/keys';
import { WebhookDispatcher } from './stripe-webhooks';
import { scratchDir } from '../../tests/support/scratch-dir';

interface Received {
  readonly id: string;
  readonly type: string;
  readonly signature: string;
  readonly raw: string;
}

/** A webhook endpoint answering `respond(eventId, nthDeliveryOfThatEvent)` (default 200). */
async function receiver(
  respond: (id: string, n: number) => number = () => 200,
  tls?: { readonly cert: string; readonly key: string },
) {
  const received: Received[] = [];
  const counts = new Map<string, number>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const event = JSON.parse(raw) as { id: string; type: string };
      const n = (counts.get(event.id) ?? 0) + 1;
      counts.set(event.id, n);
      received.push({
        id: event.id,
        type: event.type,
        signature: String(req.headers['stripe-signature']),
        raw,
      });
      res.statusCode = respond(event.id, n);
      res.end();
    });
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => {
          r();
        });
      }),
  };
}

const event = (id: string, type = 'invoice.paid'): StripeObject => ({
  id,
  object: 'event',
  type,
  created: 1_700_000_000,
  data: { object: { id: 'in_1', object: 'invoice' } },
});

const cleanups: (() => Promise<void>)[] = [];
const tlsDir = scratchDir('soins-webhook-tls-');
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dispatcher(...args: ConstructorParameters<typeof WebhookDispatcher>): WebhookDispatcher {
  const d = new WebhookDispatcher(...args);
  cleanups.push(() => d.close());
  return d;
}

describe('WebhookDispatcher', () => {
  it('delivers first attempts in emission order, signed, as pretty-printed JSON', async () => {
    const r = await receiver();
    cleanups.push(r.close);
    const d = dispatcher({ endpoints: [{ url: r.url, secret: 'whsec_a' }] });
    d.dispatch([event('evt_1', 'customer.subscription.created')], 'event');
    d.dispatch([event('evt_2', 'invoice.paid'), event('evt_3', 'checkout.session.completed')], 'event');
    expect(await d.settled()).toBe(0);
    expect(r.received.map((x) => x.id)).toEqual(['evt_1', 'evt_2', 'evt_3']);
    expect(r.received[0]?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(r.received[0]?.raw).toBe(JSON.stringify(event('evt_1', 'customer.subscription.created'), null, 2));
    expect(d.records().map((x) => x.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('posts to an https endpoint whose self-signed certificate it is given (the local gateway in TLS mode)', async () => {
    const tls = await ensureTlsCertificate(tlsDir);
    const r = await receiver(undefined, tls);
    cleanups.push(r.close);
    const trusted = dispatcher({ endpoints: [{ url: r.url, secret: 'whsec_a', ca: tls.cert }] });
    trusted.dispatch([event('evt_tls')], 'event');
    await trusted.settled();
    expect(r.received.map((x) => x.id)).toEqual(['evt_tls']);
    expect(trusted.records()[0]?.state).toBe('succeeded');

    const untrusting = dispatcher({
      endpoints: [{ url: r.url, secret: 'whsec_a' }],
      retry: { maxAttempts: 1 },
    });
    const [record] = untrusting.dispatch([event('evt_untrusted')], 'event');
    await untrusting.settled();
    expect(record?.state).toBe('failed');
    expect(record?.attempts[0]?.error).toMatch(/self[- ]signed/i);
    expect(r.received.map((x) => x.id)).toEqual(['evt_tls']);
  });

  it('retries a failing endpoint with backoff and records every attempt', async () => {
    const r = await receiver((_id, n) => (n < 3 ? 500 : 200));
    cleanups.push(r.close);
    const delivered: string[] = [];
    const d = dispatcher({
      endpoints: [{ url: r.url, secret: 'whsec_a' }],
      retry: { initialDelayMs: 20, maxAttempts: 5 },
      onDelivered: (id) => delivered.push(id),
    });
    const [record] = d.dispatch([event('evt_r')], 'event');
    await d.settled();
    expect(record?.state).toBe('succeeded');
    expect(record?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(record?.attempts[0]?.error).toBe('HTTP 500');
    const [a1, a2, a3] = (record?.attempts ?? []).map((a) => Date.parse(a.at));
    expect((a2 ?? 0) - (a1 ?? 0)).toBeGreaterThanOrEqual(15);
    expect((a3 ?? 0) - (a2 ?? 0)).toBeGreaterThanOrEqual(35);
    expect(delivered).toEqual(['evt_r']);
  });

  it('lets later events overtake one that is being retried', async () => {
    const r = await receiver((id, n) => (id === 'evt_a' && n === 1 ? 503 : 200));
    cleanups.push(r.close);
    const d = dispatcher({ endpoints: [{ url: r.url, secret: 'whsec_a' }], retry: { initialDelayMs: 30 } });
    d.dispatch([event('evt_a'), event('evt_b')], 'event');
    await d.settled();
    expect(r.received.map((x) => x.id)).toEqual(['evt_a', 'evt_b', 'evt_a']);
  });

  it('gives up after maxAttempts and when the endpoint is unreachable', async () => {
    const logs: string[] = [];
    const d = dispatcher({
      endpoints: [{ url: 'http://127.0.0.1:1/unreachable', secret: 'whsec_a' }],
      retry: { initialDelayMs: 5, maxAttempts: 3 },
      log: (l) => logs.push(l),
    });
    const [record] = d.dispatch([event('evt_x')], 'event');
    await d.settled();
    expect(record?.state).toBe('failed');
    expect(record?.attempts).toHaveLength(3);
    expect(record?.attempts.every((a) => a.status === null && a.error !== null)).toBe(true);
    expect(logs[0]).toContain('failed after 3 attempts');
  });

  it('honours per-endpoint retry options and enabled events', async () => {
    const r = await receiver(() => 500);
    cleanups.push(r.close);
    const d = dispatcher({ retry: { initialDelayMs: 5_000 }, log: () => undefined });
    d.addEndpoint({
      url: r.url,
      secret: 'whsec_a',
      enabledEvents: ['invoice.paid'],
      retry: { initialDelayMs: 5, maxAttempts: 2 },
    });
    expect(d.countFor('invoice.paid')).toBe(1);
    expect(d.countFor('customer.created')).toBe(0);
    d.dispatch([event('evt_1', 'customer.created'), event('evt_2', 'invoice.paid')], 'event');
    await d.settled();
    expect(r.received.map((x) => x.id)).toEqual(['evt_2', 'evt_2']);
  });

  it('replaces an endpoint registered again with the same URL, and removes one', () => {
    const d = dispatcher();
    d.addEndpoint({ url: 'http://127.0.0.1:9/a', secret: 'whsec_1' });
    d.addEndpoint({ url: 'http://127.0.0.1:9/a', secret: 'whsec_2' });
    expect(d.endpoints()).toEqual([{ url: 'http://127.0.0.1:9/a', secret: 'whsec_2' }]);
    expect(d.removeEndpoint('http://127.0.0.1:9/a')).toBe(true);
    expect(d.endpoints()).toEqual([]);
    expect(() => {
      d.addEndpoint({ url: 'ftp://x', secret: 'whsec_1' });
    }).toThrow(/Invalid webhook URL/);
  });

  it('settled() honours a timeout and close() cancels scheduled retries', async () => {
    const r = await receiver(() => 500);
    cleanups.push(r.close);
    const d = new WebhookDispatcher({
      endpoints: [{ url: r.url, secret: 'whsec_a' }],
      retry: { initialDelayMs: 60_000 },
    });
    const [record] = d.dispatch([event('evt_slow')], 'event');
    expect(await d.settled(100)).toBe(1);
    expect(record?.nextAttemptAt).not.toBeNull();
    await d.close();
    expect(record?.state).toBe('failed');
    expect(await d.settled()).toBe(0);
    expect(d.dispatch([event('evt_after')], 'event')).toEqual([]);
  });
});
