// Billing rules and use cases with in-memory ports (Stripe behind the BillingGateway port).
import { describe, expect, it } from 'vitest';
import { checkoutRequestSchema } from '@soins/shared';
import {
  BillingUnavailable,
  customerIdempotencyKey,
  HandleStripeEvent,
  isEntitled,
  ListPlans,
  mergeSubscription,
  planOf,
  planPriceOf,
  PLANS_CACHE_MS,
  StartCheckout,
  statusOf,
  subscriptionView,
  toStoredSubscription,
  type BillingAccount,
  type BillingDeps,
  type BillingGateway,
  type BillingRepository,
  type StoredSubscription,
  type StripePrice,
  type StripeSubscriptionState,
  type VersionedAccount,
} from '../src/domain/billing';
import type { UserProfile, UserRepository } from '../src/domain/identity/model';

const prices = { monthly: 'price_m', yearly: 'price_y' };
const now = new Date('2026-11-26T10:00:00Z');
const clock = { now: () => now };

const stored = (over: Partial<StoredSubscription> = {}): StoredSubscription => ({
  id: 'sub_1',
  status: 'active',
  plan: 'monthly',
  priceId: 'price_m',
  currentPeriodEnd: '2026-12-26T10:00:00.000Z',
  cancelAtPeriodEnd: false,
  syncedAt: '2026-11-26T09:00:00.000Z',
  ...over,
});

describe('billing rules', () => {
  it('maps prices to plans and Stripe statuses to ours', () => {
    expect(planOf('price_m', prices)).toBe('monthly');
    expect(planOf('price_y', prices)).toBe('yearly');
    expect(planOf('price_other', prices)).toBeUndefined();
    const localized = { ...prices, localized: { nl: { monthly: 'price_m_nl', yearly: 'price_y_nl' } } };
    expect(planOf('price_m_nl', localized)).toBe('monthly');
    expect(planOf('price_y_nl', localized)).toBe('yearly');
    expect(planOf(undefined, localized)).toBeUndefined();
    expect(statusOf('active')).toBe('active');
    expect(statusOf('past_due')).toBe('past_due');
    expect(statusOf('incomplete_expired')).toBe('canceled');
    expect(statusOf('paused')).toBe('unpaid');
  });

  it('reads the period end from the subscription item', () => {
    const state: StripeSubscriptionState = {
      id: 'sub_1',
      customerId: 'cus_1',
      status: 'active',
      priceId: 'price_y',
      currentPeriodEnd: 1_800_000_000,
      cancelAtPeriodEnd: true,
      userId: 'u1',
    };
    expect(toStoredSubscription(state, prices, now)).toEqual({
      id: 'sub_1',
      status: 'active',
      plan: 'yearly',
      priceId: 'price_y',
      currentPeriodEnd: new Date(1_800_000_000_000).toISOString(),
      cancelAtPeriodEnd: true,
      syncedAt: now.toISOString(),
    });
  });

  it('opens paid content for active, trialing and past_due within 7 days of the period end', () => {
    expect(isEntitled(undefined, now)).toBe(false);
    expect(isEntitled(stored(), now)).toBe(true);
    expect(isEntitled(stored({ status: 'trialing' }), now)).toBe(true);
    expect(isEntitled(stored({ status: 'past_due', currentPeriodEnd: '2026-11-20T10:00:00Z' }), now)).toBe(
      true,
    );
    expect(isEntitled(stored({ status: 'past_due', currentPeriodEnd: '2026-11-18T10:00:00Z' }), now)).toBe(
      false,
    );
    for (const status of ['canceled', 'unpaid', 'incomplete'] as const) {
      expect(isEntitled(stored({ status }), now)).toBe(false);
    }
  });

  it('keeps the later read of a subscription and never lets an old ended one replace a live one', () => {
    const older = stored({ syncedAt: '2026-11-26T08:00:00.000Z', cancelAtPeriodEnd: true });
    const newer = stored({ syncedAt: '2026-11-26T09:30:00.000Z' });
    expect(mergeSubscription(undefined, newer, now)).toBe(newer);
    expect(mergeSubscription(older, newer, now)).toBe(newer);
    expect(mergeSubscription(newer, older, now)).toBeUndefined();
    const oldEnded = stored({ id: 'sub_old', status: 'canceled', syncedAt: '2026-11-26T09:59:00.000Z' });
    expect(mergeSubscription(newer, oldEnded, now)).toBeUndefined();
    expect(mergeSubscription(oldEnded, newer, now)).toBe(newer);
  });

  it('shows none without a subscription', () => {
    expect(subscriptionView(undefined, now)).toEqual({
      status: 'none',
      cancelAtPeriodEnd: false,
      entitled: false,
    });
  });
});

