// Stripe API simulator: the subset of the API the product calls, hosted Checkout and Customer Portal
// pages, and events delivered to webhook endpoints with the real signature scheme, retried with
// backoff. State persists in `<dataDir>/stripe-sim.json`.
//
// Clients: `new Stripe('sk_test_…', { host: '127.0.0.1', port: PORT, protocol: 'http' })`.
//
// Layout: stripe-core.ts (errors, store, route types, params, lists, expand), this file (customers,
// checkout sessions, events, routing, the server and the `/_sim` test helpers), stripe-billing.ts
// (products, prices, subscriptions, invoices, portal sessions, lifecycle), stripe-pages.ts (HTML
// and PDF), stripe-webhooks.ts (delivery and retries), stripe-form.ts, stripe-signing.ts.
//
// Extending: add entries to `stripeRoutes` (method, path pattern with `:params`, handler). Handlers
// get the parsed form body/query (see stripe-form.ts) and a context with the persistent store, id
// generation and `emit()` for events; throw `StripeApiError` for Stripe-style errors. Responses are
// expanded (`expand[]`) and made idempotent (`Idempotency-Key`) by the server for every route.
import http from 'node:http';
import { join } from 'node:path';
import { closeServer, listen, readBody, sendHtml, sendJson } from '../lib/http-helpers';
import { DebouncedJsonFile, readJsonFile } from '../lib/json-store';
import type { RunningService } from '../lib/service';
import {
  billingRoutes,
  checkoutLineItems,
  completeCheckout,
  DEFAULT_SIM_PRICES,
  evaluateTestCard,
  failRenewalPayment,
  getSubscription,
  renewSubscription,
  seedCatalog,
  setCancelAtPeriodEnd,
  updatePaymentMethod,
  type SimPrice,
} from './stripe-billing';
import {
  arr,
  expandParam,
  expandResponse,
  field,
  getCustomer,
  int,
  listResponse,
  locale,
  mergeMetadata,
  missing,
  newCustomer,
  obj,
  paramInvalid,
  paramMissing,
  publicView,
  randomId,
  simUnsupported,
  str,
  STRIPE_API_VERSION,
  StripeApiError,
  StripeStore,
  type StripeContext,
  type StripeObject,
  type StripeRoute,
} from './stripe-core';
import { parseStripeForm, type FormObject } from './stripe-form';
import {
  checkoutPage,
  invoicePage,
  invoicePdf,
  pageLanguage,
  portalPage,
  type PageLanguage,
} from './stripe-pages';
import { WebhookDispatcher, type WebhookEndpoint, type WebhookRetryOptions } from './stripe-webhooks';

export * from './stripe-core';
export {
  DEFAULT_SIM_PRICES,
  TEST_CARD_DECLINED,
  TEST_CARD_INSUFFICIENT_FUNDS,
  TEST_CARD_SUCCESS,
  type SimPrice,
} from './stripe-billing';
export type { DeliveryRecord, WebhookEndpoint, WebhookRetryOptions } from './stripe-webhooks';

export interface StripeSimOptions {
  readonly port: number;
  readonly dataDir: string;
  readonly host?: string;
  /** When set, only this secret key is accepted; otherwise any `sk_test_…`/`rk_test_…` key is. */
  readonly apiKey?: string;
  readonly webhooks?: readonly WebhookEndpoint[];
  /** Recurring prices created (or updated) at start; default DEFAULT_SIM_PRICES. */
  readonly prices?: readonly SimPrice[];
  /** Webhook retry schedule (default 5 attempts, 1 s doubling, 10 s timeout per attempt). */
  readonly webhookRetry?: WebhookRetryOptions;
}

export interface RunningStripeSim extends RunningService {
  addWebhookEndpoint(endpoint: WebhookEndpoint): void;
  /** Resolves when no webhook delivery is pending any more, retries included (tests). */
  settled(): Promise<void>;
}

export const STRIPE_SIM_FILE = 'stripe-sim.json';

// --- customers ----------------------------------------------------------------------------------

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function customerFields(body: FormObject, current: StripeObject | undefined): Record<string, unknown> {
  const email = str(body, 'email');
  if (email && !EMAIL.test(email)) throw paramInvalid('email', `Invalid email address: ${email}`);
  const out: Record<string, unknown> = {};
  for (const key of ['email', 'name', 'description', 'phone'] as const) {
    const v = str(body, key);
    if (v !== undefined) out[key] = v === '' ? null : v;
  }
  const locales = arr(body, 'preferred_locales');
  if (locales) out.preferred_locales = locales.map(String);
  out.metadata = mergeMetadata(current?.metadata, body.metadata);
  return out;
}

