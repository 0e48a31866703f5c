// Stripe Billing in the simulator: products, prices (two recurring prices seeded from options),
// subscriptions created by Checkout in `subscription` mode, invoices, payment methods from the test
// cards, Customer Portal sessions, and the lifecycle moves the hosted pages and the `/_sim` helpers
// trigger (cancel at period end, resume, cancel now, failed renewal, renewal). Object shapes follow
// STRIPE_API_VERSION: billing periods live on subscription items (`items.data[].current_period_*`)
// and an invoice names its subscription in `parent.subscription_details.subscription`.
import {
  allowOnly,
  arr,
  bool,
  embeddedList,
  field,
  getCustomer,
  int,
  locale,
  mergeMetadata,
  missing,
  newCustomer,
  numField,
  obj,
  paramInvalid,
  paramMissing,
  publicView,
  simUnsupported,
  str,
  StripeApiError,
  listResponse,
  type StripeContext,
  type StripeObject,
  type StripeRoute,
  type StripeStore,
} from './stripe-core';
import type { FormObject } from './stripe-form';

// --- catalog seed -------------------------------------------------------------------------------

export type BillingInterval = 'day' | 'week' | 'month' | 'year';

export interface SimPrice {
  readonly id: string;
  /** Minor units (cents). */
  readonly unitAmount: number;
  readonly currency: string;
  readonly interval: 'month' | 'year';
  readonly nickname: string;
  /** Product the price belongs to (created when missing); default `prod_soins_plus`. */
  readonly productId?: string;
  /** Name of that product; default `SOINS+`. */
  readonly productName?: string;
}

/**
 * The plans of local.settings.sample.json: a product per plan and language, since Stripe shows customers
 * the product's name (Checkout, invoices, portal) and never the price's nickname (internal).
 */
export const DEFAULT_SIM_PRICES: readonly SimPrice[] = [
  {
    id: 'price_soins_monthly',
    unitAmount: 1500,
    currency: 'eur',
    interval: 'month',
    nickname: 'Monthly',
    productId: 'prod_soins_monthly',
    productName: 'SOINS+ abonnement mensuel',
  },
  {
    id: 'price_soins_yearly',
    unitAmount: 15000,
    currency: 'eur',
    interval: 'year',
    nickname: 'Yearly',
    productId: 'prod_soins_yearly',
    productName: 'SOINS+ abonnement annuel',
  },
  {
    id: 'price_soins_monthly_nl',
    unitAmount: 1500,
    currency: 'eur',
    interval: 'month',
    nickname: 'Monthly (nl)',
    productId: 'prod_soins_monthly_nl',
    productName: 'SOINS+ maandabonnement',
  },
  {
    id: 'price_soins_yearly_nl',
    unitAmount: 15000,
    currency: 'eur',
    interval: 'year',
    nickname: 'Yearly (nl)',
    productId: 'prod_soins_yearly_nl',
    productName: 'SOINS+ jaarabonnement',
  },
];

const DEFAULT_PRODUCT_ID = 'prod_soins_plus';
const DEFAULT_PRODUCT_NAME = 'SOINS+';

function buildProduct(id: string, name: string, created: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    object: 'product',
    active: true,
    created,
    default_price: null,
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: 'service',
    unit_label: null,
    updated: created,
    url: null,
    ...extra,
  } satisfies StripeObject;
}

interface PriceInput {
  readonly id: string;
  readonly product: string;
  readonly unitAmount: number;
  readonly currency: string;
  readonly recurring: { interval: BillingInterval; intervalCount: number } | null;
  readonly nickname: string | null;
  readonly metadata: Record<string, string>;
  readonly lookupKey: string | null;
  readonly active: boolean;
  readonly created: number;
}

function buildPrice(p: PriceInput): StripeObject {
  return {
    id: p.id,
    object: 'price',
    active: p.active,
    billing_scheme: 'per_unit',
    created: p.created,
    currency: p.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: p.lookupKey,
    metadata: p.metadata,
    nickname: p.nickname,
    product: p.product,
    recurring: p.recurring
      ? {
          interval: p.recurring.interval,
          interval_count: p.recurring.intervalCount,
          meter: null,
          trial_period_days: null,
          usage_type: 'licensed',
        }
      : null,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: p.recurring ? 'recurring' : 'one_time',
    unit_amount: p.unitAmount,
    unit_amount_decimal: String(p.unitAmount),
  };
}

/**
 * Creates the configured products and prices, or brings stored ones in line with the options (local
 * config is the source of truth), so the api can reference fixed price ids.
 */
export function seedCatalog(store: StripeStore, prices: readonly SimPrice[], now: number): void {
  for (const p of prices) {
    if (!/^[A-Za-z0-9_-]+$/.test(p.id)) throw new Error(`Invalid seeded price id: ${p.id}`);
    if (!Number.isInteger(p.unitAmount) || p.unitAmount < 0)
      throw new Error(`Invalid unitAmount for ${p.id}: ${p.unitAmount}`);
    const productId = p.productId ?? DEFAULT_PRODUCT_ID;
    const productName = p.productName ?? DEFAULT_PRODUCT_NAME;
    const product = store.get('product', productId);
    if (!product || product.name !== productName) {
      store.put('product', buildProduct(productId, productName, numField(product, 'created') ?? now));
    }
    const existing = store.get('price', p.id);
    const wanted = buildPrice({
      id: p.id,
      product: productId,
      unitAmount: p.unitAmount,
      currency: p.currency.toLowerCase(),
      recurring: { interval: p.interval, intervalCount: 1 },
      nickname: p.nickname,
      metadata: (existing?.metadata as Record<string, string> | undefined) ?? {},
      lookupKey: field(existing, 'lookup_key'),
      active: true,
      created: numField(existing, 'created') ?? now,
    });
    if (JSON.stringify(existing) !== JSON.stringify(wanted)) store.put('price', wanted);
  }
}

