// Stripe subscriptions: pure rules (plan and status mapping, convergence, entitlement) and the use
// cases behind /api/billing/*. Stripe itself sits behind the BillingGateway port; the domain never
// sees the SDK. Webhook events are not applied blindly: each one re-reads the subscription from
// Stripe and stores that current state, so duplicates, late and out-of-order events converge.
import type {
  BillingInterval,
  BillingPlan,
  InvoiceItem,
  Language,
  PlanPrice,
  SubscriptionStatus,
  SubscriptionView,
} from '@soins/shared';
import { isSafeReturnPath, type EmailRequestInput } from '@soins/shared';
import type { SubscriptionDirectory, UserProfile, UserRepository } from './identity/model';
import type { Clock, Logger } from './ports';
import { fail, ok, type Result } from './result';

/** The subscription as Stripe reports it now (read from the API, never from an event payload). */
export interface StripeSubscriptionState {
  readonly id: string;
  readonly customerId: string;
  /** Raw Stripe status (`active`, `past_due`, `incomplete_expired`, …). */
  readonly status: string;
  readonly priceId: string | undefined;
  /** Unix seconds, from `items.data[0].current_period_end` (API 2025-03-31 and later). */
  readonly currentPeriodEnd: number | undefined;
  readonly cancelAtPeriodEnd: boolean;
  /** `metadata.userId`, set at checkout. */
  readonly userId: string | undefined;
}

export interface StoredSubscription {
  readonly id: string;
  readonly status: Exclude<SubscriptionStatus, 'none'>;
  readonly plan: BillingPlan | undefined;
  readonly priceId: string | undefined;
  /** ISO 8601 UTC. */
  readonly currentPeriodEnd: string | undefined;
  readonly cancelAtPeriodEnd: boolean;
  /** When this state was read from Stripe (ISO 8601): a later read always wins over an earlier one. */
  readonly syncedAt: string;
}

export interface BillingAccount {
  /** = userId (one billing document per user). */
  readonly userId: string;
  readonly stripeCustomerId: string;
  readonly subscription?: StoredSubscription;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface VersionedAccount {
  readonly value: BillingAccount;
  readonly etag: string;
}

export interface BillingRepository {
  get(userId: string): Promise<VersionedAccount | undefined>;
  byCustomerId(customerId: string): Promise<VersionedAccount | undefined>;
  /** Resolves false if the user already has a billing document. */
  create(account: BillingAccount): Promise<boolean>;
  /** Resolves false on a concurrent change (etag mismatch). */
  replace(account: BillingAccount, etag: string): Promise<boolean>;
}

/** Every processed Stripe event id, so a redelivery is acknowledged without reprocessing. */
export interface StripeEventLog {
  has(eventId: string): Promise<boolean>;
  /** Idempotent: recording an already recorded id is not an error. */
  record(event: { id: string; type: string; created: number }): Promise<void>;
}

/** Stripe answered 5xx or could not be reached: the caller may retry. */
export class BillingUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`billing provider unavailable: ${reason}`);
    this.name = 'BillingUnavailable';
  }
}

export interface InvoiceSummary {
  readonly amountCents: number;
  readonly currency: string;
  readonly hostedInvoiceUrl: string | undefined;
  readonly billingReason: string | undefined;
  readonly subscriptionId: string | undefined;
  readonly customerId: string | undefined;
}

/** A verified webhook event, reduced to what the domain needs. */
export type BillingEvent =
  | {
      readonly id: string;
      readonly type: 'checkout.session.completed';
      readonly created: number;
      readonly customerId: string | undefined;
      readonly subscriptionId: string | undefined;
      readonly userId: string | undefined;
    }
  | {
      readonly id: string;
      readonly type:
        'customer.subscription.created' | 'customer.subscription.updated' | 'customer.subscription.deleted';
      readonly created: number;
      readonly subscriptionId: string;
    }
  | {
      readonly id: string;
      readonly type: 'invoice.paid' | 'invoice.payment_failed';
      readonly created: number;
      readonly invoice: InvoiceSummary;
    }
  | { readonly id: string; readonly type: 'ignored'; readonly stripeType: string; readonly created: number };