class MemoryAccounts implements BillingRepository {
  readonly docs = new Map<string, VersionedAccount>();
  private version = 0;
  get(userId: string) {
    return Promise.resolve(this.docs.get(userId));
  }
  byCustomerId(customerId: string) {
    return Promise.resolve([...this.docs.values()].find((d) => d.value.stripeCustomerId === customerId));
  }
  create(account: BillingAccount) {
    if (this.docs.has(account.userId)) return Promise.resolve(false);
    this.docs.set(account.userId, { value: account, etag: String(++this.version) });
    return Promise.resolve(true);
  }
  replace(account: BillingAccount, etag: string) {
    if (this.docs.get(account.userId)?.etag !== etag) return Promise.resolve(false);
    this.docs.set(account.userId, { value: account, etag: String(++this.version) });
    return Promise.resolve(true);
  }
}

const learner: UserProfile = {
  id: 'user-1',
  email: 'ana@example.be',
  displayName: 'Ana',
  language: 'nl',
} as UserProfile;

function priceOf(id: string): StripePrice | undefined {
  if (id === 'price_m') return { id, unitAmount: 1500, currency: 'EUR', interval: 'month', active: true };
  if (id === 'price_y') return { id, unitAmount: 15000, currency: 'eur', interval: 'year', active: true };
  return undefined;
}

function fakeGateway(overrides: Partial<BillingGateway> = {}) {
  const calls: { customers: string[]; checkouts: string[] } = { customers: [], checkouts: [] };
  let subscription: StripeSubscriptionState = {
    id: 'sub_1',
    customerId: 'cus_1',
    status: 'active',
    priceId: 'price_m',
    currentPeriodEnd: Math.floor(now.getTime() / 1000) + 30 * 86_400,
    cancelAtPeriodEnd: false,
    userId: 'user-1',
  };
  const gateway: BillingGateway = {
    createCustomer: (input) => {
      calls.customers.push(input.idempotencyKey);
      return Promise.resolve({ customerId: 'cus_1' });
    },
    createCheckout: (input) => {
      calls.checkouts.push(input.priceId);
      return Promise.resolve({ url: 'https://checkout.test/s' });
    },
    createPortal: () => Promise.resolve({ url: 'https://portal.test' }),
    listInvoices: () => Promise.resolve([]),
    retrieveSubscription: () => Promise.resolve(subscription),
    retrievePrice: (id) => Promise.resolve(priceOf(id)),
    cancelSubscriptionNow: () => Promise.resolve(),
    pseudonymiseCustomer: () => Promise.resolve(),
    ...overrides,
  };
  return {
    gateway,
    calls,
    set: (next: Partial<StripeSubscriptionState>) => (subscription = { ...subscription, ...next }),
  };
}

const users: UserRepository = {
  get: (id: string) => Promise.resolve(id === learner.id ? { value: learner, etag: 'e' } : undefined),
} as UserRepository;

function deps(
  gateway: BillingGateway,
  accounts = new MemoryAccounts(),
): BillingDeps & { accounts: MemoryAccounts } {
  return { accounts, gateway, users, clock, prices, appUrl: 'https://soins.test' };
}