const customerRoutes: StripeRoute[] = [
  {
    method: 'POST',
    path: '/v1/customers',
    handler: (req, ctx) => {
      const customer = newCustomer(ctx, customerFields(req.body, undefined));
      ctx.store.put('customer', customer);
      ctx.emit('customer.created', customer);
      return { body: customer };
    },
  },
  {
    method: 'GET',
    path: '/v1/customers',
    handler: (req, ctx) => {
      const email = str(req.query, 'email');
      const customers = ctx.store
        .all('customer')
        .filter((c) => c.deleted !== true && (email === undefined || c.email === email));
      return listResponse(req, '/v1/customers', customers);
    },
  },
  {
    method: 'GET',
    path: '/v1/customers/:id',
    handler: (req, ctx) => {
      const c = ctx.store.get('customer', req.params.id ?? '');
      if (!c) throw missing('customer', req.params.id ?? '');
      return { body: c };
    },
  },
  {
    method: 'POST',
    path: '/v1/customers/:id',
    handler: (req, ctx) => {
      const current = getCustomer(ctx, req.params.id ?? '');
      const updated: StripeObject = { ...current, ...customerFields(req.body, current) };
      ctx.store.put('customer', updated);
      ctx.emit('customer.updated', updated);
      return { body: updated };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/customers/:id',
    handler: (req, ctx) => {
      const current = getCustomer(ctx, req.params.id ?? '');
      const deleted: StripeObject = { id: current.id, object: 'customer', deleted: true };
      ctx.store.put('customer', deleted);
      ctx.emit('customer.deleted', current);
      return { body: deleted };
    },
  },
];

// --- checkout sessions --------------------------------------------------------------------------

const MODES = new Set(['payment', 'subscription', 'setup']);

interface LineItemInput {
  price?: string;
  quantity: number;
  unitAmount?: number;
  currency?: string;
  description?: string;
}

function parseLineItems(body: FormObject, mode: string, store: StripeStore): LineItemInput[] {
  const items = arr(body, 'line_items') ?? [];
  if (items.length === 0 && mode !== 'setup') {
    throw new StripeApiError(
      400,
      `line_items is required in \`${mode}\` mode.`,
      'invalid_request_error',
      'parameter_missing',
      'line_items',
    );
  }
  const parsed = items.map((raw, i): LineItemInput => {
    if (typeof raw === 'string' || Array.isArray(raw))
      throw paramInvalid(`line_items[${i}]`, 'Invalid line item');
    const quantity = int(raw, 'quantity') ?? 1;
    if (quantity < 1) throw paramInvalid(`line_items[${i}][quantity]`, 'Quantity must be at least 1.');
    const priceId = str(raw, 'price');
    const priceData = obj(raw, 'price_data');
    if (!priceId && !priceData) throw paramMissing(`line_items[${i}][price]`);
    if (priceId) {
      const price = store.get('price', priceId);
      if (!price) throw missing('price', priceId, `line_items[${i}][price]`);
      if (price.active !== true) {
        throw paramInvalid(
          `line_items[${i}][price]`,
          'The price specified is inactive. This field only accepts active prices.',
        );
      }
      if (mode === 'payment' && price.type === 'recurring') {
        throw paramInvalid(
          `line_items[${i}][price]`,
          'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
        );
      }
      const productId = field(price, 'product');
      const productName = field(productId ? store.get('product', productId) : undefined, 'name');
      return {
        price: priceId,
        quantity,
        ...(typeof price.unit_amount === 'number' ? { unitAmount: price.unit_amount } : {}),
        ...(typeof price.currency === 'string' ? { currency: price.currency } : {}),
        ...(productName ? { description: productName } : {}),
      };
    }
    if (mode === 'subscription') throw simUnsupported(`line_items[${i}][price_data]`);
    const data = priceData ?? {};
    const currency = str(data, 'currency');
    if (!currency) throw paramMissing(`line_items[${i}][price_data][currency]`);
    const unitAmount = int(data, 'unit_amount');
    const product = obj(data, 'product_data');
    return {
      quantity,
      currency: currency.toLowerCase(),
      ...(unitAmount !== undefined ? { unitAmount } : {}),
      ...(product && typeof product.name === 'string' ? { description: product.name } : {}),
    };
  });
  if (
    mode === 'subscription' &&
    !parsed.some((li) => store.get('price', li.price ?? '')?.type === 'recurring')
  ) {
    throw paramInvalid(
      'line_items',
      'You must provide at least one recurring price in `subscription` mode when using prices.',
    );
  }
  return parsed;
}

const checkoutRoutes: StripeRoute[] = [
  {
    method: 'POST',
    path: '/v1/checkout/sessions',
    handler: (req, ctx) => {
      const { body } = req;
      const mode = str(body, 'mode');
      if (!mode) throw paramMissing('mode');
      if (!MODES.has(mode))
        throw paramInvalid('mode', `Invalid mode: must be one of payment, setup, or subscription`);
      const successUrl = str(body, 'success_url');
      const uiMode = str(body, 'ui_mode') ?? 'hosted';
      if (uiMode === 'hosted' && !successUrl) throw paramMissing('success_url');
      for (const key of ['success_url', 'cancel_url'] as const) {
        const url = str(body, key);
        if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) throw paramInvalid(key, 'Not a valid URL');
      }
      const customer = str(body, 'customer');
      const customerEmail = str(body, 'customer_email');
      if (customer && customerEmail) {
        throw new StripeApiError(
          400,
          'You may only specify one of these parameters: customer, customer_email.',
          'invalid_request_error',
          'parameter_invalid_string',
          'customer_email',
        );
      }
      if (customer) getCustomer(ctx, customer, 'customer');
      const lineItems = parseLineItems(body, mode, ctx.store);
      const amounts = lineItems.map((li) =>
        li.unitAmount === undefined ? undefined : li.unitAmount * li.quantity,
      );
      const amountTotal = amounts.every((a) => a !== undefined) ? amounts.reduce((s, a) => s + a, 0) : null;
      const currency = lineItems.find((li) => li.currency)?.currency ?? str(body, 'currency') ?? null;
      const created = ctx.now();
      const id = ctx.newId('cs_test_', 58);
      const subscriptionData = obj(body, 'subscription_data');
      if (subscriptionData && mode !== 'subscription') {
        throw paramInvalid(
          'subscription_data',
          'You can only specify `subscription_data` in `subscription` mode.',
        );
      }
      const customerCreation = str(body, 'customer_creation');
      const session: StripeObject = {
        id,
        object: 'checkout.session',
        after_expiration: null,
        allow_promotion_codes: str(body, 'allow_promotion_codes') === 'true' ? true : null,
        amount_subtotal: amountTotal,
        amount_total: amountTotal,
        billing_address_collection: str(body, 'billing_address_collection') ?? null,
        cancel_url: str(body, 'cancel_url') ?? null,
        client_reference_id: str(body, 'client_reference_id') ?? null,
        created,
        currency,
        customer: customer ?? null,
        customer_creation: customer
          ? null
          : (customerCreation ?? (mode === 'payment' ? 'if_required' : 'always')),
        customer_details: null,
        customer_email: customerEmail ?? null,
        expires_at: int(body, 'expires_at') ?? created + 24 * 3600,
        invoice: null,
        livemode: false,
        locale: locale(body),
        metadata: mergeMetadata(undefined, body.metadata),
        mode,
        payment_intent: null,
        payment_method_types: (arr(body, 'payment_method_types') ?? ['card']).map(String),
        payment_status: 'unpaid',
        setup_intent: null,
        status: 'open',
        subscription: null,
        success_url: successUrl ?? null,
        ui_mode: uiMode,
        url: uiMode === 'hosted' ? `${ctx.baseUrl}/checkout/${id}` : null,
        // Kept for the simulator's hosted page and the subscription it creates; not part of Stripe's shape.
        _sim: {
          line_items: lineItems,
          subscription_metadata: subscriptionData ? mergeMetadata(undefined, subscriptionData.metadata) : {},
        },
      };
      ctx.store.put('checkout.session', session);
      return { body: publicView(session) };
    },
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions',
    handler: (req, ctx) => {
      const customer = str(req.query, 'customer');
      const subscription = str(req.query, 'subscription');
      const sessions = ctx.store
        .all('checkout.session')
        .filter(
          (s) =>
            (customer === undefined || s.customer === customer) &&
            (subscription === undefined || s.subscription === subscription),
        );
      return listResponse(req, '/v1/checkout/sessions', sessions);
    },
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions/:id',
    handler: (req, ctx) => {
      const s = ctx.store.get('checkout.session', req.params.id ?? '');
      if (!s) throw missing('checkout.session', req.params.id ?? '');
      return { body: publicView(s) };
    },
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions/:id/line_items',
    handler: (req, ctx) => {
      const s = ctx.store.get('checkout.session', req.params.id ?? '');
      if (!s) throw missing('checkout.session', req.params.id ?? '');
      const items = checkoutLineItems(s, ctx.store) as { data: StripeObject[]; url: string };
      return listResponse(req, items.url, [...items.data].reverse());
    },
  },
  {
    method: 'POST',
    path: '/v1/checkout/sessions/:id/expire',
    handler: (req, ctx) => {
      const s = ctx.store.get('checkout.session', req.params.id ?? '');
      if (!s) throw missing('checkout.session', req.params.id ?? '');
      if (s.status !== 'open') {
        throw new StripeApiError(
          400,
          `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(s.status)}".`,
        );
      }
      const expired: StripeObject = { ...s, status: 'expired', url: null };
      ctx.store.put('checkout.session', expired);
      ctx.emit('checkout.session.expired', publicView(expired));
      return { body: publicView(expired) };
    },
  },
];