/** Stripe, as the domain uses it. Adapters throw BillingUnavailable for outages. */
export interface BillingGateway {
  createCustomer(input: {
    userId: string;
    email: string;
    name: string;
    language: UserProfile['language'];
    idempotencyKey: string;
  }): Promise<{ customerId: string }>;
  createCheckout(input: {
    customerId: string;
    userId: string;
    priceId: string;
    language: UserProfile['language'];
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ url: string }>;
  createPortal(input: { customerId: string; returnUrl: string; language: UserProfile['language'] }): Promise<{
    url: string;
  }>;
  listInvoices(customerId: string): Promise<InvoiceItem[]>;
  retrieveSubscription(subscriptionId: string): Promise<StripeSubscriptionState | undefined>;
  /** A price as Stripe's Prices API reports it; undefined when Stripe does not know the id. */
  retrievePrice(priceId: string): Promise<StripePrice | undefined>;
  /** Ends the subscription now (no refund); one already ended or unknown is left as it is. */
  cancelSubscriptionNow(subscriptionId: string): Promise<void>;
  /** The erasure: the customer's name, e-mail and phone give way to the pseudonym (invoices stay). */
  pseudonymiseCustomer(customerId: string, pseudonym: string): Promise<void>;
}

/** A recurring price, reduced to what the plans page shows. */
export interface StripePrice {
  readonly id: string;
  /** Minor units; null for tiered or custom prices (not offered here). */
  readonly unitAmount: number | null;
  readonly currency: string;
  /** `month`, `year`, … or undefined for a one-time price. */
  readonly interval: string | undefined;
  readonly active: boolean;
}

export interface BillingPrices {
  readonly monthly: string;
  readonly yearly: string;
  /**
   * The same plans as prices of a product named in another language: Stripe shows the product and price
   * names on Checkout, the invoices and the Customer Portal. A language (or plan) without one uses the
   * prices above.
   */
  readonly localized?: Partial<Record<Language, Partial<Record<BillingPlan, string>>>>;
}

// ---- pure rules -------------------------------------------------------------------------------

/** The price a learner subscribes to: the one named in her language, else the default one. */
export function priceIdFor(plan: BillingPlan, language: Language, prices: BillingPrices): string {
  return prices.localized?.[language]?.[plan] ?? prices[plan];
}

export function planOf(priceId: string | undefined, prices: BillingPrices): BillingPlan | undefined {
  if (priceId === undefined) return undefined;
  if (priceId === prices.monthly) return 'monthly';
  if (priceId === prices.yearly) return 'yearly';
  for (const perPlan of Object.values(prices.localized ?? {})) {
    if (priceId === perPlan.monthly) return 'monthly';
    if (priceId === perPlan.yearly) return 'yearly';
  }
  return undefined;
}

export function statusOf(stripeStatus: string): Exclude<SubscriptionStatus, 'none'> {
  switch (stripeStatus) {
    case 'active':
    case 'trialing':
    case 'past_due':
    case 'canceled':
    case 'incomplete':
    case 'unpaid':
      return stripeStatus;
    case 'incomplete_expired':
      return 'canceled';
    default:
      // `paused` and anything newer: not paying, not entitled.
      return 'unpaid';
  }
}

export function toStoredSubscription(
  state: StripeSubscriptionState,
  prices: BillingPrices,
  syncedAt: Date,
): StoredSubscription {
  return {
    id: state.id,
    status: statusOf(state.status),
    plan: planOf(state.priceId, prices),
    priceId: state.priceId,
    currentPeriodEnd:
      state.currentPeriodEnd === undefined
        ? undefined
        : new Date(state.currentPeriodEnd * 1000).toISOString(),
    cancelAtPeriodEnd: state.cancelAtPeriodEnd,
    syncedAt: syncedAt.toISOString(),
  };
}

/** Days of access a past_due learner keeps while Stripe retries the payment (Smart Retries). */
export const PAST_DUE_GRACE_DAYS = 7;

/**
 * Paid content is open when the subscription is active or trialing, and while past_due for at most
 * PAST_DUE_GRACE_DAYS after the end of the period that was paid (Stripe keeps retrying meanwhile).
 * canceled, unpaid, incomplete: closed. A subscription set to cancel at period end stays active
 * until Stripe ends it (customer.subscription.deleted).
 */
export function isEntitled(subscription: StoredSubscription | undefined, now: Date): boolean {
  if (!subscription) return false;
  if (subscription.status === 'active' || subscription.status === 'trialing') return true;
  if (subscription.status === 'past_due' && subscription.currentPeriodEnd) {
    const graceEnd = Date.parse(subscription.currentPeriodEnd) + PAST_DUE_GRACE_DAYS * 86_400_000;
    return now.getTime() <= graceEnd;
  }
  return false;
}

/**
 * Which state to keep when a freshly read subscription meets the stored one: a later read wins; a
 * different, ended subscription never replaces one that still grants access (a late event about an
 * old subscription after the learner subscribed again).
 */
export function mergeSubscription(
  stored: StoredSubscription | undefined,
  incoming: StoredSubscription,
  now: Date,
): StoredSubscription | undefined {
  if (!stored) return incoming;
  if (stored.id === incoming.id) {
    return Date.parse(incoming.syncedAt) >= Date.parse(stored.syncedAt) ? incoming : undefined;
  }
  if (isEntitled(stored, now) && !isEntitled(incoming, now)) return undefined;
  return incoming;
}

export function subscriptionView(account: BillingAccount | undefined, now: Date): SubscriptionView {
  const sub = account?.subscription;
  if (!sub) return { status: 'none', cancelAtPeriodEnd: false, entitled: false };
  return {
    status: sub.status,
    ...(sub.plan ? { plan: sub.plan } : {}),
    ...(sub.currentPeriodEnd ? { currentPeriodEnd: sub.currentPeriodEnd } : {}),
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    entitled: isEntitled(sub, now),
  };
}

/** Stripe keeps idempotency keys 24 h: within that window a retried create returns the same customer. */
export const customerIdempotencyKey = (userId: string): string => `soins-customer-${userId}`;

/**
 * The offered plan for a configured price, or why it cannot be offered: a price that is inactive,
 * one-time, tiered or not renewing monthly/yearly is a configuration error, not something to show.
 */
export function planPriceOf(plan: BillingPlan, price: StripePrice): PlanPrice | string {
  const expected: BillingInterval = plan === 'monthly' ? 'month' : 'year';
  if (!price.active) return `${price.id} is inactive`;
  if (price.unitAmount === null) return `${price.id} has no unit amount`;
  if (price.interval !== expected)
    return `${price.id} renews every ${price.interval ?? 'never'}, not ${expected}`;
  return { plan, amount: price.unitAmount, currency: price.currency.toLowerCase(), interval: expected };
}

/** How long the plans read from Stripe are reused (prices change rarely; a deploy-free change shows within this). */
export const PLANS_CACHE_MS = 5 * 60_000;

// ---- use cases --------------------------------------------------------------------------------

export type BillingError =
  | { code: 'dependency_unavailable'; message: string }
  | { code: 'conflict'; message: string }
  | { code: 'validation_failed'; message: string };

export interface BillingDeps {
  readonly accounts: BillingRepository;
  readonly gateway: BillingGateway;
  readonly users: UserRepository;
  readonly clock: Clock;
  readonly prices: BillingPrices;
  /** Public URL of the SPA, for Checkout's success/cancel and the portal's return URL. */
  readonly appUrl: string;
}

async function guarded<T>(run: () => Promise<T>): Promise<Result<T, BillingError>> {
  try {
    return ok(await run());
  } catch (error) {
    if (error instanceof BillingUnavailable) {
      return fail({ code: 'dependency_unavailable', message: error.reason });
    }
    throw error;
  }
}

const appLink = (appUrl: string, path: string): string => new URL(path, appUrl).toString();

/**
 * Checkout's success and cancel URLs. `returnTo` (a page of the app, e.g. the training the learner came from)
 * travels in both, checked again here: a relative path on the app's origin, or the checkout is refused.
 */
export function checkoutReturnUrls(
  appUrl: string,
  returnTo: string | undefined,
): { successUrl: string; cancelUrl: string } | undefined {
  const success = `${appLink(appUrl, '/billing/success')}?session_id={CHECKOUT_SESSION_ID}`;
  const cancel = appLink(appUrl, '/billing/cancel');
  if (returnTo === undefined) return { successUrl: success, cancelUrl: cancel };
  if (!isSafeReturnPath(returnTo) || new URL(returnTo, appUrl).origin !== new URL(appUrl).origin) {
    return undefined;
  }
  const back = `returnTo=${encodeURIComponent(returnTo)}`;
  return { successUrl: `${success}&${back}`, cancelUrl: `${cancel}?${back}` };
}

/** Customer created once (idempotency key from the user id) and reused; then a Checkout session. */
export class StartCheckout {
  constructor(private readonly deps: BillingDeps) {}