// --- time ---------------------------------------------------------------------------------------

/** Adds `count` calendar intervals to a unix time (UTC; month ends clamp, e.g. 31 Jan + 1 month = 28/29 Feb). */
export function addInterval(unix: number, interval: BillingInterval, count = 1): number {
  if (interval === 'day') return unix + count * 86_400;
  if (interval === 'week') return unix + count * 7 * 86_400;
  const d = new Date(unix * 1000);
  const months = interval === 'month' ? count : count * 12;
  const day = d.getUTCDate();
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

// --- test cards ---------------------------------------------------------------------------------

export const TEST_CARD_SUCCESS = '4242424242424242';
export const TEST_CARD_DECLINED = '4000000000000002';
export const TEST_CARD_INSUFFICIENT_FUNDS = '4000000000009995';

export interface AcceptedCard {
  readonly ok: true;
  readonly number: string;
  readonly brand: string;
  readonly last4: string;
}

export interface RefusedCard {
  readonly ok: false;
  /** Stripe error code: `card_declined` or `incorrect_number`. */
  readonly code: 'card_declined' | 'incorrect_number';
  readonly declineCode: 'generic_decline' | 'insufficient_funds' | null;
  readonly message: string;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Stripe's test cards: 4000 0000 0000 0002 is declined (generic_decline), 4000 0000 0000 9995 is
 * declined for insufficient funds, a number that fails the Luhn check is incorrect, and any other
 * valid number (4242 4242 4242 4242 first of all) succeeds.
 */
export function evaluateTestCard(input: string): AcceptedCard | RefusedCard {
  const number = input.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) {
    return {
      ok: false,
      code: 'incorrect_number',
      declineCode: null,
      message: 'Your card number is incorrect.',
    };
  }
  if (number === TEST_CARD_DECLINED) {
    return {
      ok: false,
      code: 'card_declined',
      declineCode: 'generic_decline',
      message: 'Your card was declined.',
    };
  }
  if (number === TEST_CARD_INSUFFICIENT_FUNDS) {
    return {
      ok: false,
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    };
  }
  const brand = number.startsWith('4')
    ? 'visa'
    : /^(5[1-5]|2[2-7])/.test(number)
      ? 'mastercard'
      : /^3[47]/.test(number)
        ? 'amex'
        : 'unknown';
  return { ok: true, number, brand, last4: number.slice(-4) };
}

function createPaymentMethod(ctx: StripeContext, card: AcceptedCard, customer: StripeObject): StripeObject {
  const now = ctx.now();
  const pm: StripeObject = {
    id: ctx.newId('pm_', 24),
    object: 'payment_method',
    allow_redisplay: 'always',
    billing_details: {
      address: null,
      email: field(customer, 'email'),
      name: field(customer, 'name'),
      phone: null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'BE',
      display_brand: card.brand,
      exp_month: 12,
      exp_year: new Date(now * 1000).getUTCFullYear() + 3,
      funding: 'credit',
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      wallet: null,
    },
    created: now,
    customer: customer.id,
    livemode: false,
    metadata: {},
    type: 'card',
  };
  ctx.store.put('payment_method', pm);
  return pm;
}

// --- subscriptions and invoices -----------------------------------------------------------------

function getPrice(ctx: StripeContext, id: string, param?: string): StripeObject {
  const p = ctx.store.get('price', id);
  if (!p) throw missing('price', id, param);
  return p;
}

function recurringOf(price: StripeObject): { interval: BillingInterval; interval_count: number } | null {
  const r = price.recurring as { interval?: BillingInterval; interval_count?: number } | null | undefined;
  return r?.interval ? { interval: r.interval, interval_count: r.interval_count ?? 1 } : null;
}

function planFromPrice(price: StripeObject): Record<string, unknown> {
  const r = recurringOf(price);
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: r?.interval ?? 'month',
    interval_count: r?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  };
}

interface ItemInput {
  readonly price: StripeObject;
  readonly quantity: number;
}

type SubscriptionItem = Record<string, unknown> & {
  id: string;
  price: StripeObject;
  quantity: number;
  current_period_start: number;
  current_period_end: number;
};

export function subscriptionItems(sub: StripeObject): SubscriptionItem[] {
  return ((sub.items as { data?: SubscriptionItem[] } | undefined)?.data ?? []).map((i) => ({ ...i }));
}

/** The subscription's current billing period (from its first item, as Stripe's clients now read it). */
export function currentPeriod(sub: StripeObject): { start: number; end: number } {
  const first = subscriptionItems(sub)[0];
  return { start: first?.current_period_start ?? 0, end: first?.current_period_end ?? 0 };
}

function withItems(sub: StripeObject, items: SubscriptionItem[]): StripeObject {
  return { ...sub, items: embeddedList(`/v1/subscription_items?subscription=${sub.id}`, items) };
}