// --- events -------------------------------------------------------------------------------------

function typeMatches(pattern: string, type: unknown): boolean {
  if (typeof type !== 'string') return false;
  return pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

const eventRoutes: StripeRoute[] = [
  {
    method: 'GET',
    path: '/v1/events',
    handler: (req, ctx) => {
      const type = str(req.query, 'type');
      const types = (arr(req.query, 'types') ?? []).map(String);
      const created = obj(req.query, 'created');
      const gte = created ? int(created, 'gte') : undefined;
      const events = ctx.store
        .all('event')
        .filter(
          (e) =>
            (type === undefined || typeMatches(type, e.type)) &&
            (types.length === 0 || types.some((p) => typeMatches(p, e.type))) &&
            (gte === undefined || (typeof e.created === 'number' && e.created >= gte)),
        );
      return listResponse(req, '/v1/events', events);
    },
  },
  {
    method: 'GET',
    path: '/v1/events/:id',
    handler: (req, ctx) => {
      const e = ctx.store.get('event', req.params.id ?? '');
      if (!e) throw missing('event', req.params.id ?? '');
      return { body: e };
    },
  },
];

/** Every API route, in match order. Append new resources here. */
export const stripeRoutes: readonly StripeRoute[] = [
  ...customerRoutes,
  ...checkoutRoutes,
  ...billingRoutes,
  ...eventRoutes,
];

// --- routing ------------------------------------------------------------------------------------

interface CompiledRoute<R> {
  readonly route: R;
  readonly regex: RegExp;
  readonly names: string[];
}

function compile<R extends { path: string }>(route: R): CompiledRoute<R> {
  const names: string[] = [];
  const pattern = route.path
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        names.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, regex: new RegExp(`^${pattern}$`), names };
}