  async execute(input: {
    user: UserProfile;
    plan: BillingPlan;
    /** A page of the app to come back to once the payment is confirmed. */
    returnTo?: string;
  }): Promise<Result<{ url: string }, BillingError>> {
    const { accounts, gateway, clock, prices, appUrl } = this.deps;
    const urls = checkoutReturnUrls(appUrl, input.returnTo);
    if (!urls) return fail({ code: 'validation_failed', message: 'returnTo must be a path of the app' });
    const existing = (await accounts.get(input.user.id))?.value;
    if (isEntitled(existing?.subscription, clock.now())) {
      return fail({ code: 'conflict', message: 'already subscribed: use the customer portal' });
    }
    return guarded(async () => {
      let customerId = existing?.stripeCustomerId;
      if (!customerId) {
        const created = await gateway.createCustomer({
          userId: input.user.id,
          email: input.user.email,
          name: input.user.displayName,
          language: input.user.language,
          idempotencyKey: customerIdempotencyKey(input.user.id),
        });
        const now = clock.now().toISOString();
        const stored = await accounts.create({
          userId: input.user.id,
          stripeCustomerId: created.customerId,
          createdAt: now,
          updatedAt: now,
        });
        // A concurrent request stored first: use its customer (the same one, thanks to the key).
        customerId = stored
          ? created.customerId
          : (await accounts.get(input.user.id))?.value.stripeCustomerId;
        customerId ??= created.customerId;
      }
      return gateway.createCheckout({
        customerId,
        userId: input.user.id,
        priceId: priceIdFor(input.plan, input.user.language, prices),
        language: input.user.language,
        ...urls,
      });
    });
  }
}

export class OpenCustomerPortal {
  constructor(private readonly deps: BillingDeps) {}

