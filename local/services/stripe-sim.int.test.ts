import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
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
        line_items: [{ price: 'price_soins_yearly', quantity: 1 }],
      });
      const id = String(session.body.id);
      const pay = await fetch(`${sim.url}/checkout/${id}/pay`, { method: 'POST', redirect: 'manual' });
      expect(pay.status).toBe(303);
      expect(pay.headers.get('location')).toBe(`http://127.0.0.1:1/success?session_id=${id}`);
      await sim.settled();

      const types = received.map((r) => (JSON.parse(r.payload) as Json).type);
      expect(types).toEqual([
        'customer.created',
        'customer.subscription.created',
        'invoice.paid',
        'invoice.payment_succeeded',
        'checkout.session.completed',
      ]);
      for (const { payload, signature } of received) {
        expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
        expect(verifyStripeSignature(payload, signature, secret)).toBe(true);
        expect(verifyStripeSignature(payload, signature, 'whsec_wrong')).toBe(false);
      }
      const completed = JSON.parse(received[4]?.payload ?? '{}') as { data: { object: Json } };
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

// --- with the official `stripe` client ----------------------------------------------------------

interface Delivery {
  readonly event: Stripe.Event;
  readonly signature: string;
}

/**
 * A webhook endpoint that verifies every delivery with `stripe.webhooks.constructEvent` on the raw
 * body (400 when that fails) and answers `respond(event, nth delivery of that event id)`.
 */
