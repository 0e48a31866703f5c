import { describe, expect, it } from 'vitest';
import {
  addInterval,
  cancelSubscriptionNow,
  completeCheckout,
  currentPeriod,
  DEFAULT_SIM_PRICES,
  evaluateTestCard,
  failRenewalPayment,
  invoiceSubscription,
  renewSubscription,
  seedCatalog,
  setCancelAtPeriodEnd,
  updatePaymentMethod,
  type AcceptedCard,
} from './stripe-billing';
import {
  allowOnly,
  expandResponse,
  newCustomer,
  randomId,
  StripeApiError,
  StripeStore,
  type StripeContext,
  type StripeObject,
} from './stripe-core';

interface Emitted {
  readonly type: string;
  readonly object: StripeObject;
  readonly previous?: Record<string, unknown>;
}

const T0 = Date.UTC(2026, 0, 31, 10, 0, 0) / 1000;

function fakeContext(): { ctx: StripeContext; events: Emitted[]; clock: { now: number } } {
  const store = new StripeStore();
  const events: Emitted[] = [];
  const clock = { now: T0 };
  seedCatalog(store, DEFAULT_SIM_PRICES, T0);
  const ctx: StripeContext = {
    store,
    baseUrl: 'http://sim.test',
    now: () => clock.now,
    newId: randomId,
    emit: (type, object, previous) => {
      events.push({ type, object: structuredClone(object), ...(previous ? { previous } : {}) });
      return { id: randomId('evt_'), object: 'event' };
    },
  };
  return { ctx, events, clock };
}

const visa = evaluateTestCard('4242 4242 4242 4242') as AcceptedCard;

function openSession(ctx: StripeContext, extra: Record<string, unknown> = {}): StripeObject {
  const session: StripeObject = {
    id: randomId('cs_test_', 58),
    object: 'checkout.session',
    mode: 'subscription',
    status: 'open',
    customer: null,
    customer_email: 'nurse@example.be',
    customer_creation: 'always',
    success_url: 'http://app.test/ok',
    _sim: {
      line_items: [{ price: 'price_soins_monthly', quantity: 1, unitAmount: 1500, currency: 'eur' }],
      subscription_metadata: { userId: 'u1' },
    },
    ...extra,
  };
  ctx.store.put('checkout.session', session);
  return session;
}

function subscribe(ctx: StripeContext): StripeObject {
  const completed = completeCheckout(ctx, openSession(ctx), visa);
  const sub = ctx.store.get('subscription', String(completed.subscription));
  if (!sub) throw new Error('no subscription');
  return sub;
}

describe('test cards', () => {
  it('accepts 4242…, declines 4000…0002 and 4000…9995, rejects a bad number', () => {
    expect(visa).toEqual({ ok: true, number: '4242424242424242', brand: 'visa', last4: '4242' });
    expect(evaluateTestCard('4000 0000 0000 0002')).toMatchObject({
      ok: false,
      code: 'card_declined',
      declineCode: 'generic_decline',
    });
    expect(evaluateTestCard('4000-0000-0000-9995')).toMatchObject({ declineCode: 'insufficient_funds' });
    expect(evaluateTestCard('4242 4242 4242 4241')).toMatchObject({ ok: false, code: 'incorrect_number' });
    expect(evaluateTestCard('')).toMatchObject({ ok: false, code: 'incorrect_number' });
    expect(evaluateTestCard('5555 5555 5555 4444')).toMatchObject({ ok: true, brand: 'mastercard' });
  });
});