  async execute(user: UserProfile): Promise<Result<{ url: string }, BillingError>> {
    const account = (await this.deps.accounts.get(user.id))?.value;
    if (!account) return fail({ code: 'conflict', message: 'no billing account yet: subscribe first' });
    return guarded(() =>
      this.deps.gateway.createPortal({
        customerId: account.stripeCustomerId,
        returnUrl: appLink(this.deps.appUrl, '/account/subscription'),
        language: user.language,
      }),
    );
  }
}

/**
 * The two plans with their prices, read from Stripe's Prices API and kept in memory for
 * PLANS_CACHE_MS. Concurrent callers share one read; during an outage a stale list is still served
 * (prices rarely change), and only without any list does the caller get dependency_unavailable.
 */
export class ListPlans {
  private cached: { plans: PlanPrice[]; at: number } | undefined;
  private inflight: Promise<Result<{ plans: PlanPrice[] }, BillingError>> | undefined;

  constructor(
    private readonly deps: Pick<BillingDeps, 'gateway' | 'clock' | 'prices'> & { readonly logger?: Logger },
    private readonly ttlMs = PLANS_CACHE_MS,
  ) {}

  async execute(): Promise<Result<{ plans: PlanPrice[] }, BillingError>> {
    const now = this.deps.clock.now().getTime();
    if (this.cached && now - this.cached.at < this.ttlMs) return ok({ plans: this.cached.plans });
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<Result<{ plans: PlanPrice[] }, BillingError>> {
    const { gateway, prices, clock } = this.deps;
    const read = await guarded(() =>
      Promise.all(
        (['monthly', 'yearly'] as const).map(async (plan) => {
          const price = await gateway.retrievePrice(prices[plan]);
          if (!price) throw new Error(`Stripe price ${prices[plan]} (${plan}) does not exist`);
          const offered = planPriceOf(plan, price);
          if (typeof offered === 'string') throw new Error(`Stripe price for ${plan}: ${offered}`);
          return offered;
        }),
      ),
    );
    if (!read.ok) {
      if (this.cached) {
        this.deps.logger?.warn('billing.plans_stale', { reason: read.error.message });
        return ok({ plans: this.cached.plans });
      }
      return read;
    }
    this.cached = { plans: read.value, at: clock.now().getTime() };
    return ok({ plans: read.value });
  }
}

export class ListMyInvoices {
  constructor(private readonly deps: BillingDeps) {}