async function webhookEndpoint(secret: string) {
  const verifier = new Stripe('sk_test_verifier');
  const deliveries: Delivery[] = [];
  const rejected: string[] = [];
  const seen = new Map<string, number>();
  const state = { respond: (_e: Stripe.Event, _n: number): number => 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const signature = String(req.headers['stripe-signature']);
      let event: Stripe.Event;
      try {
        event = verifier.webhooks.constructEvent(Buffer.concat(chunks), signature, secret);
      } catch (err) {
        rejected.push(err instanceof Error ? err.message : String(err));
        res.statusCode = 400;
        res.end();
        return;
      }
      const n = (seen.get(event.id) ?? 0) + 1;
      seen.set(event.id, n);
      deliveries.push({ event, signature });
      res.statusCode = state.respond(event, n);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/billing/stripe-webhook`,
    deliveries,
    rejected,
    state,
    reset: () => {
      deliveries.length = 0;
      rejected.length = 0;
      seen.clear();
      state.respond = () => 200;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => {
          r();
        });
      }),
  };
}

const simJson = async (
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> => {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
};

const payForm = (card: string) => new URLSearchParams({ card_number: card });

describe('Stripe simulator with the official stripe client (own instance)', () => {
  const secret = 'whsec_soins_client_test';
  let hook: Awaited<ReturnType<typeof webhookEndpoint>>;
  let sim: Awaited<ReturnType<typeof startStripeSim>>;
  let stripe: Stripe;
  let dataDir: string;

  beforeAll(async () => {
    hook = await webhookEndpoint(secret);
    dataDir = mkdtempSync(join(tmpdir(), 'soins-stripe-client-'));
    sim = await startStripeSim({
      port: 0,
      dataDir,
      apiKey: 'sk_test_soins_client',
      webhooks: [{ url: hook.url, secret }],
      webhookRetry: { initialDelayMs: 25, maxAttempts: 4, timeoutMs: 2000 },
    });
    const { port } = new URL(sim.url);
    stripe = new Stripe('sk_test_soins_client', {
      host: '127.0.0.1',
      port: Number(port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
  });

  afterAll(async () => {
    await sim.stop();
    await hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await sim.settled();
    hook.reset();
  });

  /** A customer with an active monthly subscription bought through the hosted page. */
  async function subscribe(email: string) {
    const customer = await stripe.customers.create({ email, preferred_locales: ['nl'] });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      client_reference_id: `user-${email}`,
      locale: 'nl',
      line_items: [{ price: 'price_soins_monthly', quantity: 1 }],
      success_url: 'http://app.test/billing/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://app.test/billing/cancel',
    });
    const pay = await fetch(`${sim.url}/checkout/${session.id}/pay`, {
      method: 'POST',
      body: payForm('4242 4242 4242 4242'),
      redirect: 'manual',
    });
    expect(pay.status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(session.id);
    await sim.settled();
    hook.reset();
    return { customer, subscriptionId: done.subscription as string };
  }

  it('serves the seeded monthly and yearly prices', async () => {
    const monthly = await stripe.prices.retrieve('price_soins_monthly', { expand: ['product'] });
    expect(monthly).toMatchObject({
      unit_amount: 1500,
      currency: 'eur',
      type: 'recurring',
      recurring: { interval: 'month', interval_count: 1 },
    });
    expect((monthly.product as Stripe.Product).name).toBe('SOINS+ abonnement mensuel');
    const monthlyNl = await stripe.prices.retrieve('price_soins_monthly_nl', { expand: ['product'] });
    expect(monthlyNl).toMatchObject({ unit_amount: 1500, recurring: { interval: 'month' } });
    expect((monthlyNl.product as Stripe.Product).name).toBe('SOINS+ maandabonnement');
    const prices = await stripe.prices.list({ active: true, type: 'recurring' });
    expect(prices.data.map((p) => p.id).sort()).toEqual([
      'price_soins_monthly',
      'price_soins_monthly_nl',
      'price_soins_yearly',
      'price_soins_yearly_nl',
    ]);
  });

  it('subscribes through hosted Checkout: a declined card changes nothing, 4242 subscribes with signed events in order', async () => {
    const customer = await stripe.customers.create({ email: 'ana@example.be', name: 'Ana Peeters' });
    await sim.settled();
    hook.reset();
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      client_reference_id: 'user-ana',
      locale: 'fr',
      line_items: [{ price: 'price_soins_yearly', quantity: 1 }],
      success_url: 'http://app.test/billing/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://app.test/billing/cancel',
      metadata: { userId: 'user-ana' },
      subscription_data: { metadata: { userId: 'user-ana' } },
    });
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'subscription',
      status: 'open',
      customer: customer.id,
      client_reference_id: 'user-ana',
      locale: 'fr',
      amount_total: 15000,
      currency: 'eur',
      url: `${sim.url}/checkout/${session.id}`,
    });

    const page = await fetch(session.url ?? '');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/150,00\s€ par an/);
    expect(html).not.toMatch(/<script/i);

    const declined = await fetch(`${sim.url}/checkout/${session.id}/pay`, {
      method: 'POST',
      body: payForm('4000 0000 0000 0002'),
      redirect: 'manual',
    });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('role="alert">Votre carte a été refusée.');
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: 'open' });

    const cancel = await fetch(`${sim.url}/checkout/${session.id}/cancel`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(cancel.headers.get('location')).toBe('http://app.test/billing/cancel');

    const paid = await fetch(`${sim.url}/checkout/${session.id}/pay`, {
      method: 'POST',
      body: payForm('4242 4242 4242 4242'),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://app.test/billing/success?session_id=${session.id}`);
    await sim.settled();

    expect(hook.rejected).toEqual([]);
    expect(hook.deliveries.map((d) => d.event.type)).toEqual([
      'customer.subscription.created',
      'invoice.paid',
      'invoice.payment_succeeded',
      'checkout.session.completed',
    ]);
    for (const { signature } of hook.deliveries) expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const [created, invoicePaid, , completed] = hook.deliveries.map((d) => d.event);
    const sub = created?.data.object as Stripe.Subscription;
    expect(sub).toMatchObject({
      status: 'active',
      customer: customer.id,
      cancel_at_period_end: false,
      metadata: { userId: 'user-ana' },
    });
    expect(sub.items.data[0]?.price.id).toBe('price_soins_yearly');
    const item = sub.items.data[0];
    expect((item?.current_period_end ?? 0) - (item?.current_period_start ?? 0)).toBeGreaterThanOrEqual(
      365 * 86_400,
    );
    const invoice = invoicePaid?.data.object as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 15000, customer: customer.id });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(sub.latest_invoice).toBe(invoice.id);
    expect(completed?.data.object).toMatchObject({
      id: session.id,
      status: 'complete',
      payment_status: 'paid',
      client_reference_id: 'user-ana',
      customer: customer.id,
      subscription: sub.id,
      metadata: { userId: 'user-ana' },
    });
    expect(completed?.request).toEqual({ id: null, idempotency_key: null });

    const retrieved = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['subscription', 'line_items'],
    });
    expect((retrieved.subscription as Stripe.Subscription).status).toBe('active');
    expect(retrieved.line_items?.data[0]?.price?.id).toBe('price_soins_yearly');
    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([
      sub.id,
    ]);
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((i) => i.id)).toEqual([invoice.id]);
    const hosted = await fetch(invoice.hosted_invoice_url ?? '');
    expect(hosted.status).toBe(200);
    const pdf = await fetch(invoice.invoice_pdf ?? '');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const again = await fetch(`${sim.url}/checkout/${session.id}/pay`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(again.status).toBe(409);
  });

  it('retries a delivery the endpoint first answers with 500, then records both attempts', async () => {
    hook.state.respond = (_e, n) => (n === 1 ? 500 : 200);
    const customer = await stripe.customers.create({ email: 'retry@example.be' });
    await sim.settled();
    const deliveries = hook.deliveries.filter((d) => d.event.type === 'customer.created');
    expect(deliveries).toHaveLength(2);
    expect(new Set(deliveries.map((d) => d.event.id)).size).toBe(1);
    expect((deliveries[0]?.event.data.object as Stripe.Customer).id).toBe(customer.id);
    const eventId = deliveries[0]?.event.id ?? '';
    const records = await simJson(sim.url, 'GET', `/_sim/deliveries?event=${eventId}`);
    expect(records.body.data).toMatchObject([
      {
        eventId,
        eventType: 'customer.created',
        state: 'succeeded',
        url: hook.url,
        attempts: [{ status: 500 }, { status: 200 }],
      },
    ]);
    const event = await stripe.events.retrieve(eventId);
    expect(event.pending_webhooks).toBe(0);
  });

  it('resends an event as a duplicate and as an old event, and replays events in reverse order', async () => {
    const { subscriptionId } = await subscribe('replay@example.be');
    await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
    await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: false });
    await sim.settled();
    const [first, second] = hook.deliveries.map((d) => d.event);
    expect([first?.type, second?.type]).toEqual([
      'customer.subscription.updated',
      'customer.subscription.updated',
    ]);
    expect(first?.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
    hook.reset();

    const dup = await simJson(sim.url, 'POST', `/_sim/events/${first?.id ?? ''}/resend`);
    expect(dup.status).toBe(200);
    const old = Math.floor(Date.now() / 1000) - 3 * 86_400;
    const late = await simJson(sim.url, 'POST', `/_sim/events/${first?.id ?? ''}/resend?created=${old}`);
    expect(late.body).toMatchObject({ event: first?.id, created: old });
    const replay = await simJson(sim.url, 'POST', '/_sim/events/replay', {
      ids: [first?.id, second?.id],
      order: 'reverse',
    });
    expect(replay.body.order).toEqual([second?.id, first?.id]);
    await sim.settled();

    expect(hook.rejected).toEqual([]);
    expect(hook.deliveries.map((d) => d.event.id)).toEqual([first?.id, first?.id, second?.id, first?.id]);
    // The same event (id, created, data); only pending_webhooks reflects the deliveries so far.
    expect(hook.deliveries[0]?.event).toEqual({ ...first, pending_webhooks: 0 });
    expect(hook.deliveries[1]?.event.created).toBe(old);
    expect(hook.deliveries[1]?.event.data).toEqual(first?.data);
    const kinds = await simJson(sim.url, 'GET', `/_sim/deliveries?event=${first?.id ?? ''}`);
    expect((kinds.body.data as Json[]).map((r) => r.kind)).toEqual(['replay', 'resend', 'resend', 'event']);

    expect((await simJson(sim.url, 'POST', '/_sim/events/evt_nope/resend')).status).toBe(404);
    expect((await simJson(sim.url, 'POST', '/_sim/events/replay', { ids: [] })).status).toBe(400);
  });

  it('Customer Portal: lists plan and invoices, cancels at period end, resumes, updates the card', async () => {
    const { customer, subscriptionId } = await subscribe('portal@example.be');
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'http://app.test/account',
      locale: 'nl',
    });
    expect(portal.url).toBe(`${sim.url}/portal/${portal.id}`);
    const page = await fetch(portal.url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('href="http://app.test/account"');
    expect(html).toContain('Abonnement opzeggen');
    expect(html).toContain('-0001');
    expect(html).toContain('eindigend op 4242');

    const cancel = await fetch(`${sim.url}/portal/${portal.id}/subscriptions/${subscriptionId}/cancel`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(cancel.status).toBe(303);
    expect(cancel.headers.get('location')).toBe(`/portal/${portal.id}?notice=canceled`);
    const after = await stripe.subscriptions.retrieve(subscriptionId);
    expect(after).toMatchObject({ status: 'active', cancel_at_period_end: true });
    expect(after.cancel_at).toBe(after.items.data[0]?.current_period_end);
    expect(await (await fetch(`${sim.url}${cancel.headers.get('location') ?? ''}`)).text()).toContain(
      'Abonnement verlengen',
    );

    await fetch(`${sim.url}/portal/${portal.id}/subscriptions/${subscriptionId}/resume`, {
      method: 'POST',
      redirect: 'manual',
    });
    const badCard = await fetch(`${sim.url}/portal/${portal.id}/payment-method`, {
      method: 'POST',
      body: payForm('4000 0000 0000 0002'),
    });
    expect(badCard.status).toBe(402);
    await fetch(`${sim.url}/portal/${portal.id}/payment-method`, {
      method: 'POST',
      body: payForm('5555 5555 5555 4444'),
      redirect: 'manual',
    });
    await sim.settled();

    const updates = hook.deliveries.filter((d) => d.event.type === 'customer.subscription.updated');
    expect(updates.map((d) => (d.event.data.object as Stripe.Subscription).cancel_at_period_end)).toEqual([
      true,
      false,
      false,
    ]);
    expect(updates[0]?.event.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });
    const pm = await stripe.paymentMethods.retrieve(
      (await stripe.subscriptions.retrieve(subscriptionId)).default_payment_method as string,
    );
    expect(pm.card?.last4).toBe('4444');

    const other = await stripe.customers.create({ email: 'someone-else@example.be' });
    const otherPortal = await stripe.billingPortal.sessions.create({ customer: other.id });
    const foreign = await fetch(
      `${sim.url}/portal/${otherPortal.id}/subscriptions/${subscriptionId}/cancel`,
      {
        method: 'POST',
      },
    );
    expect(foreign.status).toBe(404);

    hook.reset();
    const canceled = await stripe.subscriptions.cancel(subscriptionId);
    expect(canceled).toMatchObject({ status: 'canceled' });
    await sim.settled();
    expect(hook.deliveries.map((d) => d.event.type)).toEqual(['customer.subscription.deleted']);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toHaveLength(1);
    await expect(stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true })).rejects.toThrow(
      /canceled subscription/,
    );
  });

  it('simulates a failed renewal (past_due) and its recovery', async () => {
    const { customer, subscriptionId } = await subscribe('renewal@example.be');
    const failed = await simJson(sim.url, 'POST', `/_sim/subscriptions/${subscriptionId}/fail-payment`);
    expect(failed.status).toBe(200);
    expect(failed.body.subscription).toMatchObject({ status: 'past_due' });
    const renewed = await simJson(sim.url, 'POST', `/_sim/subscriptions/${subscriptionId}/renew`);
    expect(renewed.body).toMatchObject({ outcome: 'paid_open_invoice', subscription: { status: 'active' } });
    const next = await simJson(sim.url, 'POST', `/_sim/subscriptions/${subscriptionId}/renew`);
    expect(next.body).toMatchObject({ outcome: 'renewed', invoice: { status: 'paid' } });
    await sim.settled();
    expect(hook.deliveries.map((d) => d.event.type)).toEqual([
      'invoice.payment_failed',
      'customer.subscription.updated',
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.updated',
      'customer.subscription.updated',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
    const statuses = (await stripe.invoices.list({ customer: customer.id })).data.map((i) => i.status);
    expect(statuses).toEqual(['paid', 'paid', 'paid']);
    expect((await simJson(sim.url, 'POST', '/_sim/subscriptions/sub_nope/renew')).status).toBe(404);
  });

  it('turns a simulated outage into StripeAPIError and creates nothing', async () => {
    const before = (await stripe.customers.list({ limit: 100 })).data.length;
    const fault = await simJson(sim.url, 'POST', '/_sim/faults', {
      failNext: 1,
      status: 503,
      path: '/v1/customers',
    });
    expect(fault.status).toBe(201);
    const error = await stripe.customers.create({ email: 'outage@example.be' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error).toMatchObject({ statusCode: 503, type: 'StripeAPIError' });
    expect((await stripe.customers.list({ limit: 100 })).data.length).toBe(before);

    // The client retries 5xx (maxNetworkRetries, 2 by default): with enough failures it gives up.
    const retrying = new Stripe('sk_test_soins_client', {
      host: '127.0.0.1',
      port: Number(new URL(sim.url).port),
      protocol: 'http',
      maxNetworkRetries: 1,
    });
    await simJson(sim.url, 'POST', '/_sim/faults', {
      failNext: 1,
      status: 500,
      path: '/v1/checkout/sessions',
    });
    const customer = await retrying.customers.create({ email: 'after-outage@example.be' });
    const session = await retrying.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: 'price_soins_monthly', quantity: 1 }],
      success_url: 'http://app.test/ok',
    });
    expect(session.status).toBe('open');
    expect((await simJson(sim.url, 'GET', '/_sim/faults')).body.data).toEqual([]);
    await simJson(sim.url, 'POST', '/_sim/faults', { failNext: 5, status: 500 });
    expect((await simJson(sim.url, 'DELETE', '/_sim/faults')).body.data).toEqual([]);
    await expect(stripe.customers.retrieve(customer.id)).resolves.toMatchObject({ id: customer.id });
  });

  it('validates like Stripe and replays idempotent POSTs', async () => {
    const customer = await stripe.customers.create({ email: 'strict@example.be' });
    const base = {
      customer: customer.id,
      success_url: 'http://app.test/ok',
    };
    await expect(
      stripe.checkout.sessions.create({
        ...base,
        mode: 'subscription',
        line_items: [{ price: 'price_nope' }],
      }),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'resource_missing' });
    await expect(
      stripe.checkout.sessions.create({
        ...base,
        mode: 'payment',
        line_items: [{ price: 'price_soins_monthly' }],
      }),
    ).rejects.toThrow(/recurring price/);
    await expect(
      stripe.billingPortal.sessions.create({ customer: 'cus_nope', return_url: 'http://app.test/' }),
    ).rejects.toMatchObject({ code: 'resource_missing' });

    const product = await stripe.products.create({ name: 'Formation plaies' });
    const price = await stripe.prices.create({
      product: product.id,
      unit_amount: 4900,
      currency: 'eur',
      recurring: { interval: 'month' },
      nickname: 'Plaies',
    });
    expect(price).toMatchObject({ product: product.id, unit_amount: 4900, type: 'recurring' });

    const key = `checkout-${customer.id}`;
    const params = { ...base, mode: 'subscription' as const, line_items: [{ price: price.id, quantity: 1 }] };
    const first = await stripe.checkout.sessions.create(params, { idempotencyKey: key });
    const second = await stripe.checkout.sessions.create(params, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    await expect(
      stripe.checkout.sessions.create({ ...params, client_reference_id: 'x' }, { idempotencyKey: key }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });
});