function matchRoute<R extends { method: string }>(
  compiled: readonly CompiledRoute<R>[],
  method: string,
  path: string,
): { route: R; params: Record<string, string> } | 'method' | undefined {
  let pathMatched = false;
  for (const c of compiled) {
    const m = c.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (c.route.method !== method) continue;
    const params: Record<string, string> = {};
    c.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { route: c.route, params };
  }
  return pathMatched ? 'method' : undefined;
}

function authenticate(req: http.IncomingMessage, expected: string | undefined): void {
  const header = req.headers.authorization ?? '';
  let key: string | undefined;
  if (/^Bearer\s+/i.test(header)) key = header.replace(/^Bearer\s+/i, '').trim();
  else if (/^Basic\s+/i.test(header)) {
    key = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64')
      .toString('utf8')
      .split(':')[0];
  }
  if (!key) {
    throw new StripeApiError(
      401,
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  const valid = expected !== undefined ? key === expected : /^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key);
  if (!valid) {
    const shown =
      key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : key;
    throw new StripeApiError(401, `Invalid API Key provided: ${shown}`);
  }
}

// --- simulator-only helpers (/_sim) -------------------------------------------------------------

/** A simulated outage: the next `remaining` API requests matching method/path answer `status`. */
export interface FaultRule {
  remaining: number;
  readonly status: number;
  /** Path prefix, e.g. '/v1/customers' or '/v1/checkout/sessions'; all API paths when absent. */
  readonly path?: string;
  readonly method?: string;
}

type SimBody = Record<string, unknown>;

interface SimRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly handler: (
    params: Record<string, string>,
    body: SimBody,
    query: URLSearchParams,
  ) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;
}

function simInt(body: SimBody, key: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw paramInvalid(key, `${key} must be an integer from ${min} to ${max}`);
  return n;
}

function simString(body: SimBody, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw paramInvalid(key, `${key} must be a string`);
  return v;
}

function simStrings(body: SimBody, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw paramInvalid(key, `${key} must be a list of strings`);
  return v as string[];
}

// --- server -------------------------------------------------------------------------------------

const MAX_IDEMPOTENCY_KEYS = 10_000;