describe('addInterval', () => {
  it('adds calendar months and years in UTC, clamping month ends', () => {
    expect(new Date(addInterval(T0, 'month') * 1000).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(new Date(addInterval(T0, 'year') * 1000).toISOString()).toBe('2027-01-31T10:00:00.000Z');
    expect(new Date(addInterval(T0, 'month', 3) * 1000).toISOString()).toBe('2026-04-30T10:00:00.000Z');
    expect(addInterval(T0, 'week')).toBe(T0 + 7 * 86_400);
  });
});

describe('seedCatalog', () => {
  it('creates the default prices once and follows changed options', () => {
    const store = new StripeStore();
    seedCatalog(store, DEFAULT_SIM_PRICES, T0);
    expect(store.get('price', 'price_soins_monthly')).toMatchObject({
      unit_amount: 1500,
      currency: 'eur',
      type: 'recurring',
      recurring: { interval: 'month', interval_count: 1 },
      product: 'prod_soins_monthly',
      nickname: 'Monthly',
    });
    expect(store.get('price', 'price_soins_yearly')).toMatchObject({ unit_amount: 15000 });
    expect(store.get('product', 'prod_soins_monthly')).toMatchObject({ name: 'SOINS+ abonnement mensuel' });
    // The same plans as prices of products named in Dutch (local.settings.sample.json's *_NL prices).
    expect(store.get('price', 'price_soins_monthly_nl')).toMatchObject({
      unit_amount: 1500,
      recurring: { interval: 'month', interval_count: 1 },
      product: 'prod_soins_monthly_nl',
    });
    expect(store.get('product', 'prod_soins_monthly_nl')).toMatchObject({ name: 'SOINS+ maandabonnement' });
    expect(store.get('product', 'prod_soins_yearly_nl')).toMatchObject({ name: 'SOINS+ jaarabonnement' });
    const before = JSON.stringify(store.toJson());
    seedCatalog(store, DEFAULT_SIM_PRICES, T0 + 100);
    expect(JSON.stringify(store.toJson())).toBe(before);
    seedCatalog(
      store,
      [{ id: 'price_soins_monthly', unitAmount: 1900, currency: 'EUR', interval: 'month', nickname: 'M' }],
      T0,
    );
    expect(store.get('price', 'price_soins_monthly')).toMatchObject({ unit_amount: 1900, created: T0 });
    expect(() => {
      seedCatalog(
        store,
        [{ id: 'bad id', unitAmount: 1, currency: 'eur', interval: 'month', nickname: 'x' }],
        T0,
      );
    }).toThrow(/Invalid seeded price id/);
  });
});

describe('completeCheckout in subscription mode', () => {
  it('creates customer, subscription and paid invoice, and emits events in Stripe order', () => {
    const { ctx, events } = fakeContext();
    const completed = completeCheckout(ctx, openSession(ctx), visa);
    expect(events.map((e) => e.type)).toEqual([
      'customer.created',
      'customer.subscription.created',
      'invoice.paid',
      'invoice.payment_succeeded',
      'checkout.session.completed',
    ]);
    const sub = ctx.store.get('subscription', String(completed.subscription));
    const invoice = ctx.store.get('invoice', String(completed.invoice));
    expect(sub).toMatchObject({
      object: 'subscription',
      status: 'active',
      cancel_at_period_end: false,
      customer: completed.customer,
      latest_invoice: invoice?.id,
      metadata: { userId: 'u1' },
      currency: 'eur',
    });
    expect(sub?.id).toMatch(/^sub_/);
    expect(currentPeriod(sub as StripeObject)).toEqual({ start: T0, end: addInterval(T0, 'month') });
    expect(invoice).toMatchObject({
      status: 'paid',
      amount_paid: 1500,
      amount_due: 1500,
      billing_reason: 'subscription_create',
      customer_email: 'nurse@example.be',
      hosted_invoice_url: `http://sim.test/invoices/${String(invoice?.id)}`,
      invoice_pdf: `http://sim.test/invoices/${String(invoice?.id)}/pdf`,
    });
    expect(invoice?.number).toMatch(/^[0-9A-F]{8}-0001$/);
    expect(invoiceSubscription(invoice as StripeObject)).toBe(sub?.id);
    expect(completed).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
    const sessionEvent = events.at(-1)?.object;
    expect(sessionEvent).not.toHaveProperty('_sim');
    expect(sessionEvent).toMatchObject({ subscription: sub?.id, invoice: invoice?.id });
  });

  it('reuses the session customer and numbers its invoices in sequence', () => {
    const { ctx, events } = fakeContext();
    const customer = newCustomer(ctx, { email: 'a@example.be' });
    ctx.store.put('customer', customer);
    completeCheckout(ctx, openSession(ctx, { customer: customer.id, customer_email: null }), visa);
    expect(events[0]?.type).toBe('customer.subscription.created');
    const sub = ctx.store.all('subscription')[0] as StripeObject;
    const renewed = renewSubscription(ctx, sub);
    expect(renewed.invoice?.number).toBe(`${String(customer.invoice_prefix)}-0002`);
  });
});

describe('subscription lifecycle', () => {
  it('cancels at period end and resumes with previous_attributes', () => {
    const { ctx, events, clock } = fakeContext();
    const sub = subscribe(ctx);
    events.length = 0;
    clock.now += 60;
    const canceled = setCancelAtPeriodEnd(ctx, sub, true, { feedback: 'too_expensive' });
    expect(canceled).toMatchObject({
      cancel_at_period_end: true,
      cancel_at: currentPeriod(sub).end,
      canceled_at: T0 + 60,
      status: 'active',
      cancellation_details: { reason: 'cancellation_requested', feedback: 'too_expensive' },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'customer.subscription.updated',
      previous: { cancel_at_period_end: false, cancel_at: null, canceled_at: null },
    });
    setCancelAtPeriodEnd(ctx, canceled, true);
    expect(events).toHaveLength(1);
    const resumed = setCancelAtPeriodEnd(ctx, canceled, false);
    expect(resumed).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    expect(events[1]?.previous).toMatchObject({ cancel_at_period_end: true });
  });

  it('renewal at period end ends a subscription set to cancel', () => {
    const { ctx, events } = fakeContext();
    const sub = setCancelAtPeriodEnd(ctx, subscribe(ctx), true);
    events.length = 0;
    const result = renewSubscription(ctx, sub);
    expect(result.outcome).toBe('ended');
    expect(result.subscription).toMatchObject({ status: 'canceled' });
    expect(events.map((e) => e.type)).toEqual(['customer.subscription.deleted']);
    expect(() => renewSubscription(ctx, result.subscription)).toThrow(StripeApiError);
  });

  it('a failed renewal goes past_due with an open invoice; renewing pays it', () => {
    const { ctx, events } = fakeContext();
    const sub = subscribe(ctx);
    const period = currentPeriod(sub);
    events.length = 0;
    const failed = failRenewalPayment(ctx, sub);
    expect(events.map((e) => e.type)).toEqual(['invoice.payment_failed', 'customer.subscription.updated']);
    expect(failed.invoice).toMatchObject({
      status: 'open',
      amount_paid: 0,
      amount_remaining: 1500,
      billing_reason: 'subscription_cycle',
    });
    expect(failed.subscription).toMatchObject({ status: 'past_due', latest_invoice: failed.invoice.id });
    expect(currentPeriod(failed.subscription).start).toBe(period.end);
    expect(events[1]?.previous).toMatchObject({ status: 'active' });

    events.length = 0;
    const again = failRenewalPayment(ctx, failed.subscription);
    expect(again.invoice.attempt_count).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['invoice.payment_failed']);

    events.length = 0;
    const paid = renewSubscription(ctx, again.subscription);
    expect(paid.outcome).toBe('paid_open_invoice');
    expect(paid.invoice).toMatchObject({ id: failed.invoice.id, status: 'paid', amount_paid: 1500 });
    expect(paid.subscription.status).toBe('active');
    expect(events.map((e) => e.type)).toEqual([
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.updated',
    ]);
  });

  it('a normal renewal advances the period with a new paid invoice', () => {
    const { ctx, events } = fakeContext();
    const sub = subscribe(ctx);
    events.length = 0;
    const renewed = renewSubscription(ctx, sub);
    expect(renewed.outcome).toBe('renewed');
    expect(currentPeriod(renewed.subscription)).toEqual({
      start: currentPeriod(sub).end,
      end: addInterval(currentPeriod(sub).end, 'month'),
    });
    expect(renewed.invoice).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle' });
    expect(renewed.subscription.latest_invoice).toBe(renewed.invoice?.id);
    expect(events.map((e) => e.type)).toEqual([
      'customer.subscription.updated',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
  });

  it('a new card pays the open invoice of a past_due subscription', () => {
    const { ctx, events } = fakeContext();
    const { subscription } = failRenewalPayment(ctx, subscribe(ctx));
    events.length = 0;
    const customer = ctx.store.get('customer', String(subscription.customer)) as StripeObject;
    const pm = updatePaymentMethod(ctx, customer, evaluateTestCard('5555555555554444') as AcceptedCard);
    expect(pm).toMatchObject({ object: 'payment_method', card: { last4: '4444', brand: 'mastercard' } });
    expect(ctx.store.get('subscription', subscription.id)).toMatchObject({
      status: 'active',
      default_payment_method: pm.id,
    });
    expect(events.map((e) => e.type)).toEqual([
      'customer.updated',
      'customer.subscription.updated',
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.updated',
    ]);
  });

  it('cancels immediately once', () => {
    const { ctx, events } = fakeContext();
    const sub = subscribe(ctx);
    events.length = 0;
    const canceled = cancelSubscriptionNow(ctx, sub);
    expect(canceled).toMatchObject({ status: 'canceled', ended_at: T0, canceled_at: T0 });
    expect(events.map((e) => e.type)).toEqual(['customer.subscription.deleted']);
    expect(() => cancelSubscriptionNow(ctx, canceled)).toThrow(/canceled subscription/);
    expect(() => setCancelAtPeriodEnd(ctx, canceled, false)).toThrow(StripeApiError);
  });
});

describe('core helpers', () => {
  it('expands ids from the store along dotted paths and lists', () => {
    const { ctx } = fakeContext();
    const sub = subscribe(ctx);
    const session = ctx.store.all('checkout.session')[0] as StripeObject;
    const expanded = expandResponse(
      { ...session },
      ['subscription.latest_invoice', 'customer'],
      ctx.store,
    ) as {
      subscription: { id: string; latest_invoice: { object: string } };
      customer: { object: string };
    };
    expect(expanded.subscription.id).toBe(sub.id);
    expect(expanded.subscription.latest_invoice.object).toBe('invoice');
    expect(expanded.customer.object).toBe('customer');
    const list = expandResponse({ object: 'list', data: [{ ...sub }] }, ['data.customer'], ctx.store) as {
      data: { customer: { object: string } }[];
    };
    expect(list.data[0]?.customer.object).toBe('customer');
    expect(() => expandResponse({ ...sub }, ['nope'], ctx.store)).toThrow(/cannot be expanded \(nope\)/);
    expect(() => expandResponse({ ...sub }, ['a.b.c.d.e'], ctx.store)).toThrow(/more than 4 levels/);
  });

  it('rejects unknown parameters like Stripe', () => {
    expect(() => {
      allowOnly({ customer: 'cus_1', expand: ['x'] }, ['customer']);
    }).not.toThrow();
    expect(() => {
      allowOnly({ custmer: 'cus_1' }, ['customer']);
    }).toThrow('Received unknown parameter: custmer');
  });
});