describe('Stripe simulator test helpers over HTTP (shared instance)', () => {
  const { stripeSimUrl: base, stripeApiKey } = inject('emulators');

  it('registers a webhook endpoint, delivers to it, reports deliveries and removes it', async () => {
    const secret = 'whsec_shared_instance';
    const hook = await webhookEndpoint(secret);
    try {
      const registered = await simJson(base, 'POST', '/_sim/webhook-endpoints', {
        url: hook.url,
        secret,
        enabled_events: ['customer.created'],
        max_attempts: 2,
        initial_delay_ms: 10,
      });
      expect(registered.status).toBe(201);
      const { port } = new URL(base);
      const client = new Stripe(stripeApiKey, { host: '127.0.0.1', port: Number(port), protocol: 'http' });
      const customer = await client.customers.create({ email: 'shared@example.be' });
      const settled = await simJson(base, 'GET', '/_sim/settled?timeout_ms=5000');
      expect(settled.body).toEqual({ pending: 0 });
      expect(hook.deliveries.map((d) => (d.event.data.object as Stripe.Customer).id)).toContain(customer.id);
      const records = await simJson(base, 'GET', `/_sim/deliveries?url=${encodeURIComponent(hook.url)}`);
      expect((records.body.data as Json[]).every((r) => r.eventType === 'customer.created')).toBe(true);
    } finally {
      const removed = await simJson(
        base,
        'DELETE',
        `/_sim/webhook-endpoints?url=${encodeURIComponent(hook.url)}`,
      );
      expect(removed.body).toMatchObject({ removed: true });
      await hook.close();
    }
  });
});