export async function startStripeSim(options: StripeSimOptions): Promise<RunningStripeSim> {
  const host = options.host ?? '127.0.0.1';
  const file = join(options.dataDir, STRIPE_SIM_FILE);
  const persist: DebouncedJsonFile = new DebouncedJsonFile(file, () => store.toJson());
  const store = StripeStore.fromJson(readJsonFile(file), () => {
    persist.markDirty();
  });
  const now = (): number => Math.floor(Date.now() / 1000);
  seedCatalog(store, options.prices ?? DEFAULT_SIM_PRICES, now());
  const dispatcher = new WebhookDispatcher({
    endpoints: options.webhooks ?? [],
    ...(options.webhookRetry ? { retry: options.webhookRetry } : {}),
    onDelivered: (eventId) => {
      const e = store.get('event', eventId);
      if (e && typeof e.pending_webhooks === 'number' && e.pending_webhooks > 0) {
        store.put('event', { ...e, pending_webhooks: e.pending_webhooks - 1 });
      }
    },
  });
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const faults: FaultRule[] = [];
  const compiled = stripeRoutes.map(compile);
  let baseUrl = '';

  /** A context whose events carry `request: {id, idempotency_key}` (null for pages and helpers). */
  const makeCtx = (request: { id: string | null; idempotency_key: string | null }): StripeContext => ({
    store,
    get baseUrl() {
      return baseUrl;
    },
    now,
    newId: randomId,
    emit: (type, object, previousAttributes) => {
      const event: StripeObject = {
        id: randomId('evt_', 24),
        object: 'event',
        api_version: STRIPE_API_VERSION,
        created: now(),
        data: {
          object: publicView(object),
          ...(previousAttributes ? { previous_attributes: previousAttributes } : {}),
        },
        livemode: false,
        pending_webhooks: dispatcher.countFor(type),
        request,
        type,
      };
      store.put('event', event);
      dispatcher.dispatch([event], 'event');
      return event;
    },
  });
  const automatic = makeCtx({ id: null, idempotency_key: null });

  const expandSpecial = {
    'checkout.session.line_items': (parent: StripeObject, s: StripeStore) =>
      checkoutLineItems(s.get('checkout.session', parent.id) ?? parent, s),
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    const requestId = randomId('req_', 14);
    const headers = { 'request-id': requestId, 'stripe-version': stripeVersion(req) };
    authenticate(req, options.apiKey);
    const fault = faults.find(
      (f) =>
        f.remaining > 0 && (!f.method || f.method === method) && (!f.path || url.pathname.startsWith(f.path)),
    );
    if (fault) {
      fault.remaining -= 1;
      if (fault.remaining === 0) faults.splice(faults.indexOf(fault), 1);
      await readBody(req, 1024 * 1024).catch(() => undefined);
      throw new StripeApiError(
        fault.status,
        `(Simulated outage) Stripe could not process the request right now (HTTP ${fault.status}). Retry later.`,
        'api_error',
      );
    }
    const match = matchRoute(compiled, method, url.pathname);
    if (match === undefined || match === 'method') {
      throw new StripeApiError(
        404,
        `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      );
    }
    const raw =
      method === 'GET' || method === 'DELETE' ? '' : (await readBody(req, 1024 * 1024)).toString('utf8');
    let body: FormObject;
    let query: FormObject;
    try {
      body = parseStripeForm(raw);
      query = parseStripeForm(url.search.slice(1));
    } catch (err) {
      throw new StripeApiError(400, err instanceof Error ? err.message : 'Invalid request body');
    }
    const keyHeader = req.headers['idempotency-key'];
    const rawKey = method === 'POST' && typeof keyHeader === 'string' ? keyHeader : null;
    const idemKey = rawKey ? `${req.headers.authorization ?? ''}|${rawKey}` : undefined;
    const fingerprint = `${method} ${url.pathname} ${raw}`;
    if (idemKey) {
      const previous = idempotent.get(idemKey);
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          throw new StripeApiError(
            400,
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            'idempotency_error',
          );
        }
        sendJson(res, previous.status, previous.body, { 'idempotent-replayed': 'true', ...headers });
        return;
      }
    }
    let status: number;
    let responseBody: unknown;
    try {
      const result = await match.route.handler(
        { method, path: url.pathname, params: match.params, body, query, headers: req.headers },
        makeCtx({ id: requestId, idempotency_key: rawKey }),
      );
      status = result.status ?? 200;
      responseBody = result.body;
      const expand = [...expandParam(query), ...(method === 'POST' ? expandParam(body) : [])];
      if (expand.length > 0) responseBody = expandResponse(responseBody, expand, store, expandSpecial);
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
      status = err.status;
      responseBody = err.toJSON();
    }
    if (idemKey && status < 500) {
      idempotent.set(idemKey, { fingerprint, status, body: responseBody });
      if (idempotent.size > MAX_IDEMPOTENCY_KEYS) {
        const oldest = idempotent.keys().next().value;
        if (oldest !== undefined) idempotent.delete(oldest);
      }
    }
    sendJson(res, status, responseBody, headers);
  };

  // --- /_sim helpers ---

  const resendEvent = (id: string, created: number | undefined): unknown => {
    const event = store.get('event', id);
    if (!event) throw missing('event', id);
    const sent = created === undefined ? event : { ...event, created };
    const deliveries = dispatcher.dispatch([sent], 'resend');
    return { event: id, created: sent.created, deliveries: deliveries.map((d) => d.id) };
  };

  const simRoutes: SimRoute[] = [
    {
      method: 'GET',
      path: '/_sim/deliveries',
      handler: (_p, _b, q) => {
        const event = q.get('event');
        const type = q.get('type');
        const endpoint = q.get('url');
        const state = q.get('state');
        const data = dispatcher
          .records()
          .filter(
            (r) =>
              (!event || r.eventId === event) &&
              (!type || typeMatches(type, r.eventType)) &&
              (!endpoint || r.url === endpoint) &&
              (!state || r.state === state),
          );
        return { body: { object: 'list', data } };
      },
    },
    {
      method: 'GET',
      path: '/_sim/settled',
      handler: async (_p, _b, q) => {
        const timeout = simInt({ t: q.get('timeout_ms') ?? undefined }, 't', 0, 600_000) ?? 30_000;
        const pending = await dispatcher.settled(timeout);
        return { status: pending === 0 ? 200 : 504, body: { pending } };
      },
    },
    {
      method: 'GET',
      path: '/_sim/webhook-endpoints',
      handler: () => ({
        body: {
          object: 'list',
          data: dispatcher.endpoints().map((e) => ({ url: e.url, enabled_events: e.enabledEvents ?? ['*'] })),
        },
      }),
    },
    {
      method: 'POST',
      path: '/_sim/webhook-endpoints',
      handler: (_p, body) => {
        const url = simString(body, 'url');
        const secret = simString(body, 'secret');
        if (!url) throw paramMissing('url');
        if (!secret) throw paramMissing('secret');
        if (!/^https?:\/\/\S+$/.test(url)) throw paramInvalid('url', 'Not a valid URL');
        const maxAttempts = simInt(body, 'max_attempts', 1, 20);
        const initialDelayMs = simInt(body, 'initial_delay_ms', 0, 3_600_000);
        const enabledEvents = simStrings(body, 'enabled_events');
        dispatcher.addEndpoint({
          url,
          secret,
          ...(enabledEvents ? { enabledEvents } : {}),
          ...(maxAttempts !== undefined || initialDelayMs !== undefined
            ? { retry: { maxAttempts, initialDelayMs } }
            : {}),
        });
        return { status: 201, body: { url, enabled_events: enabledEvents ?? ['*'] } };
      },
    },
    {
      method: 'DELETE',
      path: '/_sim/webhook-endpoints',
      handler: (_p, body, q) => {
        const url = q.get('url') ?? simString(body, 'url');
        if (!url) throw paramMissing('url');
        return { body: { url, removed: dispatcher.removeEndpoint(url) } };
      },
    },
    {
      method: 'POST',
      path: '/_sim/events/replay',
      handler: (_p, body) => {
        const ids = simStrings(body, 'ids');
        if (!ids || ids.length === 0) throw paramMissing('ids');
        const order = simString(body, 'order') ?? 'given';
        if (order !== 'given' && order !== 'reverse')
          throw paramInvalid('order', "order must be 'given' or 'reverse'");
        const events = ids.map((id) => {
          const e = store.get('event', id);
          if (!e) throw missing('event', id, 'ids');
          return e;
        });
        if (order === 'reverse') events.reverse();
        const deliveries = dispatcher.dispatch(events, 'replay');
        return { body: { order: events.map((e) => e.id), deliveries: deliveries.map((d) => d.id) } };
      },
    },
    {
      method: 'POST',
      path: '/_sim/events/:id/resend',
      handler: (params, body, q) => {
        const created = simInt({ created: q.get('created') ?? body.created }, 'created', 0, 4_102_444_800);
        return { body: resendEvent(params.id ?? '', created) };
      },
    },
    {
      method: 'GET',
      path: '/_sim/faults',
      handler: () => ({ body: { object: 'list', data: faults } }),
    },
    {
      method: 'POST',
      path: '/_sim/faults',
      handler: (_p, body) => {
        const remaining = simInt(body, 'failNext', 1, 1_000_000) ?? simInt(body, 'fail_next', 1, 1_000_000);
        if (remaining === undefined) throw paramMissing('failNext');
        const status = simInt(body, 'status', 500, 599) ?? 503;
        const path = simString(body, 'path');
        const method = simString(body, 'method')?.toUpperCase();
        if (path !== undefined && !path.startsWith('/v1/'))
          throw paramInvalid('path', "path must start with '/v1/'");
        faults.push({ remaining, status, ...(path ? { path } : {}), ...(method ? { method } : {}) });
        return { status: 201, body: { object: 'list', data: faults } };
      },
    },
    {
      method: 'DELETE',
      path: '/_sim/faults',
      handler: () => {
        faults.splice(0);
        return { body: { object: 'list', data: faults } };
      },
    },
    {
      method: 'POST',
      path: '/_sim/subscriptions/:id/fail-payment',
      handler: (params) => ({
        body: failRenewalPayment(automatic, getSubscription(automatic, params.id ?? '')),
      }),
    },
    {
      method: 'POST',
      path: '/_sim/subscriptions/:id/renew',
      handler: (params) => ({
        body: renewSubscription(automatic, getSubscription(automatic, params.id ?? '')),
      }),
    },
  ];
  const compiledSim = simRoutes.map(compile);

  const handleSim = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    const match = matchRoute(compiledSim, method, url.pathname);
    if (match === undefined || match === 'method') {
      throw new StripeApiError(404, `Unrecognized simulator URL (${method}: ${url.pathname}).`);
    }
    const raw = (await readBody(req, 1024 * 1024)).toString('utf8');
    let body: SimBody = {};
    if (raw.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = /json/i.test(req.headers['content-type'] ?? '') ? JSON.parse(raw) : parseStripeForm(raw);
      } catch (err) {
        throw new StripeApiError(400, err instanceof Error ? err.message : 'Invalid body');
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new StripeApiError(400, 'The body must be a JSON object or a form');
      }
      body = parsed as SimBody;
    }
    const result = await match.route.handler(match.params, body, url.searchParams);
    sendJson(res, result.status ?? 200, result.body);
  };

  // --- hosted pages ---

  const readForm = async (req: http.IncomingMessage): Promise<URLSearchParams> =>
    new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));

  const langFor = (req: http.IncomingMessage, loc: unknown, customer?: StripeObject): PageLanguage => {
    const preferred = (customer?.preferred_locales as unknown[] | undefined)?.[0];
    const chosen =
      typeof loc === 'string' && loc !== 'auto' ? loc : typeof preferred === 'string' ? preferred : null;
    return pageLanguage(chosen, req.headers['accept-language']);
  };

  const handleCheckoutPage = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    id: string,
    action: string | undefined,
  ): Promise<boolean> => {
    const method = req.method ?? 'GET';
    const session = store.get('checkout.session', id);
    const lang = langFor(req, session?.locale);
    if (!session) {
      if (method === 'POST') await readForm(req);
      sendHtml(res, 404, checkoutPage(undefined, store, lang));
      return true;
    }
    if (method === 'GET' && !action) {
      sendHtml(res, 200, checkoutPage(session, store, lang));
      return true;
    }
    if (method !== 'POST' || !action) return false;
    const form = await readForm(req);
    const expired = typeof session.expires_at === 'number' && session.expires_at < now();
    if (session.status !== 'open' || expired) {
      sendHtml(res, 409, checkoutPage(session, store, lang, { code: 'closed' }));
      return true;
    }
    if (action === 'cancel') {
      redirect(res, field(session, 'cancel_url') ?? '/');
      return true;
    }
    const cardNumber = form.get('card_number') ?? '4242 4242 4242 4242';
    const card = evaluateTestCard(cardNumber);
    if (!card.ok) {
      const status = card.code === 'card_declined' ? 402 : 400;
      sendHtml(
        res,
        status,
        checkoutPage(session, store, lang, { code: card.code, declineCode: card.declineCode, cardNumber }),
      );
      return true;
    }
    const completed = completeCheckout(automatic, session, card);
    redirect(res, (field(completed, 'success_url') ?? '/').replaceAll('{CHECKOUT_SESSION_ID}', completed.id));
    return true;
  };

  const handlePortalPage = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    id: string,
    rest: string | undefined,
  ): Promise<boolean> => {
    const method = req.method ?? 'GET';
    const portal = store.get('billing_portal.session', id);
    const customer = portal ? store.get('customer', field(portal, 'customer') ?? '') : undefined;
    const lang = langFor(req, portal?.locale, customer);
    if (!portal || !customer) {
      if (method === 'POST') await readForm(req);
      sendHtml(res, 404, portalPage(undefined, store, lang));
      return true;
    }
    if (method === 'GET' && !rest) {
      const n = url.searchParams.get('notice');
      const notice = n === 'canceled' || n === 'resumed' || n === 'card-updated' ? n : undefined;
      sendHtml(res, 200, portalPage(portal, store, lang, { notice }));
      return true;
    }
    if (method !== 'POST' || !rest) return false;
    const form = await readForm(req);
    const back = `/portal/${encodeURIComponent(portal.id)}`;
    if (rest === 'payment-method') {
      const cardNumber = form.get('card_number') ?? '';
      const card = evaluateTestCard(cardNumber);
      if (!card.ok) {
        sendHtml(
          res,
          card.code === 'card_declined' ? 402 : 400,
          portalPage(portal, store, lang, {
            cardError: { code: card.code, declineCode: card.declineCode, cardNumber },
          }),
        );
        return true;
      }
      updatePaymentMethod(automatic, customer, card);
      redirect(res, `${back}?notice=card-updated`);
      return true;
    }
    const m = /^subscriptions\/([^/]+)\/(cancel|resume)$/.exec(rest);
    const sub = m?.[1] ? store.get('subscription', decodeURIComponent(m[1])) : undefined;
    if (!m || !sub || sub.customer !== customer.id || sub.status === 'canceled') {
      sendHtml(res, 404, portalPage(undefined, store, lang));
      return true;
    }
    const cancel = m[2] === 'cancel';
    setCancelAtPeriodEnd(automatic, sub, cancel);
    redirect(res, `${back}?notice=${cancel ? 'canceled' : 'resumed'}`);
    return true;
  };

  const handlePage = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): Promise<boolean> => {
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/health') {
      sendJson(res, 200, { status: 'ok' });
      return true;
    }
    if (method === 'GET' && url.pathname === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'max-age=86400' });
      res.end();
      return true;
    }
    const checkout = /^\/checkout\/([\w-]+)(?:\/(pay|cancel))?$/.exec(url.pathname);
    if (checkout?.[1]) return handleCheckoutPage(req, res, checkout[1], checkout[2]);
    const portal = /^\/portal\/([\w-]+)(?:\/(.+))?$/.exec(url.pathname);
    if (portal?.[1]) return handlePortalPage(req, res, url, portal[1], portal[2]);
    const invoice = /^\/invoices\/([\w-]+)(\/pdf)?$/.exec(url.pathname);
    if (invoice?.[1] && method === 'GET') {
      const inv = store.get('invoice', invoice[1]);
      const lang = langFor(req, null, inv ? store.get('customer', field(inv, 'customer') ?? '') : undefined);
      if (inv && invoice[2]) {
        const pdf = invoicePdf(inv, lang);
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-length': pdf.length,
          'content-disposition': `inline; filename="${(field(inv, 'number') ?? inv.id).replace(/[^\w-]/g, '')}.pdf"`,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        });
        res.end(pdf);
        return true;
      }
      sendHtml(res, inv ? 200 : 404, invoicePage(inv, lang));
      return true;
    }
    return false;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const work = url.pathname.startsWith('/v1/')
      ? handleApi(req, res, url)
      : url.pathname.startsWith('/_sim/')
        ? handleSim(req, res, url)
        : handlePage(req, res, url).then((handled) => {
            if (!handled)
              throw new StripeApiError(
                404,
                `Unrecognized request URL (${req.method ?? 'GET'}: ${url.pathname}).`,
              );
          });
    work.catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const apiError =
        err instanceof StripeApiError
          ? err
          : new StripeApiError(500, err instanceof Error ? err.message : 'Internal error', 'api_error');
      sendJson(res, apiError.status, apiError.toJSON(), {
        'request-id': randomId('req_', 14),
        'stripe-version': stripeVersion(req),
      });
    });
  });
  baseUrl = await listen(server, options.port, host);

  return {
    name: 'stripe-sim',
    url: baseUrl,
    addWebhookEndpoint: (endpoint) => {
      dispatcher.addEndpoint(endpoint);
    },
    settled: async () => {
      await dispatcher.settled();
    },
    stop: async () => {
      await closeServer(server);
      await dispatcher.close();
      persist.flush();
    },
  };
}

/** The API version a response reports: the one the client asked for, else the simulator's. */
function stripeVersion(req: http.IncomingMessage): string {
  const asked = req.headers['stripe-version'];
  return typeof asked === 'string' && asked !== '' ? asked : STRIPE_API_VERSION;
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}