function withPeriod(sub: StripeObject, start: number, end: number): StripeObject {
  return withItems(
    sub,
    subscriptionItems(sub).map((i) => ({ ...i, current_period_start: start, current_period_end: end })),
  );
}

function subscriptionInterval(sub: StripeObject): { interval: BillingInterval; interval_count: number } {
  const price = subscriptionItems(sub)[0]?.price;
  return (price && recurringOf(price)) ?? { interval: 'month', interval_count: 1 };
}

function buildSubscription(
  ctx: StripeContext,
  id: string,
  customer: StripeObject,
  items: readonly ItemInput[],
  opts: { metadata: Record<string, string>; paymentMethod: string; latestInvoice: string },
): StripeObject {
  const now = ctx.now();
  const first = items[0];
  const r = first ? recurringOf(first.price) : null;
  const end = addInterval(now, r?.interval ?? 'month', r?.interval_count ?? 1);
  const sub: StripeObject = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: first?.price.currency ?? 'eur',
    customer: customer.id,
    days_until_due: null,
    default_payment_method: opts.paymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: null,
    latest_invoice: opts.latestInvoice,
    livemode: false,
    metadata: opts.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: 'off',
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: 'active',
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    trial_start: null,
  };
  return withItems(
    sub,
    items.map((li) => ({
      id: ctx.newId('si_', 14),
      object: 'subscription_item',
      billing_thresholds: null,
      created: now,
      current_period_end: end,
      current_period_start: now,
      discounts: [],
      metadata: {},
      plan: planFromPrice(li.price),
      price: publicView(li.price),
      quantity: li.quantity,
      subscription: id,
      tax_rates: [],
    })),
  );
}

function productName(store: StripeStore, price: StripeObject): string {
  const productId = field(price, 'product');
  return (
    field(productId ? store.get('product', productId) : undefined, 'name') ??
    field(price, 'nickname') ??
    price.id
  );
}

function nextInvoiceNumber(ctx: StripeContext, customer: StripeObject): string {
  const current = ctx.store.get('customer', customer.id) ?? customer;
  const seq = numField(current, 'next_invoice_sequence') ?? 1;
  const prefix = field(current, 'invoice_prefix') ?? 'SIM';
  ctx.store.put('customer', { ...current, invoice_prefix: prefix, next_invoice_sequence: seq + 1 });
  return `${prefix}-${String(seq).padStart(4, '0')}`;
}