  async execute(userId: string): Promise<Result<{ items: InvoiceItem[] }, BillingError>> {
    const account = (await this.deps.accounts.get(userId))?.value;
    if (!account) return ok({ items: [] });
    return guarded(async () => ({ items: await this.deps.gateway.listInvoices(account.stripeCustomerId) }));
  }
}

export type EmailSink = (message: { id: string; request: EmailRequestInput }) => Promise<void>;

/**
 * Email idempotency keys. The confirmation is one per subscription, whatever events (and however many
 * distinct ones) report it; a failed payment is one notice per event (each retry Stripe makes).
 */
export const billingEmailId = {
  confirmed: (subscriptionId: string): string =>
    `stripe:subscription:${subscriptionId}:subscription_confirmed`,
  paymentFailed: (eventId: string): string => `stripe:${eventId}:payment_failed`,
};

export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored' | 'unknown_customer';

/**
 * One verified Stripe event: skipped if already recorded; otherwise the subscription is re-read from
 * Stripe and stored (later reads win), emails are enqueued with ids derived from the event id, and
 * only then is the event recorded, so a failure midway lets Stripe's retry finish the job.
 */
export class HandleStripeEvent {
  constructor(
    private readonly deps: BillingDeps & {
      readonly events: StripeEventLog;
      readonly sendEmail: EmailSink;
      readonly logger: Logger;
      /** The admin directory filters users on their subscription status: told of every change. */
      readonly directory?: SubscriptionDirectory;
    },
  ) {}

  async execute(event: BillingEvent): Promise<Result<WebhookOutcome, BillingError>> {
    if (await this.deps.events.has(event.id)) return ok('duplicate');
    const outcome = await guarded(() => this.process(event));
    if (!outcome.ok) return outcome;
    await this.deps.events.record({
      id: event.id,
      type: event.type === 'ignored' ? event.stripeType : event.type,
      created: event.created,
    });
    return outcome;
  }

  private async process(event: BillingEvent): Promise<WebhookOutcome> {
    switch (event.type) {
      case 'ignored':
        return 'ignored';
      case 'checkout.session.completed':
        if (!event.subscriptionId) return 'ignored';
        return (await this.sync(event.subscriptionId, event.userId)) ? 'processed' : 'unknown_customer';
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted':
        return (await this.sync(event.subscriptionId)) ? 'processed' : 'unknown_customer';
      case 'invoice.paid':
      case 'invoice.payment_failed':
        return this.invoiceEvent(event);
    }
  }

  private async invoiceEvent(
    event: Extract<BillingEvent, { type: 'invoice.paid' | 'invoice.payment_failed' }>,
  ): Promise<WebhookOutcome> {
    const { invoice } = event;
    const synced = invoice.subscriptionId ? await this.sync(invoice.subscriptionId) : undefined;
    const account =
      synced ??
      (invoice.customerId ? (await this.deps.accounts.byCustomerId(invoice.customerId))?.value : undefined);
    if (!account) return 'unknown_customer';
    const profile = (await this.deps.users.get(account.userId))?.value;
    if (!profile?.email) return 'processed';
    const recipient = {
      userId: profile.id,
      email: profile.email,
      displayName: profile.displayName,
      language: profile.language,
    };
    if (event.type === 'invoice.paid') {
      const sub = account.subscription;
      if (invoice.billingReason !== 'subscription_create' || !sub?.plan || !sub.currentPeriodEnd) {
        return 'processed';
      }
      await this.deps.sendEmail({
        id: billingEmailId.confirmed(invoice.subscriptionId ?? sub.id),
        request: {
          template: 'subscription_confirmed',
          recipient,
          plan: sub.plan,
          amountCents: invoice.amountCents,
          currency: invoice.currency,
          periodEnd: sub.currentPeriodEnd,
        },
      });
      return 'processed';
    }
    await this.deps.sendEmail({
      id: billingEmailId.paymentFailed(event.id),
      request: {
        template: 'payment_failed',
        recipient,
        amountCents: invoice.amountCents,
        currency: invoice.currency,
        ...(invoice.hostedInvoiceUrl ? { retryUrl: invoice.hostedInvoiceUrl } : {}),
      },
    });
    return 'processed';
  }

