// Stripe subscriptions through the api bundle in the local host, the Stripe simulator (hosted
// Checkout and Customer Portal pages, signed webhooks delivered to the host), Cosmos and the mail sink.
import {
  invoiceListSchema,
  planListSchema,
  problemSchema,
  redirectUrlSchema,
  subscriptionViewSchema,
  type SubscriptionView,
} from '@soins/shared';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';

const emulators = inject('emulators');
const sim = emulators.stripeSimUrl;
let stack: ApiStack;
const stripe = new Stripe(emulators.stripeApiKey, {
  host: new URL(sim).hostname,
  port: Number(new URL(sim).port),
  protocol: 'http',
});

const emailOf: Record<Exclude<Caller, 'anonymous'>, string> = {
  learner: 'marie.dubois@demo.soins.plus',
  otherLearner: 'jan.peeters@demo.soins.plus',
  trainer: 'trainer@demo.soins.plus',
  admin: 'admin@demo.soins.plus',
};

async function simCall(method: string, path: string, json?: unknown): Promise<Response> {
  return fetch(`${sim}${path}`, {
    method,
    ...(json === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
  });
}

/** Every webhook delivered and handled, and every email the handlers enqueued sent. */
async function settle(): Promise<void> {
  expect((await simCall('GET', '/_sim/settled?timeout_ms=20000')).status).toBe(200);
  await stack.host.queues.idle();
}

async function subscription(caller: Caller): Promise<SubscriptionView> {
  const response = await stack.call(caller, 'GET', 'billing/subscription');
  expect(response.status).toBe(200);
  return subscriptionViewSchema.parse(await response.json());
}

async function emails(caller: Exclude<Caller, 'anonymous'>, template: string): Promise<unknown[]> {
  return (await stack.mailTo(emailOf[caller])).filter((m) => m.Tag === template);
}

async function checkoutUrl(caller: Caller, plan: 'monthly' | 'yearly'): Promise<string> {
  const response = await stack.call(caller, 'POST', 'billing/checkout', { json: { plan } });
  expect(response.status).toBe(200);
  return redirectUrlSchema.parse(await response.json()).url;
}

async function pay(url: string, card: string): Promise<Response> {
  expect((await fetch(url)).status).toBe(200);
  return fetch(`${url}/pay`, {
    method: 'POST',
    body: new URLSearchParams({ card_number: card }),
    redirect: 'manual',
  });
}

async function subscribe(caller: Caller, plan: 'monthly' | 'yearly'): Promise<void> {
  const paid = await pay(await checkoutUrl(caller, plan), '4242 4242 4242 4242');
  expect(paid.status).toBe(303);
  expect(paid.headers.get('location')).toMatch(/\/billing\/success\?session_id=cs_/);
  await settle();
}

/** This stack's Stripe customers for a caller (the simulator is shared with other test files). */
async function customersOf(caller: Exclude<Caller, 'anonymous'>): Promise<Stripe.Customer[]> {
  const customers = await stripe.customers.list({ email: emailOf[caller], limit: 100 });
  return customers.data.filter((c) => c.metadata.userId === stack.idOf(caller));
}

async function stripeSubscriptionOf(caller: Exclude<Caller, 'anonymous'>): Promise<Stripe.Subscription> {
  const [customer] = await customersOf(caller);
  const subs = await stripe.subscriptions.list({ customer: customer?.id ?? '', status: 'all' });
  const sub = subs.data[0];
  if (!sub) throw new Error(`no subscription for ${caller}`);
  return sub;
}

async function deliveredEvents(type: string): Promise<{ eventId: string; eventType: string }[]> {
  const url = `${stack.host.url}/api/billing/stripe-webhook`;
  const body = (await (
    await simCall('GET', `/_sim/deliveries?url=${encodeURIComponent(url)}&type=${type}`)
  ).json()) as { data: { eventId: string; eventType: string }[] };
  return body.data;
}

describe('Stripe subscriptions', () => {
  beforeAll(async () => {
    stack = await startApiStack(emulators, 'soins-billing');
  }, 180_000);

  afterAll(async () => {
    await stack.stop();
  });

  it("opens Checkout on the price named in the learner's language, with its texts in that language", async () => {
    // A French-speaking trainer and the Dutch-speaking other learner (local.settings.sample.json: *_NL
    // prices); the demo learner keeps no billing account (the last test needs her without one).
    const cases = [
      { caller: 'trainer', lang: 'fr', price: 'price_soins_yearly', name: 'SOINS+ abonnement annuel' },
      { caller: 'otherLearner', lang: 'nl', price: 'price_soins_yearly_nl', name: 'SOINS+ jaarabonnement' },
    ] as const;
    for (const { caller, lang, price, name } of cases) {
      const me = await stack.call(caller, 'PATCH', 'me', { json: { language: lang } });
      expect(await me.json()).toMatchObject({ language: lang });
      const url = await checkoutUrl(caller, 'yearly');
      const sessionId = /\/checkout\/(cs_[^/?]+)/.exec(url)?.[1] ?? '';
      const session = await stripe.checkout.sessions.retrieve(sessionId, { expand: ['line_items'] });
      expect(session.locale).toBe(lang);
      expect(session.line_items?.data.map((line) => line.price?.id)).toEqual([price]);
      const page = await (await fetch(url)).text();
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).toContain(`<dd>${name}</dd>`);
      // Left unpaid: the session expires and changes nothing.
      await stripe.checkout.sessions.expire(sessionId);
    }
  });

  it('subscribes through hosted Checkout: a declined card changes nothing, 4242 activates the monthly plan', async () => {
    expect(await subscription('otherLearner')).toEqual({
      status: 'none',
      cancelAtPeriodEnd: false,
      entitled: false,
    });
    const url = await checkoutUrl('otherLearner', 'monthly');
    const page = await (await fetch(url)).text();
    expect(page).toContain('<html lang="nl">');
    const declined = await pay(url, '4000 0000 0000 0002');
    expect(declined.status).toBe(402);
    await settle();
    expect((await subscription('otherLearner')).status).toBe('none');

    const paid = await pay(url, '4242 4242 4242 4242');
    expect(paid.status).toBe(303);
    await settle();
    const view = await subscription('otherLearner');
    expect(view).toMatchObject({
      status: 'active',
      plan: 'monthly',
      cancelAtPeriodEnd: false,
      entitled: true,
    });
    expect(Date.parse(view.currentPeriodEnd ?? '')).toBeGreaterThan(Date.now() + 27 * 86_400_000);
    expect(await emails('otherLearner', 'subscription_confirmed')).toHaveLength(1);

    // One customer, reused; the learner's invoices come from Stripe.
    expect(await customersOf('otherLearner')).toHaveLength(1);
    const invoices = invoiceListSchema.parse(
      await (await stack.call('otherLearner', 'GET', 'billing/invoices')).json(),
    );
    expect(invoices.items).toHaveLength(1);
    expect(invoices.items[0]).toMatchObject({ status: 'paid', amountPaid: 1500, currency: 'eur' });
    expect(invoices.items[0]?.hostedInvoiceUrl).toMatch(/^http/);
    // In Stripe, the invoice and the Customer Portal name the Dutch product she subscribed to.
    const [customer] = await customersOf('otherLearner');
    const [stripeInvoice] = (await stripe.invoices.list({ customer: customer?.id ?? '' })).data;
    expect(stripeInvoice?.lines.data.map((line) => line.description)).toEqual(['1 × SOINS+ maandabonnement']);
    const portal = redirectUrlSchema.parse(
      await (await stack.call('otherLearner', 'POST', 'billing/portal')).json(),
    );
    expect(await (await fetch(portal.url)).text()).toContain('<h3>SOINS+ maandabonnement</h3>');
    // Another learner sees none of them; a second subscription is refused.
    expect(
      invoiceListSchema.parse(await (await stack.call('learner', 'GET', 'billing/invoices')).json()).items,
    ).toEqual([]);
    expect(
      (await stack.call('otherLearner', 'POST', 'billing/checkout', { json: { plan: 'yearly' } })).status,
    ).toBe(409);
  });

  it('processes a resent event once and converges when events are replayed in reverse order', async () => {
    const [paidEvent] = await deliveredEvents('invoice.paid');
    expect(paidEvent).toBeDefined();
    expect((await simCall('POST', `/_sim/events/${paidEvent?.eventId ?? ''}/resend`)).status).toBe(200);
    const old = Math.floor(Date.now() / 1000) - 2 * 86_400;
    await simCall('POST', `/_sim/events/${paidEvent?.eventId ?? ''}/resend?created=${old}`);
    await settle();
    expect(await emails('otherLearner', 'subscription_confirmed')).toHaveLength(1);

    const ids = [
      ...(await deliveredEvents('customer.subscription.*')),
      ...(await deliveredEvents('checkout.session.completed')),
    ].map((d) => d.eventId);
    const replay = await simCall('POST', '/_sim/events/replay', { ids: [...new Set(ids)], order: 'reverse' });
    expect(replay.status).toBe(200);
    await settle();
    expect(await subscription('otherLearner')).toMatchObject({ status: 'active', plan: 'monthly' });
  });

  it('refuses a forged or unsigned webhook with 400 and changes nothing', async () => {
    const sub = await stripeSubscriptionOf('otherLearner');
    const forged = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'customer.subscription.deleted',
      created: Math.floor(Date.now() / 1000),
      data: { object: { ...sub, status: 'canceled' } },
    });
    const t = Math.floor(Date.now() / 1000);
    for (const signature of [`t=${t},v1=${'0'.repeat(64)}`, undefined]) {
      const response = await stack.call('anonymous', 'POST', 'billing/stripe-webhook', {
        raw: Buffer.from(forged),
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'stripe-signature': signature } : {}),
        },
      });
      expect(response.status).toBe(400);
      expect(problemSchema.parse(await response.json()).code).toBe('validation_failed');
    }
    expect(await subscription('otherLearner')).toMatchObject({ status: 'active', entitled: true });

    // The same event, correctly signed: acknowledged as a duplicate without reprocessing.
    const [paidEvent] = await deliveredEvents('invoice.paid');
    const payload = JSON.stringify(await stripe.events.retrieve(paidEvent?.eventId ?? ''));
    const signed = await stack.call('anonymous', 'POST', 'billing/stripe-webhook', {
      raw: Buffer.from(payload),
      headers: {
        'content-type': 'application/json',
        'stripe-signature': stripe.webhooks.generateTestHeaderString({
          payload,
          secret: stack.stripeWebhook?.secret ?? '',
        }),
      },
    });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ received: true, outcome: 'duplicate' });
    // Signed, but with a body altered after signing.
    const tampered = await stack.call('anonymous', 'POST', 'billing/stripe-webhook', {
      raw: Buffer.from(payload.replace('"invoice.paid"', '"invoice.payment_failed"')),
      headers: {
        'content-type': 'application/json',
        'stripe-signature': stripe.webhooks.generateTestHeaderString({
          payload,
          secret: stack.stripeWebhook?.secret ?? '',
        }),
      },
    });
    expect(tampered.status).toBe(400);
    expect(await emails('otherLearner', 'payment_failed')).toEqual([]);
  });

  /** Posts a payload signed with this host's webhook secret (as Stripe, or an attacker who has it, would). */
  async function postSigned(payload: string, timestamp?: number): Promise<Response> {
    return stack.call('anonymous', 'POST', 'billing/stripe-webhook', {
      raw: Buffer.from(payload),
      headers: {
        'content-type': 'application/json',
        'stripe-signature': stripe.webhooks.generateTestHeaderString({
          payload,
          secret: stack.stripeWebhook?.secret ?? '',
          ...(timestamp === undefined ? {} : { timestamp }),
        }),
      },
    });
  }

  it('answers a correctly signed but malformed event with 400, never 500', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const event of [
      { id: 'evt_malformed_1', object: 'event', type: 'invoice.paid', created: now, data: {} },
      {
        id: 'evt_malformed_2',
        object: 'event',
        type: 'customer.subscription.updated',
        created: now,
        data: { object: {} },
      },
      { id: 'evt_malformed_3', object: 'event', type: 'checkout.session.completed', created: now },
      {
        id: 'evt_malformed_4',
        object: 'event',
        type: 'invoice.payment_failed',
        created: 'yesterday',
        data: { object: { amount_due: 'x' } },
      },
      { object: 'event', type: 'invoice.paid', created: now, data: { object: {} } },
      ['not', 'an', 'event'],
    ]) {
      const response = await postSigned(JSON.stringify(event));
      expect(response.status, JSON.stringify(event)).toBe(400);
      expect(problemSchema.parse(await response.json()).code).toBe('validation_failed');
    }
    expect(await subscription('otherLearner')).toMatchObject({ status: 'active', entitled: true });
  });

  it('refuses a signature dated in the future (a replay window Stripe never opens)', async () => {
    const [paidEvent] = await deliveredEvents('invoice.paid');
    const payload = JSON.stringify(await stripe.events.retrieve(paidEvent?.eventId ?? ''));
    const future = await postSigned(payload, Math.floor(Date.now() / 1000) + 3600);
    expect(future.status).toBe(400);
    expect(problemSchema.parse(await future.json()).code).toBe('validation_failed');
    // The same event signed now is accepted (as the duplicate it is).
    expect((await postSigned(payload)).status).toBe(200);
  });

  it('sends one confirmation per subscription, whatever new events say the same', async () => {
    expect(await emails('otherLearner', 'subscription_confirmed')).toHaveLength(1);
    for (const type of ['invoice.paid', 'checkout.session.completed']) {
      const [delivered] = await deliveredEvents(type);
      const original = (await stripe.events.retrieve(delivered?.eventId ?? '')) as unknown as Record<
        string,
        unknown
      >;
      // A second, distinct event (new id) about the same subscription.
      const again = JSON.stringify({
        ...original,
        id: `evt_again_${type.replace(/\W/g, '_')}_${Date.now()}`,
      });
      const response = await postSigned(again);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ received: true, outcome: 'processed' });
    }
    await settle();
    expect(await emails('otherLearner', 'subscription_confirmed')).toHaveLength(1);
  });

  it('cancels at period end through the Customer Portal', async () => {
    const response = await stack.call('otherLearner', 'POST', 'billing/portal');
    expect(response.status).toBe(200);
    const { url } = redirectUrlSchema.parse(await response.json());
    const html = await (await fetch(url)).text();
    const cancelPath = /action="([^"]*\/subscriptions\/sub_[^"/]+\/cancel)"/.exec(html)?.[1];
    expect(cancelPath).toBeDefined();
    const canceled = await fetch(new URL(cancelPath ?? '', url), { method: 'POST', redirect: 'manual' });
    expect(canceled.status).toBe(303);
    await settle();
    expect(await subscription('otherLearner')).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
      entitled: true,
    });
  });

  it('converges on Stripe current state when unseen events arrive late and in reverse order', async () => {
    const hook = stack.stripeWebhook;
    if (!hook) throw new Error('webhook not registered');
    const sub = await stripeSubscriptionOf('otherLearner');
    // Stripe cannot reach us while the learner resumes, then cancels again.
    await simCall('DELETE', `/_sim/webhook-endpoints?url=${encodeURIComponent(hook.url)}`);
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    const missed = (await stripe.events.list({ type: 'customer.subscription.updated', limit: 20 })).data
      .filter((e) => (e.data.object as Stripe.Subscription).id === sub.id)
      .slice(0, 3);
    expect(missed.map((e) => (e.data.object as Stripe.Subscription).cancel_at_period_end)).toEqual([
      false,
      true,
      false,
    ]);
    await simCall('POST', '/_sim/webhook-endpoints', { ...hook, initial_delay_ms: 200 });
    // Delivered newest, oldest, middle: applied blindly, the last payload (cancel = true) would win;
    // Stripe's current state is cancel = false.
    const [newest, middle, oldest] = missed.map((e) => e.id);
    await simCall('POST', '/_sim/events/replay', { ids: [newest, oldest, middle] });
    await settle();
    expect(await subscription('otherLearner')).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await settle();
    expect(await subscription('otherLearner')).toMatchObject({ cancelAtPeriodEnd: true });
  });

  it('marks a failed renewal past_due and sends one payment_failed email', async () => {
    await subscribe('trainer', 'yearly');
    expect(await subscription('trainer')).toMatchObject({ status: 'active', plan: 'yearly' });
    const sub = await stripeSubscriptionOf('trainer');
    expect((await simCall('POST', `/_sim/subscriptions/${sub.id}/fail-payment`)).status).toBe(200);
    await settle();
    expect(await subscription('trainer')).toMatchObject({ status: 'past_due', plan: 'yearly' });
    expect(await emails('trainer', 'payment_failed')).toHaveLength(1);
  });

  it('answers a Stripe outage on checkout with a retryable 503 and keeps only the customer', async () => {
    const fault = await simCall('POST', '/_sim/faults', {
      failNext: 3,
      status: 503,
      path: '/v1/checkout/sessions',
    });
    expect(fault.status).toBe(201);
    const response = await stack.call('admin', 'POST', 'billing/checkout', { json: { plan: 'monthly' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(problemSchema.parse(await response.json()).code).toBe('dependency_unavailable');
    await simCall('DELETE', '/_sim/faults');
    expect(await subscription('admin')).toMatchObject({ status: 'none' });
    expect(
      (
        await stripe.subscriptions.list({
          customer: (await customersOf('admin'))[0]?.id ?? '',
        })
      ).data,
    ).toEqual([]);

    // The retry reuses the one customer created before the outage.
    expect(await checkoutUrl('admin', 'yearly')).toMatch(/\/checkout\/cs_/);
    expect(await customersOf('admin')).toHaveLength(1);
  });

  it('lists both plans with their Stripe prices, cached in memory through a Stripe outage', async () => {
    const read = async (caller: Caller) => {
      const response = await stack.call(caller, 'GET', 'billing/plans');
      expect(response.status).toBe(200);
      return planListSchema.parse(await response.json()).plans;
    };
    expect(await read('learner')).toEqual([
      { plan: 'monthly', amount: 1500, currency: 'eur', interval: 'month' },
      { plan: 'yearly', amount: 15000, currency: 'eur', interval: 'year' },
    ]);
    // Every Prices API call fails now: the list read a moment ago is served from memory.
    expect(
      (await simCall('POST', '/_sim/faults', { failNext: 4, status: 503, path: '/v1/prices' })).status,
    ).toBe(201);
    try {
      expect((await read('otherLearner')).map((p) => p.amount)).toEqual([1500, 15000]);
      // …without a single call to Stripe: the fault is still armed for all of its requests.
      const armed = (await (await simCall('GET', '/_sim/faults')).json()) as {
        data: { remaining: number }[];
      };
      expect(armed.data.map((f) => f.remaining)).toEqual([4]);
    } finally {
      await simCall('DELETE', '/_sim/faults');
    }
    // Prices are public: a visitor of the catalogue reads them before signing up.
    expect((await read('anonymous')).map((p) => p.plan)).toEqual(['monthly', 'yearly']);
  });

  it('validates the checkout body and requires a signed-in caller', async () => {
    expect(
      (await stack.call('learner', 'POST', 'billing/checkout', { json: { plan: 'weekly' } })).status,
    ).toBe(400);
    for (const [method, path] of [
      ['POST', 'billing/checkout'],
      ['GET', 'billing/subscription'],
      ['POST', 'billing/portal'],
      ['GET', 'billing/invoices'],
    ] as const) {
      expect(
        (await stack.call('anonymous', method, path, method === 'POST' ? { json: {} } : {})).status,
      ).toBe(401);
    }
    expect((await stack.call('learner', 'POST', 'billing/portal')).status).toBe(409);
  });
});