function buildInvoice(
  ctx: StripeContext,
  sub: StripeObject,
  customer: StripeObject,
  opts: { id?: string; billingReason: 'subscription_create' | 'subscription_cycle'; paid: boolean },
): StripeObject {
  const id = opts.id ?? ctx.newId('in_', 24);
  const now = ctx.now();
  const period = currentPeriod(sub);
  const lines = subscriptionItems(sub).map((item) => {
    const amount = (numField(item.price, 'unit_amount') ?? 0) * item.quantity;
    return {
      id: ctx.newId('il_', 24),
      object: 'line_item',
      amount,
      currency: sub.currency,
      // As Stripe words it: the product's name (the price's nickname is internal, never shown).
      description: `${item.quantity} × ${productName(ctx.store, item.price)}`,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: id,
      livemode: false,
      metadata: {},
      parent: {
        invoice_item_details: null,
        subscription_item_details: {
          invoice_item: null,
          proration: false,
          proration_details: { credited_items: null },
          subscription: sub.id,
          subscription_item: item.id,
        },
        type: 'subscription_item_details',
      },
      period: { end: period.end, start: period.start },
      pretax_credit_amounts: [],
      pricing: {
        price_details: { price: item.price.id, product: item.price.product },
        type: 'price_details',
        unit_amount_decimal: item.price.unit_amount_decimal,
      },
      quantity: item.quantity,
      subtotal: amount,
      taxes: [],
    };
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  return {
    id,
    object: 'invoice',
    account_country: 'BE',
    account_name: 'SOINS+ (Stripe simulator)',
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: opts.paid ? total : 0,
    amount_remaining: opts.paid ? 0 : total,
    amount_shipping: 0,
    application: null,
    attempt_count: 1,
    attempted: true,
    auto_advance: !opts.paid,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: opts.billingReason,
    collection_method: 'charge_automatically',
    created: now,
    currency: sub.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: field(customer, 'email'),
    customer_name: field(customer, 'name'),
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: now,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: `${ctx.baseUrl}/invoices/${id}`,
    invoice_pdf: `${ctx.baseUrl}/invoices/${id}/pdf`,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: embeddedList(`/v1/invoices/${id}/lines`, lines),
    livemode: false,
    metadata: {},
    next_payment_attempt: opts.paid ? null : now + 3 * 86_400,
    number: nextInvoiceNumber(ctx, customer),
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: sub.metadata, subscription: sub.id },
      type: 'subscription_details',
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: period.end,
    period_start: period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: opts.paid ? 'paid' : 'open',
    status_transitions: {
      finalized_at: now,
      marked_uncollectible_at: null,
      paid_at: opts.paid ? now : null,
      voided_at: null,
    },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: now,
  };
}

/** The subscription an invoice belongs to (`parent.subscription_details.subscription`). */
export function invoiceSubscription(invoice: StripeObject): string | null {
  const parent = invoice.parent as
    { subscription_details?: { subscription?: unknown } | null } | null | undefined;
  const s = parent?.subscription_details?.subscription;
  return typeof s === 'string' ? s : null;
}

// --- checkout -----------------------------------------------------------------------------------

interface SessionLineItem {
  readonly price?: string;
  readonly quantity: number;
  readonly unitAmount?: number;
  readonly currency?: string;
  readonly description?: string;
}

/** Line items of a checkout session as `GET /v1/checkout/sessions/:id/line_items` returns them. */
export function checkoutLineItems(session: StripeObject, store: StripeStore): Record<string, unknown> {
  const sim = (session._sim ?? {}) as { line_items?: SessionLineItem[] };
  const data = (sim.line_items ?? []).map((li, i) => {
    const price = li.price ? store.get('price', li.price) : undefined;
    const amount = li.unitAmount === undefined ? 0 : li.unitAmount * li.quantity;
    return {
      id: `li_${session.id.slice(8, 30)}${i}`,
      object: 'item',
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: li.currency ?? session.currency,
      description: li.description ?? (price ? productName(store, price) : null),
      price: price ? publicView(price) : null,
      quantity: li.quantity,
    };
  });
  return { object: 'list', data, has_more: false, url: `/v1/checkout/sessions/${session.id}/line_items` };
}

/**
 * Pays an open checkout session with an accepted test card: creates the customer when the session
 * has none, then for `subscription` mode the subscription (active) and its first invoice (paid).
 * Events, in Stripe's order: [customer.created], customer.subscription.created, invoice.paid,
 * invoice.payment_succeeded, checkout.session.completed.
 */
export function completeCheckout(
  ctx: StripeContext,
  session: StripeObject,
  card: AcceptedCard,
): StripeObject {
  let customer = field(session, 'customer') ? getCustomer(ctx, field(session, 'customer') ?? '') : undefined;
  const email = field(session, 'customer_email');
  const mode = field(session, 'mode');
  if (!customer && (mode !== 'payment' || session.customer_creation === 'always')) {
    customer = newCustomer(ctx, { email });
    ctx.store.put('customer', customer);
    ctx.emit('customer.created', customer);
  }
  const sim = (session._sim ?? {}) as {
    line_items?: SessionLineItem[];
    subscription_metadata?: Record<string, string>;
  };
  let subscriptionId: string | null = null;
  let invoiceId: string | null = null;
  let paymentMethodId: string | null = null;
  if (customer) paymentMethodId = createPaymentMethod(ctx, card, customer).id;
  if (mode === 'subscription' && customer && paymentMethodId) {
    const items = (sim.line_items ?? []).map((li) => ({
      price: getPrice(ctx, li.price ?? ''),
      quantity: li.quantity,
    }));
    subscriptionId = ctx.newId('sub_', 24);
    invoiceId = ctx.newId('in_', 24);
    const sub = buildSubscription(ctx, subscriptionId, customer, items, {
      metadata: sim.subscription_metadata ?? {},
      paymentMethod: paymentMethodId,
      latestInvoice: invoiceId,
    });
    const invoice = buildInvoice(ctx, sub, customer, {
      id: invoiceId,
      billingReason: 'subscription_create',
      paid: true,
    });
    ctx.store.put('subscription', sub);
    ctx.store.put('invoice', invoice);
    ctx.emit('customer.subscription.created', sub);
    ctx.emit('invoice.paid', invoice);
    ctx.emit('invoice.payment_succeeded', invoice);
  }
  const customerEmail = email ?? field(customer, 'email');
  const completed: StripeObject = {
    ...session,
    status: 'complete',
    payment_status: mode === 'setup' ? 'no_payment_required' : 'paid',
    customer: customer?.id ?? null,
    customer_details: {
      address: null,
      email: customerEmail,
      name: field(customer, 'name'),
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    invoice: invoiceId,
    payment_intent: mode === 'payment' ? ctx.newId('pi_', 24) : null,
    setup_intent: mode === 'setup' ? ctx.newId('seti_', 24) : null,
    subscription: subscriptionId,
    url: null,
  };
  ctx.store.put('checkout.session', completed);
  ctx.emit('checkout.session.completed', publicView(completed));
  return completed;
}

// --- lifecycle moves ----------------------------------------------------------------------------

export function getSubscription(ctx: StripeContext, id: string, param?: string): StripeObject {
  const s = ctx.store.get('subscription', id);
  if (!s) throw missing('subscription', id, param);
  return s;
}

function assertNotCanceled(sub: StripeObject): void {
  if (sub.status === 'canceled') {
    throw new StripeApiError(
      400,
      'A canceled subscription can only update its cancellation_details and metadata.',
      'invalid_request_error',
      'resource_missing',
    );
  }
}

/** Keys whose values differ between two versions of an object, with the old values. */
function changedAttributes(
  before: StripeObject,
  after: StripeObject,
  keys: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = before[k] ?? null;
  }
  return out;
}

const SUBSCRIPTION_TRACKED = [
  'cancel_at',
  'cancel_at_period_end',
  'canceled_at',
  'cancellation_details',
  'default_payment_method',
  'items',
  'latest_invoice',
  'metadata',
  'status',
];

/** Stores an updated subscription and emits customer.subscription.updated when something changed. */
function saveUpdated(ctx: StripeContext, before: StripeObject, after: StripeObject): StripeObject {
  const previous = changedAttributes(before, after, SUBSCRIPTION_TRACKED);
  ctx.store.put('subscription', after);
  if (Object.keys(previous).length > 0) ctx.emit('customer.subscription.updated', after, previous);
  return after;
}

type CancellationInput = { comment?: string | null; feedback?: string | null };

function withCancelAtPeriodEnd(
  sub: StripeObject,
  cancel: boolean,
  details: CancellationInput,
  now: number,
): StripeObject {
  const current = sub.cancellation_details as Record<string, unknown> | null;
  return cancel
    ? {
        ...sub,
        cancel_at: currentPeriod(sub).end,
        cancel_at_period_end: true,
        canceled_at: sub.cancel_at_period_end === true ? sub.canceled_at : now,
        cancellation_details: {
          comment: details.comment ?? current?.comment ?? null,
          feedback: details.feedback ?? current?.feedback ?? null,
          reason: 'cancellation_requested',
        },
      }
    : {
        ...sub,
        cancel_at: null,
        cancel_at_period_end: false,
        canceled_at: null,
        cancellation_details: { comment: null, feedback: null, reason: null },
      };
}

/** `cancel_at_period_end` true (cancel at the end of the period) or false (resume). */
export function setCancelAtPeriodEnd(
  ctx: StripeContext,
  sub: StripeObject,
  cancel: boolean,
  details: CancellationInput = {},
): StripeObject {
  assertNotCanceled(sub);
  return saveUpdated(ctx, sub, withCancelAtPeriodEnd(sub, cancel, details, ctx.now()));
}

/** Cancels immediately: status canceled, customer.subscription.deleted. */
export function cancelSubscriptionNow(
  ctx: StripeContext,
  sub: StripeObject,
  endedAt = ctx.now(),
): StripeObject {
  assertNotCanceled(sub);
  const current = sub.cancellation_details as Record<string, unknown> | null;
  const canceled: StripeObject = {
    ...sub,
    status: 'canceled',
    canceled_at: numField(sub, 'canceled_at') ?? endedAt,
    ended_at: endedAt,
    cancellation_details: {
      comment: current?.comment ?? null,
      feedback: current?.feedback ?? null,
      reason: 'cancellation_requested',
    },
  };
  ctx.store.put('subscription', canceled);
  ctx.emit('customer.subscription.deleted', canceled);
  return canceled;
}

function latestOpenInvoice(ctx: StripeContext, sub: StripeObject): StripeObject | undefined {
  const id = field(sub, 'latest_invoice');
  const invoice = id ? ctx.store.get('invoice', id) : undefined;
  return invoice?.status === 'open' ? invoice : undefined;
}

function payInvoice(ctx: StripeContext, invoice: StripeObject): StripeObject {
  const now = ctx.now();
  const paid: StripeObject = {
    ...invoice,
    amount_paid: invoice.amount_due,
    amount_remaining: 0,
    attempt_count: (numField(invoice, 'attempt_count') ?? 0) + 1,
    attempted: true,
    auto_advance: false,
    next_payment_attempt: null,
    status: 'paid',
    status_transitions: { ...(invoice.status_transitions as Record<string, unknown>), paid_at: now },
  };
  ctx.store.put('invoice', paid);
  ctx.emit('invoice.paid', paid);
  ctx.emit('invoice.payment_succeeded', paid);
  return paid;
}

function advancePeriod(sub: StripeObject): StripeObject {
  const { end } = currentPeriod(sub);
  const { interval, interval_count } = subscriptionInterval(sub);
  return withPeriod(sub, end, addInterval(end, interval, interval_count));
}

/**
 * A renewal whose payment fails: the period advances, a new open invoice is created and the
 * subscription goes past_due (invoice.payment_failed, then customer.subscription.updated). When the
 * latest invoice is already open, this is one more failed attempt (invoice.payment_failed only).
 */
export function failRenewalPayment(
  ctx: StripeContext,
  sub: StripeObject,
): { subscription: StripeObject; invoice: StripeObject } {
  assertNotCanceled(sub);
  const open = latestOpenInvoice(ctx, sub);
  if (open) {
    const retried: StripeObject = {
      ...open,
      attempt_count: (numField(open, 'attempt_count') ?? 0) + 1,
      next_payment_attempt: ctx.now() + 3 * 86_400,
    };
    ctx.store.put('invoice', retried);
    ctx.emit('invoice.payment_failed', retried);
    return { subscription: sub, invoice: retried };
  }
  if (sub.cancel_at_period_end === true) {
    throw new StripeApiError(
      400,
      'This subscription is set to cancel at the end of its period, so it will not renew. Use /_sim/subscriptions/:id/renew to end it.',
    );
  }
  const customer = getCustomer(ctx, field(sub, 'customer') ?? '');
  const advanced = advancePeriod(sub);
  const invoice = buildInvoice(ctx, advanced, customer, { billingReason: 'subscription_cycle', paid: false });
  ctx.store.put('invoice', invoice);
  ctx.emit('invoice.payment_failed', invoice);
  const after = saveUpdated(ctx, sub, { ...advanced, latest_invoice: invoice.id, status: 'past_due' });
  return { subscription: after, invoice };
}

export type RenewOutcome = 'renewed' | 'paid_open_invoice' | 'ended';

/**
 * Moves a subscription to its next period end: an open (failed) invoice is paid and the
 * subscription becomes active again; a subscription set to cancel at period end ends
 * (customer.subscription.deleted); otherwise the period advances with a new paid invoice
 * (customer.subscription.updated, invoice.paid, invoice.payment_succeeded).
 */
export function renewSubscription(
  ctx: StripeContext,
  sub: StripeObject,
): { subscription: StripeObject; invoice: StripeObject | null; outcome: RenewOutcome } {
  assertNotCanceled(sub);
  const open = latestOpenInvoice(ctx, sub);
  if (open) {
    const invoice = payInvoice(ctx, open);
    const after = saveUpdated(ctx, sub, { ...sub, status: 'active' });
    return { subscription: after, invoice, outcome: 'paid_open_invoice' };
  }
  if (sub.cancel_at_period_end === true) {
    const ended = cancelSubscriptionNow(ctx, sub, Math.min(ctx.now(), currentPeriod(sub).end || ctx.now()));
    return { subscription: ended, invoice: null, outcome: 'ended' };
  }
  const customer = getCustomer(ctx, field(sub, 'customer') ?? '');
  const advanced = advancePeriod(sub);
  const invoiceId = ctx.newId('in_', 24);
  const after = saveUpdated(ctx, sub, { ...advanced, latest_invoice: invoiceId, status: 'active' });
  const invoice = buildInvoice(ctx, after, customer, {
    id: invoiceId,
    billingReason: 'subscription_cycle',
    paid: true,
  });
  ctx.store.put('invoice', invoice);
  ctx.emit('invoice.paid', invoice);
  ctx.emit('invoice.payment_succeeded', invoice);
  return { subscription: after, invoice, outcome: 'renewed' };
}

/**
 * The portal's "update payment method": a new card becomes the customer's and their subscriptions'
 * default (customer.updated, customer.subscription.updated) and open invoices of past_due
 * subscriptions are paid with it (invoice.paid, …, customer.subscription.updated to active).
 */
export function updatePaymentMethod(
  ctx: StripeContext,
  customer: StripeObject,
  card: AcceptedCard,
): StripeObject {
  const pm = createPaymentMethod(ctx, card, customer);
  const updatedCustomer: StripeObject = {
    ...customer,
    invoice_settings: {
      ...(customer.invoice_settings as Record<string, unknown> | undefined),
      default_payment_method: pm.id,
    },
  };
  ctx.store.put('customer', updatedCustomer);
  ctx.emit('customer.updated', updatedCustomer, { invoice_settings: customer.invoice_settings ?? null });
  for (const sub of customerSubscriptions(ctx.store, customer.id)) {
    if (sub.status === 'canceled') continue;
    const withPm = saveUpdated(ctx, sub, { ...sub, default_payment_method: pm.id });
    const open = latestOpenInvoice(ctx, withPm);
    if (open) {
      payInvoice(ctx, open);
      saveUpdated(ctx, withPm, { ...withPm, status: 'active' });
    }
  }
  return pm;
}

export function customerSubscriptions(store: StripeStore, customerId: string): StripeObject[] {
  return store.all('subscription').filter((s) => s.customer === customerId);
}

export function customerInvoices(store: StripeStore, customerId: string): StripeObject[] {
  return store.all('invoice').filter((i) => i.customer === customerId);
}

// --- routes -------------------------------------------------------------------------------------

function productRoutes(): StripeRoute[] {
  return [
    {
      method: 'POST',
      path: '/v1/products',
      handler: (req, ctx) => {
        allowOnly(req.body, ['id', 'name', 'description', 'metadata', 'active']);
        const name = str(req.body, 'name');
        if (!name) throw paramMissing('name');
        const id = str(req.body, 'id') ?? ctx.newId('prod_', 14);
        if (ctx.store.get('product', id)) {
          throw new StripeApiError(
            400,
            `Product already exists.`,
            'invalid_request_error',
            'resource_already_exists',
            'id',
          );
        }
        const product = buildProduct(id, name, ctx.now(), {
          active: bool(req.body, 'active') ?? true,
          description: str(req.body, 'description') ?? null,
          metadata: mergeMetadata(undefined, req.body.metadata),
        });
        ctx.store.put('product', product);
        ctx.emit('product.created', product);
        return { body: product };
      },
    },
    {
      method: 'GET',
      path: '/v1/products',
      handler: (req, ctx) => {
        const active = bool(req.query, 'active');
        const products = ctx.store.all('product').filter((p) => active === undefined || p.active === active);
        return listResponse(req, '/v1/products', products);
      },
    },
    {
      method: 'GET',
      path: '/v1/products/:id',
      handler: (req, ctx) => {
        const p = ctx.store.get('product', req.params.id ?? '');
        if (!p) throw missing('product', req.params.id ?? '');
        return { body: p };
      },
    },
  ];
}

function priceRoutes(): StripeRoute[] {
  return [
    {
      method: 'POST',
      path: '/v1/prices',
      handler: (req, ctx) => {
        const { body } = req;
        allowOnly(body, [
          'currency',
          'unit_amount',
          'product',
          'product_data',
          'recurring',
          'nickname',
          'metadata',
          'lookup_key',
          'active',
        ]);
        const currency = str(body, 'currency');
        if (!currency) throw paramMissing('currency');
        const unitAmount = int(body, 'unit_amount');
        if (unitAmount === undefined) throw paramMissing('unit_amount');
        if (unitAmount < 0)
          throw paramInvalid('unit_amount', 'This value must be greater than or equal to 0.');
        let productId = str(body, 'product');
        const productData = obj(body, 'product_data');
        if (productId && productData) {
          throw paramInvalid(
            'product_data',
            'You may only specify one of these parameters: product, product_data.',
          );
        }
        if (productId) {
          if (!ctx.store.get('product', productId)) throw missing('product', productId, 'product');
        } else if (productData) {
          const name = str(productData, 'name');
          if (!name) throw paramMissing('product_data[name]');
          const product = buildProduct(ctx.newId('prod_', 14), name, ctx.now(), {
            metadata: mergeMetadata(undefined, productData.metadata),
          });
          ctx.store.put('product', product);
          ctx.emit('product.created', product);
          productId = product.id;
        } else {
          throw paramMissing('product');
        }
        const recurringInput = obj(body, 'recurring');
        let recurring: PriceInput['recurring'] = null;
        if (recurringInput) {
          const interval = str(recurringInput, 'interval');
          if (!interval) throw paramMissing('recurring[interval]');
          if (!['day', 'week', 'month', 'year'].includes(interval))
            throw paramInvalid(
              'recurring[interval]',
              `Invalid recurring[interval]: must be one of day, week, month, or year`,
            );
          const intervalCount = int(recurringInput, 'interval_count') ?? 1;
          if (intervalCount < 1) throw paramInvalid('recurring[interval_count]', 'Invalid interval_count.');
          recurring = { interval: interval as BillingInterval, intervalCount };
        }
        const lookupKey = str(body, 'lookup_key') ?? null;
        if (lookupKey && ctx.store.all('price').some((p) => p.lookup_key === lookupKey)) {
          throw paramInvalid('lookup_key', `A price (\`${lookupKey}\`) already uses that lookup key.`);
        }
        const price = buildPrice({
          id: ctx.newId('price_', 24),
          product: productId,
          unitAmount,
          currency: currency.toLowerCase(),
          recurring,
          nickname: str(body, 'nickname') ?? null,
          metadata: mergeMetadata(undefined, body.metadata),
          lookupKey,
          active: bool(body, 'active') ?? true,
          created: ctx.now(),
        });
        ctx.store.put('price', price);
        ctx.emit('price.created', price);
        return { body: price };
      },
    },
    {
      method: 'GET',
      path: '/v1/prices',
      handler: (req, ctx) => {
        const { query } = req;
        const active = bool(query, 'active');
        const product = str(query, 'product');
        const type = str(query, 'type');
        const currency = str(query, 'currency');
        const lookupKeys = (arr(query, 'lookup_keys') ?? []).map(String);
        const prices = ctx.store
          .all('price')
          .filter(
            (p) =>
              (active === undefined || p.active === active) &&
              (product === undefined || p.product === product) &&
              (type === undefined || p.type === type) &&
              (currency === undefined || p.currency === currency.toLowerCase()) &&
              (lookupKeys.length === 0 || lookupKeys.includes(field(p, 'lookup_key') ?? '')),
          );
        return listResponse(req, '/v1/prices', prices);
      },
    },
    {
      method: 'GET',
      path: '/v1/prices/:id',
      handler: (req, ctx) => ({ body: getPrice(ctx, req.params.id ?? '') }),
    },
    {
      method: 'POST',
      path: '/v1/prices/:id',
      handler: (req, ctx) => {
        allowOnly(req.body, ['nickname', 'metadata', 'active', 'lookup_key']);
        const current = getPrice(ctx, req.params.id ?? '');
        const nickname = str(req.body, 'nickname');
        const lookupKey = str(req.body, 'lookup_key');
        const updated: StripeObject = {
          ...current,
          active: bool(req.body, 'active') ?? current.active,
          metadata: mergeMetadata(current.metadata, req.body.metadata),
          ...(nickname !== undefined ? { nickname: nickname === '' ? null : nickname } : {}),
          ...(lookupKey !== undefined ? { lookup_key: lookupKey === '' ? null : lookupKey } : {}),
        };
        ctx.store.put('price', updated);
        ctx.emit(
          'price.updated',
          updated,
          changedAttributes(current, updated, ['active', 'metadata', 'nickname', 'lookup_key']),
        );
        return { body: updated };
      },
    },
  ];
}

const SUBSCRIPTION_UPDATE_UNSUPPORTED = [
  'items',
  'cancel_at',
  'trial_end',
  'pause_collection',
  'billing_cycle_anchor',
  'discounts',
  'coupon',
  'promotion_code',
  'payment_behavior',
  'collection_method',
  'add_invoice_items',
  'trial_from_plan',
];

function readCancellationDetails(body: FormObject): { comment?: string | null; feedback?: string | null } {
  const details = obj(body, 'cancellation_details');
  if (!details) return {};
  const comment = str(details, 'comment');
  const feedback = str(details, 'feedback');
  return {
    ...(comment !== undefined ? { comment: comment === '' ? null : comment } : {}),
    ...(feedback !== undefined ? { feedback: feedback === '' ? null : feedback } : {}),
  };
}

function subscriptionRoutes(): StripeRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/subscriptions',
      handler: (req, ctx) => {
        const customer = str(req.query, 'customer');
        const price = str(req.query, 'price');
        const status = str(req.query, 'status');
        const subs = ctx.store
          .all('subscription')
          .filter(
            (s) =>
              (customer === undefined || s.customer === customer) &&
              (price === undefined || subscriptionItems(s).some((i) => i.price.id === price)) &&
              (status === 'all' || (status === undefined ? s.status !== 'canceled' : s.status === status)),
          );
        return listResponse(req, '/v1/subscriptions', subs);
      },
    },
    {
      method: 'GET',
      path: '/v1/subscriptions/:id',
      handler: (req, ctx) => ({ body: getSubscription(ctx, req.params.id ?? '') }),
    },
    {
      method: 'POST',
      path: '/v1/subscriptions/:id',
      handler: (req, ctx) => {
        const { body } = req;
        for (const key of SUBSCRIPTION_UPDATE_UNSUPPORTED) if (key in body) throw simUnsupported(key);
        allowOnly(body, [
          'cancel_at_period_end',
          'cancellation_details',
          'metadata',
          'default_payment_method',
          'description',
          'proration_behavior',
        ]);
        const before = getSubscription(ctx, req.params.id ?? '');
        const onlyAllowedWhenCanceled = Object.keys(body).every((k) =>
          ['metadata', 'cancellation_details', 'expand'].includes(k),
        );
        if (!onlyAllowedWhenCanceled) assertNotCanceled(before);
        const cancel = bool(body, 'cancel_at_period_end');
        const details = readCancellationDetails(body);
        const sub = cancel === undefined ? before : withCancelAtPeriodEnd(before, cancel, details, ctx.now());
        const pm = str(body, 'default_payment_method');
        if (pm && !ctx.store.get('payment_method', pm))
          throw missing('payment_method', pm, 'default_payment_method');
        const description = str(body, 'description');
        const current = sub.cancellation_details as Record<string, unknown> | null;
        const after: StripeObject = {
          ...sub,
          metadata: mergeMetadata(sub.metadata, body.metadata),
          ...(pm !== undefined ? { default_payment_method: pm === '' ? null : pm } : {}),
          ...(description !== undefined ? { description: description === '' ? null : description } : {}),
          ...(cancel === undefined && (details.comment !== undefined || details.feedback !== undefined)
            ? { cancellation_details: { ...current, ...details } }
            : {}),
        };
        return { body: saveUpdated(ctx, before, after) };
      },
    },
    {
      method: 'DELETE',
      path: '/v1/subscriptions/:id',
      handler: (req, ctx) => {
        const sub = getSubscription(ctx, req.params.id ?? '');
        return { body: cancelSubscriptionNow(ctx, sub) };
      },
    },
  ];
}