  /** Re-reads the subscription from Stripe and stores it on its user's billing document. */
  private async sync(subscriptionId: string, userIdHint?: string): Promise<BillingAccount | undefined> {
    const { accounts, gateway, clock, prices, logger } = this.deps;
    const state = await gateway.retrieveSubscription(subscriptionId);
    if (!state) {
      logger.warn('billing.subscription_missing', { subscriptionId });
      return undefined;
    }
    const incoming = toStoredSubscription(state, prices, clock.now());
    for (let attempt = 0; attempt < 5; attempt++) {
      // Point read by the user named at checkout; the customer id query is the fallback.
      const current =
        (await this.byUser(state.userId ?? userIdHint, state.customerId)) ??
        (await accounts.byCustomerId(state.customerId));
      if (!current) {
        logger.warn('billing.unknown_customer', { subscriptionId });
        return undefined;
      }
      const merged = mergeSubscription(current.value.subscription, incoming, clock.now());
      if (!merged) return current.value;
      const next: BillingAccount = {
        ...current.value,
        subscription: merged,
        updatedAt: clock.now().toISOString(),
      };
      if (await accounts.replace(next, current.etag)) {
        // After the account: a failure here fails the event, and Stripe's retry writes it again.
        await this.deps.directory?.noteSubscription(next.userId, merged.status);
        return next;
      }
    }
    throw new Error('billing document kept changing while syncing a subscription');
  }

  /** Fallback when no document carries the customer id yet: the user named at checkout. */
  private async byUser(
    userId: string | undefined,
    customerId: string,
  ): Promise<VersionedAccount | undefined> {
    if (!userId) return undefined;
    const found = await this.deps.accounts.get(userId);
    if (!found && !(await this.deps.users.get(userId))) return undefined;
    if (found) return found.value.stripeCustomerId === customerId ? found : undefined;
    const now = this.deps.clock.now().toISOString();
    await this.deps.accounts.create({ userId, stripeCustomerId: customerId, createdAt: now, updatedAt: now });
    return this.deps.accounts.get(userId);
  }
}

/** The gate for paid content (api routes and, through GET /api/billing/subscription, the SPA). */
export function makeHasActiveSubscription(deps: {
  accounts: BillingRepository;
  clock: Clock;
}): (userId: string) => Promise<boolean> {
  return async (userId) =>
    isEntitled((await deps.accounts.get(userId))?.value.subscription, deps.clock.now());
}

/**
 * The erasure's billing step: the subscription ends now and the Stripe customer keeps only the
 * pseudonym (its invoices stay, 10 years, for the accounts). Idempotent: a canceled subscription and an
 * already pseudonymised customer are simply done again; no billing document means nothing to close.
 * Our own document is pseudonymised with the other stores (domain/privacy/erasure.ts).
 */
export class CloseBillingForErasure {
  constructor(private readonly deps: Pick<BillingDeps, 'accounts' | 'gateway'>) {}

  async execute(userId: string, pseudonym: string): Promise<void> {
    const account = (await this.deps.accounts.get(userId))?.value;
    if (!account) return;
    const subscription = account.subscription;
    if (subscription && subscription.status !== 'canceled') {
      await this.deps.gateway.cancelSubscriptionNow(subscription.id);
    }
    await this.deps.gateway.pseudonymiseCustomer(account.stripeCustomerId, pseudonym);
  }
}