describe('StartCheckout', () => {
  it('creates the customer once with a key derived from the user id, then reuses it', async () => {
    const fake = fakeGateway();
    const d = deps(fake.gateway);
    const checkout = new StartCheckout(d);
    expect(await checkout.execute({ user: learner, plan: 'yearly' })).toEqual({
      ok: true,
      value: { url: 'https://checkout.test/s' },
    });
    await checkout.execute({ user: learner, plan: 'monthly' });
    expect(fake.calls.customers).toEqual([customerIdempotencyKey('user-1')]);
    expect(fake.calls.checkouts).toEqual(['price_y', 'price_m']);
    expect(d.accounts.docs.get('user-1')?.value.stripeCustomerId).toBe('cus_1');
  });

  it('reports an outage as retryable and stores nothing when the customer could not be created', async () => {
    const fake = fakeGateway({
      createCustomer: () => Promise.reject(new BillingUnavailable('StripeAPIError')),
    });
    const d = deps(fake.gateway);
    const result = await new StartCheckout(d).execute({ user: learner, plan: 'monthly' });
    expect(result).toMatchObject({ ok: false, error: { code: 'dependency_unavailable' } });
    expect(d.accounts.docs.size).toBe(0);
  });

  it('refuses a second subscription while one is active', async () => {
    const d = deps(fakeGateway().gateway);
    const t = now.toISOString();
    await d.accounts.create({
      userId: 'user-1',
      stripeCustomerId: 'cus_1',
      subscription: stored(),
      createdAt: t,
      updatedAt: t,
    });
    expect(await new StartCheckout(d).execute({ user: learner, plan: 'monthly' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });
});

describe("Checkout in the learner's language", () => {
  const localized = { ...prices, localized: { nl: { monthly: 'price_m_nl', yearly: 'price_y_nl' } } };

  it('subscribes a Dutch-speaking learner to the prices named in Dutch, everyone else to the default ones', async () => {
    const fake = fakeGateway();
    const languages: string[] = [];
    const gateway: BillingGateway = {
      ...fake.gateway,
      createCheckout: (input) => {
        languages.push(input.language);
        return fake.gateway.createCheckout(input);
      },
    };
    const d = { ...deps(gateway), prices: localized };
    const checkout = new StartCheckout(d);
    await checkout.execute({ user: learner, plan: 'monthly' });
    await checkout.execute({ user: learner, plan: 'yearly' });
    for (const language of ['fr', 'de', 'en'] as const) {
      const user = { ...learner, id: `user-${language}`, language };
      await checkout.execute({ user, plan: 'monthly' });
    }
    expect(fake.calls.checkouts).toEqual(['price_m_nl', 'price_y_nl', 'price_m', 'price_m', 'price_m']);
    // Checkout's own texts follow the same language.
    expect(languages).toEqual(['nl', 'nl', 'fr', 'de', 'en']);
  });

  it('falls back to the default price of a plan without a Dutch one', async () => {
    const fake = fakeGateway();
    const d = { ...deps(fake.gateway), prices: { ...prices, localized: { nl: { yearly: 'price_y_nl' } } } };
    await new StartCheckout(d).execute({ user: learner, plan: 'monthly' });
    expect(fake.calls.checkouts).toEqual(['price_m']);
  });

  it('stores the plan of a subscription to a Dutch price', () => {
    const state: StripeSubscriptionState = {
      id: 'sub_nl',
      customerId: 'cus_1',
      status: 'active',
      priceId: 'price_y_nl',
      currentPeriodEnd: undefined,
      cancelAtPeriodEnd: false,
      userId: 'user-1',
    };
    expect(toStoredSubscription(state, localized, now)).toMatchObject({
      plan: 'yearly',
      priceId: 'price_y_nl',
    });
  });
});

describe('Checkout brings the learner back to where she came from', () => {
  function checkoutUrls() {
    const seen: { successUrl: string; cancelUrl: string }[] = [];
    const fake = fakeGateway({
      createCheckout: (input) => {
        seen.push({ successUrl: input.successUrl, cancelUrl: input.cancelUrl });
        return Promise.resolve({ url: 'https://checkout.test/s' });
      },
    });
    return { seen, checkout: new StartCheckout(deps(fake.gateway)) };
  }

  it('carries the page she came from through the success and cancel URLs', async () => {
    const { seen, checkout } = checkoutUrls();
    const result = await checkout.execute({
      user: learner,
      plan: 'monthly',
      returnTo: '/catalogue/chronic-wound-care?from=detail',
    });
    expect(result.ok).toBe(true);
    expect(seen).toEqual([
      {
        successUrl:
          'https://soins.test/billing/success?session_id={CHECKOUT_SESSION_ID}&returnTo=%2Fcatalogue%2Fchronic-wound-care%3Ffrom%3Ddetail',
        cancelUrl:
          'https://soins.test/billing/cancel?returnTo=%2Fcatalogue%2Fchronic-wound-care%3Ffrom%3Ddetail',
      },
    ]);
    await checkout.execute({ user: learner, plan: 'monthly' });
    expect(seen[1]).toEqual({
      successUrl: 'https://soins.test/billing/success?session_id={CHECKOUT_SESSION_ID}',
      cancelUrl: 'https://soins.test/billing/cancel',
    });
  });

  it.each([
    '//evil.example/catalogue',
    '/\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'catalogue/x',
    '/catalogue/x\nSet-Cookie: a=b',
    '/catalogue/ x',
    `/${'a'.repeat(300)}`,
  ])('refuses %j as a return path, before any call to Stripe', async (returnTo) => {
    const { seen, checkout } = checkoutUrls();
    const result = await checkout.execute({ user: learner, plan: 'monthly', returnTo });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(seen).toEqual([]);
    expect(checkoutRequestSchema.safeParse({ plan: 'monthly', returnTo }).success).toBe(false);
  });
});

describe('HandleStripeEvent', () => {
  function handler(fake = fakeGateway()) {
    const d = deps(fake.gateway);
    const recorded = new Set<string>();
    const emails: { id: string; template: string }[] = [];
    const directory: { userId: string; status: string }[] = [];
    const handle = new HandleStripeEvent({
      ...d,
      events: {
        has: (id) => Promise.resolve(recorded.has(id)),
        record: (e) => Promise.resolve(void recorded.add(e.id)),
      },
      sendEmail: (m) => Promise.resolve(void emails.push({ id: m.id, template: m.request.template })),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      directory: {
        noteSubscription: (userId, status) => Promise.resolve(void directory.push({ userId, status })),
      },
    });
    return { handle, d, emails, recorded, fake, directory };
  }

  it('tells the admin directory every subscription status it stores (the users list filters on it)', async () => {
    const { handle, fake, directory } = handler();
    await handle.execute({
      id: 'evt_cs',
      type: 'checkout.session.completed',
      created: 1,
      customerId: 'cus_1',
      subscriptionId: 'sub_1',
      userId: 'user-1',
    });
    fake.set({ status: 'canceled' });
    await handle.execute({
      id: 'evt_del',
      type: 'customer.subscription.deleted',
      created: 2,
      subscriptionId: 'sub_1',
    });
    expect(directory).toEqual([
      { userId: 'user-1', status: 'active' },
      { userId: 'user-1', status: 'canceled' },
    ]);
  });

  const paid = {
    id: 'evt_paid',
    type: 'invoice.paid' as const,
    created: 1,
    invoice: {
      amountCents: 1500,
      currency: 'eur',
      hostedInvoiceUrl: 'https://invoice.test/1',
      billingReason: 'subscription_create',
      subscriptionId: 'sub_1',
      customerId: 'cus_1',
    },
  };

  it('stores the state read from Stripe, sends one confirmation and processes a duplicate once', async () => {
    const { handle, d, emails } = handler();
    const completed = {
      id: 'evt_cs',
      type: 'checkout.session.completed' as const,
      created: 1,
      customerId: 'cus_1',
      subscriptionId: 'sub_1',
      userId: 'user-1',
    };
    expect(await handle.execute(completed)).toEqual({ ok: true, value: 'processed' });
    expect(await handle.execute(paid)).toEqual({ ok: true, value: 'processed' });
    expect(await handle.execute(paid)).toEqual({ ok: true, value: 'duplicate' });
    expect(emails).toEqual([
      { id: 'stripe:subscription:sub_1:subscription_confirmed', template: 'subscription_confirmed' },
    ]);
    expect(subscriptionView(d.accounts.docs.get('user-1')?.value, now)).toMatchObject({
      status: 'active',
      plan: 'monthly',
      entitled: true,
    });
  });

  it('converges on Stripe current state whatever the order of the events', async () => {
    const { handle, d, fake } = handler();
    const t = now.toISOString();
    await d.accounts.create({ userId: 'user-1', stripeCustomerId: 'cus_1', createdAt: t, updatedAt: t });
    fake.set({ cancelAtPeriodEnd: true });
    // A late "created" event arrives after the update: the re-read state still wins.
    await handle.execute({
      id: 'evt_up',
      type: 'customer.subscription.updated',
      created: 2,
      subscriptionId: 'sub_1',
    });
    await handle.execute({
      id: 'evt_cr',
      type: 'customer.subscription.created',
      created: 1,
      subscriptionId: 'sub_1',
    });
    expect(d.accounts.docs.get('user-1')?.value.subscription?.cancelAtPeriodEnd).toBe(true);
  });

  it('sends payment_failed with the hosted invoice as retry link; an outage is not recorded', async () => {
    const fake = fakeGateway();
    const { handle, emails, recorded } = handler(fake);
    const failed = { ...paid, id: 'evt_failed', type: 'invoice.payment_failed' as const };
    fake.set({ status: 'past_due' });
    await handle.execute({
      id: 'evt_cs',
      type: 'checkout.session.completed',
      created: 1,
      customerId: 'cus_1',
      subscriptionId: 'sub_1',
      userId: 'user-1',
    });
    await handle.execute(failed);
    expect(emails).toEqual([{ id: 'stripe:evt_failed:payment_failed', template: 'payment_failed' }]);

    const down = handler(
      fakeGateway({ retrieveSubscription: () => Promise.reject(new BillingUnavailable('x')) }),
    );
    expect(await down.handle.execute(failed)).toMatchObject({
      ok: false,
      error: { code: 'dependency_unavailable' },
    });
    expect(down.recorded.has('evt_failed')).toBe(false);
    expect(recorded.has('evt_failed')).toBe(true);
  });
});

describe('planPriceOf', () => {
  const monthly: StripePrice = {
    id: 'price_m',
    unitAmount: 1500,
    currency: 'EUR',
    interval: 'month',
    active: true,
  };

  it('offers an active recurring price with its amount in minor units and a lower-case currency', () => {
    expect(planPriceOf('monthly', monthly)).toEqual({
      plan: 'monthly',
      amount: 1500,
      currency: 'eur',
      interval: 'month',
    });
  });

  it.each([
    ['inactive', { ...monthly, active: false }, /inactive/],
    ['tiered', { ...monthly, unitAmount: null }, /no unit amount/],
    ['one-time', { ...monthly, interval: undefined }, /never/],
    ['yearly price configured as monthly', { ...monthly, interval: 'year' }, /year, not month/],
  ])('refuses a %s price', (_name, price, message) => {
    expect(planPriceOf('monthly', price)).toMatch(message);
  });
});

describe('ListPlans', () => {
  function counting(overrides: Partial<BillingGateway> = {}) {
    const reads: string[] = [];
    const fake = fakeGateway({
      retrievePrice: (id) => {
        reads.push(id);
        return Promise.resolve(priceOf(id));
      },
      ...overrides,
    });
    return { gateway: fake.gateway, reads };
  }

  it('reads both configured prices from Stripe', async () => {
    const { gateway, reads } = counting();
    const result = await new ListPlans({ gateway, clock, prices }).execute();
    expect(result).toEqual({
      ok: true,
      value: {
        plans: [
          { plan: 'monthly', amount: 1500, currency: 'eur', interval: 'month' },
          { plan: 'yearly', amount: 15000, currency: 'eur', interval: 'year' },
        ],
      },
    });
    expect(reads.sort()).toEqual(['price_m', 'price_y']);
  });

  it('caches the plans for PLANS_CACHE_MS and shares one read between concurrent callers', async () => {
    const { gateway, reads } = counting();
    let at = now.getTime();
    const plans = new ListPlans({ gateway, clock: { now: () => new Date(at) }, prices });
    await Promise.all([plans.execute(), plans.execute(), plans.execute()]);
    expect(reads).toHaveLength(2);
    at += PLANS_CACHE_MS - 1;
    await plans.execute();
    expect(reads).toHaveLength(2);
    at += 1;
    await plans.execute();
    expect(reads).toHaveLength(4);
  });

  it('answers dependency_unavailable during an outage, or the last plans read when it has some', async () => {
    let down = true;
    const { gateway } = counting({
      retrievePrice: (id) =>
        down ? Promise.reject(new BillingUnavailable('StripeConnectionError')) : Promise.resolve(priceOf(id)),
    });
    let at = now.getTime();
    const plans = new ListPlans({ gateway, clock: { now: () => new Date(at) }, prices });
    expect(await plans.execute()).toMatchObject({ ok: false, error: { code: 'dependency_unavailable' } });
    down = false;
    expect(await plans.execute()).toMatchObject({ ok: true });
    down = true;
    at += PLANS_CACHE_MS;
    const stale = await plans.execute();
    expect(stale.ok && stale.value.plans.map((p) => p.plan)).toEqual(['monthly', 'yearly']);
  });

  it('fails loudly (not as an outage) when a configured price is missing', async () => {
    const { gateway } = counting();
    await expect(
      new ListPlans({ gateway, clock, prices: { monthly: 'price_m', yearly: 'price_gone' } }).execute(),
    ).rejects.toThrow(/price_gone/);
  });
});