function invoiceRoutes(): StripeRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/invoices',
      handler: (req, ctx) => {
        const customer = str(req.query, 'customer');
        const subscription = str(req.query, 'subscription');
        const status = str(req.query, 'status');
        const invoices = ctx.store
          .all('invoice')
          .filter(
            (i) =>
              (customer === undefined || i.customer === customer) &&
              (subscription === undefined || invoiceSubscription(i) === subscription) &&
              (status === undefined || i.status === status),
          );
        return listResponse(req, '/v1/invoices', invoices);
      },
    },
    {
      method: 'GET',
      path: '/v1/invoices/:id',
      handler: (req, ctx) => {
        const i = ctx.store.get('invoice', req.params.id ?? '');
        if (!i) throw missing('invoice', req.params.id ?? '');
        return { body: i };
      },
    },
    {
      method: 'GET',
      path: '/v1/payment_methods/:id',
      handler: (req, ctx) => {
        const pm = ctx.store.get('payment_method', req.params.id ?? '');
        if (!pm) throw missing('payment_method', req.params.id ?? '');
        return { body: pm };
      },
    },
  ];
}

function portalRoutes(): StripeRoute[] {
  return [
    {
      method: 'POST',
      path: '/v1/billing_portal/sessions',
      handler: (req, ctx) => {
        const { body } = req;
        if ('flow_data' in body) throw simUnsupported('flow_data');
        allowOnly(body, ['customer', 'return_url', 'locale', 'configuration', 'on_behalf_of']);
        const customerId = str(body, 'customer');
        if (!customerId) throw paramMissing('customer');
        const customer = getCustomer(ctx, customerId, 'customer');
        const returnUrl = str(body, 'return_url') ?? null;
        if (returnUrl !== null && !/^https?:\/\//.test(returnUrl))
          throw paramInvalid('return_url', 'Not a valid URL');
        const id = ctx.newId('bps_', 24);
        const session: StripeObject = {
          id,
          object: 'billing_portal.session',
          configuration: str(body, 'configuration') ?? 'bpc_simulator_default',
          created: ctx.now(),
          customer: customer.id,
          customer_account: null,
          flow: null,
          livemode: false,
          locale: locale(body),
          on_behalf_of: str(body, 'on_behalf_of') ?? null,
          return_url: returnUrl,
          url: `${ctx.baseUrl}/portal/${id}`,
        };
        ctx.store.put('billing_portal.session', session);
        return { body: session };
      },
    },
  ];
}

/** Billing routes, appended to stripeRoutes by stripe-sim.ts. */
export const billingRoutes: readonly StripeRoute[] = [
  ...productRoutes(),
  ...priceRoutes(),
  ...subscriptionRoutes(),
  ...invoiceRoutes(),
  ...portalRoutes(),
];
