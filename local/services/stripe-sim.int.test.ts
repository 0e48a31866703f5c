import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../lib/service';
import { encodeStripeForm } from './stripe-form';
import { startStripeSim } from './stripe-sim';

type Json = Record<string, unknown>;

function stripe(base: string, key: string | undefined) {
  return async (method: string, path: string, data?: Json, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(data ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      ...(data ? { body: encodeStripeForm(data) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
}

describe('Stripe simulator (shared instance)', () => {
  const { stripeSimUrl: base, stripeApiKey } = inject('emulators');
  const api = stripe(base, stripeApiKey);

  it('answers /health', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('rejects a missing or non-test key with a Stripe-style 401', async () => {
    const missing = await stripe(base, undefined)('GET', '/v1/customers');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(String((missing.body.error as Json).message)).toContain('did not provide an API key');
    const live = await stripe(base, 'sk_live_abcdefghijklmnop')('GET', '/v1/customers');
    expect(live.status).toBe(401);
    expect(String((live.body.error as Json).message)).toMatch(/^Invalid API Key provided: sk_live_\**mnop$/);
  });

  it('creates, retrieves, updates and lists a customer', async () => {
    const email = `nurse-${Date.now()}@example.be`;
    const created = await api('POST', '/v1/customers', {
      email,
      name: 'Ana Peeters',
      metadata: { userId: 'u1', plan: 'y' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      object: 'customer',
      email,
      name: 'Ana Peeters',
      metadata: { userId: 'u1', plan: 'y' },
      livemode: false,
    });
    const id = String(created.body.id);
    expect(id).toMatch(/^cus_\w+$/);

    const fetched = await api('GET', `/v1/customers/${id}`);
    expect(fetched.body).toEqual(created.body);

    const updated = await api('POST', `/v1/customers/${id}`, { metadata: { plan: '', role: 'nurse' } });
    expect(updated.body.metadata).toEqual({ userId: 'u1', role: 'nurse' });

    const list = await api('GET', `/v1/customers?email=${encodeURIComponent(email)}&limit=5`);
    expect(list.body).toMatchObject({ object: 'list', has_more: false, url: '/v1/customers' });
    expect((list.body.data as Json[]).map((c) => c.id)).toEqual([id]);
  });

  it('creates and retrieves a checkout session pointing at the simulator', async () => {
    const customer = await api('POST', '/v1/customers', { email: 'midwife@example.be' });
    const session = await api('POST', '/v1/checkout/sessions', {
      mode: 'payment',
      customer: customer.body.id,
      client_reference_id: 'u-77',
      success_url: 'http://127.0.0.1:1/ok?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://127.0.0.1:1/cancel',
      line_items: [
        {
          price_data: { currency: 'eur', unit_amount: 4900, product_data: { name: 'Plaies chroniques' } },
          quantity: 2,
        },
      ],
      metadata: { trainingId: 't1' },
    });
    expect(session.status).toBe(200);
    const id = String(session.body.id);
    expect(id).toMatch(/^cs_test_\w+$/);
    expect(session.body).toMatchObject({
      object: 'checkout.session',
      url: `${base}/checkout/${id}`,
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 9800,
      currency: 'eur',
      customer: customer.body.id,
      client_reference_id: 'u-77',
      metadata: { trainingId: 't1' },
    });
    expect(session.body).not.toHaveProperty('_sim');
    expect((await api('GET', `/v1/checkout/sessions/${id}`)).body).toEqual(session.body);

    const page = await fetch(String(session.body.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Plaies chroniques');
  });

  it('validates parameters and answers 404 resource_missing like Stripe', async () => {
    const noMode = await api('POST', '/v1/checkout/sessions', { success_url: 'http://x/' });
    expect(noMode.status).toBe(400);
    expect(noMode.body).toEqual({
      error: {
        type: 'invalid_request_error',
        message: 'Missing required param: mode.',
        code: 'parameter_missing',
        param: 'mode',
      },
    });
    const unknown = await api('GET', '/v1/customers/cus_doesnotexist');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: "No such customer: 'cus_doesnotexist'",
      },
    });
    expect((await api('GET', '/v1/checkout/sessions/cs_test_nope')).status).toBe(404);
    const route = await api('GET', '/v1/nothing-here');
    expect(route.status).toBe(404);
    expect(String((route.body.error as Json).message)).toContain('Unrecognized request URL');
  });

  it('replays a POST with the same Idempotency-Key', async () => {
    const key = `idem-${Date.now()}`;
    const first = await api(
      'POST',
      '/v1/customers',
      { email: 'same@example.be' },
      { 'idempotency-key': key },
    );
    const again = await api(
      'POST',
      '/v1/customers',
      { email: 'same@example.be' },
      { 'idempotency-key': key },
    );
    expect(again.body.id).toBe(first.body.id);
    const other = await api(
      'POST',
      '/v1/customers',
      { email: 'diff@example.be' },
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ error: { type: 'idempotency_error' } });
  });
});

/** Verifies a Stripe-Signature header independently (HMAC-SHA256 of "t.payload", 5 min tolerance). */
function verifyStripeSignature(payload: string, header: string, secret: string): boolean {
  const fields = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const [k, v] = part.split('=');
    if (k && v) fields.set(k, [...(fields.get(k) ?? []), v]);
  }
  const t = fields.get('t')?.[0];
  if (!t || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest();
  return (fields.get('v1') ?? []).some((sig) => {
    const got = Buffer.from(sig, 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

describe('Stripe simulator checkout, webhooks and persistence (own instance)', () => {
  it('completes a hosted checkout, delivers signed events and keeps state across a restart', async () => {
    const received: { payload: string; signature: string }[] = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          payload: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['stripe-signature']),
        });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
    const secret = 'whsec_integration_test_secret';
    const dataDir = mkdtempSync(join(tmpdir(), 'soins-stripe-it-'));
    const port = await findFreePort();
    let sim = await startStripeSim({ port, dataDir, webhooks: [{ url: hookUrl, secret }] });
    try {
      const api = stripe(sim.url, 'sk_test_own');
      const session = await api('POST', '/v1/checkout/sessions', {
        mode: 'subscription',
        customer_email: 'sub@example.be',
        success_url: 'http://127.0.0.1:1/success?session_id={CHECKOUT_SESSION_ID}',
        line_items: [{ price: 'price_yearly', quantity: 1 }],
      });
      const id = String(session.body.id);
      const pay = await fetch(`${sim.url}/checkout/${id}/pay`, { method: 'POST', redirect: 'manual' });
      expect(pay.status).toBe(303);
      expect(pay.headers.get('location')).toBe(`http://127.0.0.1:1/success?session_id=${id}`);
      await sim.settled();

      const types = received.map((r) => (JSON.parse(r.payload) as Json).type);
      expect(types).toEqual(['customer.created', 'checkout.session.completed']);
      for (const { payload, signature } of received) {
        expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
        expect(verifyStripeSignature(payload, signature, secret)).toBe(true);
        expect(verifyStripeSignature(payload, signature, 'whsec_wrong')).toBe(false);
      }
      const completed = JSON.parse(received[1]?.payload ?? '{}') as { data: { object: Json } };
      expect(completed.data.object).toMatchObject({
        id,
        status: 'complete',
        payment_status: 'paid',
        customer_email: 'sub@example.be',
      });

      await sim.stop();
      // A new port, so fetch's keep-alive pool cannot hand us a socket the old server closed.
      sim = await startStripeSim({ port: await findFreePort(), dataDir });
      const again = await stripe(sim.url, 'sk_test_own')('GET', `/v1/checkout/sessions/${id}`);
      expect(again.body).toMatchObject({ id, status: 'complete' });
      const events = await stripe(sim.url, 'sk_test_own')(
        'GET',
        '/v1/events?type=checkout.session.completed',
      );
      expect((events.body.data as Json[]).length).toBe(1);
    } finally {
      await sim.stop();
      await new Promise((r) => receiver.close(r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
