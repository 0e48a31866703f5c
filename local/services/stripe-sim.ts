// Stripe API simulator: the subset of the API the product calls, a hosted checkout page, and events
// delivered to webhook endpoints with the real signature scheme. State persists in
// `<dataDir>/stripe-sim.json`.
//
// Clients: `new Stripe('sk_test_…', { host: '127.0.0.1', port: PORT, protocol: 'http' })`.
//
// Extending: add entries to `stripeRoutes` (method, path pattern with `:params`, handler). Handlers
// get the parsed form body/query (see stripe-form.ts) and a context with the persistent store, id
// generation, list pagination and `emit()` for events; throw `StripeApiError` for Stripe-style errors.
// Not implemented yet: `expand[]` (ids are returned), prices/products/subscriptions/invoices.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { closeServer, escapeHtml, listen, readBody, sendHtml, sendJson } from '../lib/http-helpers';
import { DebouncedJsonFile, readJsonFile } from '../lib/json-store';
import type { RunningService } from '../lib/service';
import { parseStripeForm, type FormObject, type FormValue } from './stripe-form';
import { signStripePayload } from './stripe-signing';

export type StripeObject = Record<string, unknown> & { id: string; object: string };

export interface WebhookEndpoint {
  readonly url: string;
  /** `whsec_…` signing secret. */
  readonly secret: string;
}

export interface StripeSimOptions {
  readonly port: number;
  readonly dataDir: string;
  readonly host?: string;
  /** When set, only this secret key is accepted; otherwise any `sk_test_…`/`rk_test_…` key is. */
  readonly apiKey?: string;
  readonly webhooks?: readonly WebhookEndpoint[];
}

export interface RunningStripeSim extends RunningService {
  addWebhookEndpoint(endpoint: WebhookEndpoint): void;
  /** Resolves when every webhook delivery started so far has finished (tests). */
  settled(): Promise<void>;
}

export const STRIPE_SIM_FILE = 'stripe-sim.json';
export const STRIPE_API_VERSION = '2025-03-31.basil';

// --- errors -------------------------------------------------------------------------------------

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type:
      | 'invalid_request_error'
      | 'api_error'
      | 'card_error'
      | 'idempotency_error'
      | 'authentication_error' = 'invalid_request_error',
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  toJSON(): { error: Record<string, string> } {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code } : {}),
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }
}

const missing = (kind: string, id: string, param?: string): StripeApiError =>
  new StripeApiError(404, `No such ${kind}: '${id}'`, 'invalid_request_error', 'resource_missing', param);

const paramMissing = (param: string): StripeApiError =>
  new StripeApiError(
    400,
    `Missing required param: ${param}.`,
    'invalid_request_error',
    'parameter_missing',
    param,
  );

const paramInvalid = (param: string, message: string): StripeApiError =>
  new StripeApiError(400, message, 'invalid_request_error', 'parameter_invalid_string', param);

// --- store --------------------------------------------------------------------------------------

interface PersistedState {
  version: 1;
  /** type (e.g. 'customer') -> id -> object, in creation order. */
  collections: Record<string, Record<string, StripeObject>>;
}

export class StripeStore {
  private readonly collections = new Map<string, Map<string, StripeObject>>();

  constructor(private readonly onChange: () => void = () => undefined) {}

  static fromJson(value: unknown, onChange?: () => void): StripeStore {
    const store = new StripeStore(onChange);
    const state = value as Partial<PersistedState> | undefined;
    if (state?.version === 1 && state.collections) {
      for (const [type, objects] of Object.entries(state.collections)) {
        store.collections.set(type, new Map(Object.entries(objects)));
      }
    }
    return store;
  }

  toJson(): PersistedState {
    const collections: PersistedState['collections'] = {};
    for (const [type, objects] of this.collections) collections[type] = Object.fromEntries(objects);
    return { version: 1, collections };
  }

  private collection(type: string): Map<string, StripeObject> {
    let c = this.collections.get(type);
    if (!c) {
      c = new Map();
      this.collections.set(type, c);
    }
    return c;
  }

  get(type: string, id: string): StripeObject | undefined {
    return this.collection(type).get(id);
  }

  put(type: string, object: StripeObject): StripeObject {
    this.collection(type).set(object.id, object);
    this.onChange();
    return object;
  }

  /** Objects of a type, newest first (Stripe's list order). */
  all(type: string): StripeObject[] {
    return [...this.collection(type).values()].reverse();
  }
}

// --- request context and route table ------------------------------------------------------------

export interface StripeRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly body: FormObject;
  readonly query: FormObject;
  readonly headers: http.IncomingHttpHeaders;
}

export interface StripeContext {
  readonly store: StripeStore;
  /** Base URL of the simulator, e.g. http://127.0.0.1:12111 (hosted pages live here). */
  readonly baseUrl: string;
  now(): number;
  newId(prefix: string, length?: number): string;
  /** Records an event and delivers it to the webhook endpoints. */
  emit(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): StripeObject;
}

export interface StripeResponse {
  readonly status?: number;
  readonly body: unknown;
}

export type RouteHandler = (
  req: StripeRequest,
  ctx: StripeContext,
) => StripeResponse | Promise<StripeResponse>;

export interface StripeRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** e.g. '/v1/customers/:id' */
  readonly path: string;
  readonly handler: RouteHandler;
}

// --- small helpers for handlers -----------------------------------------------------------------

export function str(body: FormObject, key: string): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw paramInvalid(key, `Invalid string: ${key}`);
  return v;
}

export function int(body: FormObject, key: string): number | undefined {
  const v = str(body, key);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v))
    throw new StripeApiError(
      400,
      `Invalid integer: ${v}`,
      'invalid_request_error',
      'parameter_invalid_integer',
      key,
    );
  return Number(v);
}

function bool(body: FormObject, key: string): boolean | undefined {
  const v = str(body, key);
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw paramInvalid(key, `Invalid boolean: ${v}`);
  return v === 'true';
}

function obj(body: FormObject, key: string): FormObject | undefined {
  const v = body[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'string' || Array.isArray(v)) throw paramInvalid(key, `Invalid object: ${key}`);
  return v;
}

function arr(body: FormObject, key: string): FormValue[] | undefined {
  const v = body[key];
  if (v === undefined || v === '') return undefined;
  if (!Array.isArray(v)) throw paramInvalid(key, `Invalid array: ${key}`);
  return v;
}

/** Stripe metadata semantics: merge keys, '' unsets a key, metadata='' clears all. */
export function mergeMetadata(current: unknown, update: FormValue | undefined): Record<string, string> {
  const base: Record<string, string> = { ...((current as Record<string, string> | undefined) ?? {}) };
  if (update === undefined) return base;
  if (update === '') return {};
  if (typeof update === 'string' || Array.isArray(update))
    throw paramInvalid('metadata', 'Invalid metadata: expected a hash');
  for (const [k, v] of Object.entries(update)) {
    if (typeof v !== 'string')
      throw paramInvalid(`metadata[${k}]`, 'Invalid metadata value: expected a string');
    if (k.length > 40) throw paramInvalid(`metadata[${k}]`, 'Metadata keys can have up to 40 characters.');
    if (v.length > 500)
      throw paramInvalid(`metadata[${k}]`, 'Metadata values can have up to 500 characters.');
    if (v === '') Reflect.deleteProperty(base, k);
    else base[k] = v;
  }
  if (Object.keys(base).length > 50) throw paramInvalid('metadata', 'Metadata can have up to 50 keys.');
  return base;
}

/** Stripe list response with limit/starting_after/ending_before over newest-first objects. */
export function listResponse(req: StripeRequest, url: string, objects: StripeObject[]): StripeResponse {
  const limit = int(req.query, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw paramInvalid('limit', 'This value must be between 1 and 100.');
  let start = 0;
  let end = objects.length;
  const after = str(req.query, 'starting_after');
  const before = str(req.query, 'ending_before');
  if (after) {
    const i = objects.findIndex((o) => o.id === after);
    if (i < 0) throw missing('object', after, 'starting_after');
    start = i + 1;
  }
  if (before) {
    const i = objects.findIndex((o) => o.id === before);
    if (i < 0) throw missing('object', before, 'ending_before');
    end = i;
    start = Math.max(0, end - limit);
  }
  const data = objects.slice(start, Math.min(end, start + limit));
  return { body: { object: 'list', data, has_more: start + data.length < end, url } };
}

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

function getCustomer(ctx: StripeContext, id: string, param?: string): StripeObject {
  const c = ctx.store.get('customer', id);
  if (!c || c.deleted === true) throw missing('customer', id, param);
  return c;
}

const customerRoutes: StripeRoute[] = [
  {
    method: 'POST',
    path: '/v1/customers',
    handler: (req, ctx) => {
      const customer: StripeObject = {
        id: ctx.newId('cus_', 14),
        object: 'customer',
        address: null,
        balance: 0,
        created: ctx.now(),
        currency: null,
        default_source: null,
        delinquent: false,
        description: null,
        email: null,
        invoice_prefix: randomBytes(4).toString('hex').toUpperCase(),
        invoice_settings: {
          custom_fields: null,
          default_payment_method: null,
          footer: null,
          rendering_options: null,
        },
        livemode: false,
        name: null,
        phone: null,
        preferred_locales: [],
        shipping: null,
        tax_exempt: 'none',
        test_clock: null,
        ...customerFields(req.body, undefined),
      };
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
  return items.map((raw, i) => {
    if (typeof raw === 'string' || Array.isArray(raw))
      throw paramInvalid(`line_items[${i}]`, 'Invalid line item');
    const quantity = int(raw, 'quantity') ?? 1;
    if (quantity < 1) throw paramInvalid(`line_items[${i}][quantity]`, 'Quantity must be at least 1.');
    const price = str(raw, 'price');
    const priceData = obj(raw, 'price_data');
    if (!price && !priceData) throw paramMissing(`line_items[${i}][price]`);
    if (price) {
      const known = store.get('price', price);
      return {
        price,
        quantity,
        ...(typeof known?.unit_amount === 'number' ? { unitAmount: known.unit_amount } : {}),
        ...(typeof known?.currency === 'string' ? { currency: known.currency } : {}),
      };
    }
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
}

function checkoutUrl(ctx: StripeContext, id: string): string {
  return `${ctx.baseUrl}/checkout/${id}`;
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
      const session: StripeObject = {
        id,
        object: 'checkout.session',
        after_expiration: null,
        allow_promotion_codes: bool(body, 'allow_promotion_codes') ?? null,
        amount_subtotal: amountTotal,
        amount_total: amountTotal,
        billing_address_collection: str(body, 'billing_address_collection') ?? null,
        cancel_url: str(body, 'cancel_url') ?? null,
        client_reference_id: str(body, 'client_reference_id') ?? null,
        created,
        currency,
        customer: customer ?? null,
        customer_creation: customer ? null : mode === 'payment' ? 'if_required' : 'always',
        customer_details: null,
        customer_email: customerEmail ?? null,
        expires_at: int(body, 'expires_at') ?? created + 24 * 3600,
        invoice: null,
        livemode: false,
        locale: str(body, 'locale') ?? null,
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
        url: uiMode === 'hosted' ? checkoutUrl(ctx, id) : null,
        // Kept for the simulator's hosted page and later use (subscriptions); not part of Stripe's shape.
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
      const sessions = ctx.store
        .all('checkout.session')
        .filter((s) => customer === undefined || s.customer === customer)
        .map(publicView);
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

/** Removes simulator-private fields (prefixed `_sim`) before an object leaves the API. */
export function publicView(o: StripeObject): StripeObject {
  const copy: StripeObject = { ...o };
  Reflect.deleteProperty(copy, '_sim');
  return copy;
}

// --- events -------------------------------------------------------------------------------------

const eventRoutes: StripeRoute[] = [
  {
    method: 'GET',
    path: '/v1/events',
    handler: (req, ctx) => {
      const type = str(req.query, 'type');
      const events = ctx.store.all('event').filter((e) => type === undefined || e.type === type);
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
export const stripeRoutes: readonly StripeRoute[] = [...customerRoutes, ...checkoutRoutes, ...eventRoutes];

// --- routing ------------------------------------------------------------------------------------

interface CompiledRoute {
  readonly route: StripeRoute;
  readonly regex: RegExp;
  readonly names: string[];
}

function compile(route: StripeRoute): CompiledRoute {
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

function matchRoute(
  compiled: readonly CompiledRoute[],
  method: string,
  path: string,
): { route: StripeRoute; params: Record<string, string> } | 'method' | undefined {
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

// --- server -------------------------------------------------------------------------------------

export async function startStripeSim(options: StripeSimOptions): Promise<RunningStripeSim> {
  const host = options.host ?? '127.0.0.1';
  const file = join(options.dataDir, STRIPE_SIM_FILE);
  const persist: DebouncedJsonFile = new DebouncedJsonFile(file, () => store.toJson());
  const store = StripeStore.fromJson(readJsonFile(file), () => {
    persist.markDirty();
  });
  const webhooks: WebhookEndpoint[] = [...(options.webhooks ?? [])];
  const deliveries = new Set<Promise<void>>();
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const compiled = stripeRoutes.map(compile);
  let baseUrl = '';

  const newId = (prefix: string, length = 24): string => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const bytes = randomBytes(length);
    let out = prefix;
    for (const b of bytes) out += alphabet[b % alphabet.length] ?? 'a';
    return out;
  };

  const deliver = (event: StripeObject): void => {
    const payload = JSON.stringify(event, null, 2);
    for (const endpoint of webhooks) {
      const p = deliverOnce(endpoint, payload).finally(() => deliveries.delete(p));
      deliveries.add(p);
    }
  };

  const ctx: StripeContext = {
    store,
    get baseUrl() {
      return baseUrl;
    },
    now: () => Math.floor(Date.now() / 1000),
    newId,
    emit: (type, object, previousAttributes) => {
      const event: StripeObject = {
        id: newId('evt_', 24),
        object: 'event',
        api_version: STRIPE_API_VERSION,
        created: Math.floor(Date.now() / 1000),
        data: {
          object: publicView(object),
          ...(previousAttributes ? { previous_attributes: previousAttributes } : {}),
        },
        livemode: false,
        pending_webhooks: webhooks.length,
        request: { id: null, idempotency_key: null },
        type,
      };
      store.put('event', event);
      deliver(event);
      return event;
    },
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    authenticate(req, options.apiKey);
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
    const idemKey =
      method === 'POST' && typeof keyHeader === 'string'
        ? `${req.headers.authorization ?? ''}|${keyHeader}`
        : undefined;
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
        sendJson(res, previous.status, previous.body, {
          'idempotent-replayed': 'true',
          ...stripeHeaders(newId),
        });
        return;
      }
    }
    let status: number;
    let responseBody: unknown;
    try {
      const result = await match.route.handler(
        { method, path: url.pathname, params: match.params, body, query, headers: req.headers },
        ctx,
      );
      status = result.status ?? 200;
      responseBody = result.body;
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
      status = err.status;
      responseBody = err.toJSON();
    }
    if (idemKey && status < 500) idempotent.set(idemKey, { fingerprint, status, body: responseBody });
    sendJson(res, status, responseBody, stripeHeaders(newId));
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
    const m = /^\/checkout\/([\w-]+)(?:\/(pay|cancel))?$/.exec(url.pathname);
    if (!m?.[1]) return false;
    const session = store.get('checkout.session', m[1]);
    if (!session) {
      sendHtml(res, 404, checkoutPage(undefined));
      return true;
    }
    const action = m[2];
    if (method === 'GET' && !action) {
      sendHtml(res, 200, checkoutPage(session));
      return true;
    }
    if (method !== 'POST' || !action) return false;
    await readBody(req, 64 * 1024);
    if (session.status !== 'open') {
      sendHtml(res, 409, checkoutPage(session, `This checkout session is ${String(session.status)}.`));
      return true;
    }
    if (action === 'cancel') {
      redirect(res, typeof session.cancel_url === 'string' ? session.cancel_url : '/');
      return true;
    }
    const completed = completeSession(ctx, session);
    const success = typeof completed.success_url === 'string' ? completed.success_url : '/';
    redirect(res, success.replace('{CHECKOUT_SESSION_ID}', completed.id));
    return true;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const work = url.pathname.startsWith('/v1/')
      ? handleApi(req, res, url)
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
      sendJson(res, apiError.status, apiError.toJSON(), stripeHeaders(newId));
    });
  });
  baseUrl = await listen(server, options.port, host);

  return {
    name: 'stripe-sim',
    url: baseUrl,
    addWebhookEndpoint: (endpoint) => {
      webhooks.push(endpoint);
    },
    settled: async () => {
      await Promise.allSettled([...deliveries]);
    },
    stop: async () => {
      await closeServer(server);
      await Promise.allSettled([...deliveries]);
      persist.flush();
    },
  };
}

function stripeHeaders(newId: (prefix: string, length?: number) => string): Record<string, string> {
  return { 'request-id': newId('req_', 14), 'stripe-version': STRIPE_API_VERSION };
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

/** Marks a session paid (creating a customer when needed) and emits checkout.session.completed. */
function completeSession(ctx: StripeContext, session: StripeObject): StripeObject {
  let customerId = typeof session.customer === 'string' ? session.customer : null;
  const email = typeof session.customer_email === 'string' ? session.customer_email : null;
  if (!customerId && session.customer_creation === 'always') {
    const customer: StripeObject = {
      id: ctx.newId('cus_', 14),
      object: 'customer',
      created: ctx.now(),
      email,
      name: null,
      metadata: {},
      livemode: false,
      delinquent: false,
      balance: 0,
      preferred_locales: [],
    };
    ctx.store.put('customer', customer);
    ctx.emit('customer.created', customer);
    customerId = customer.id;
  }
  const customerEmail =
    email ??
    (customerId
      ? ((ctx.store.get('customer', customerId)?.email as string | null | undefined) ?? null)
      : null);
  const completed: StripeObject = {
    ...session,
    status: 'complete',
    payment_status: session.mode === 'setup' ? 'no_payment_required' : 'paid',
    customer: customerId,
    customer_details: {
      email: customerEmail,
      name: null,
      phone: null,
      address: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    payment_intent: session.mode === 'payment' ? ctx.newId('pi_', 24) : null,
    url: null,
  };
  ctx.store.put('checkout.session', completed);
  ctx.emit('checkout.session.completed', completed);
  return completed;
}

async function deliverOnce(endpoint: WebhookEndpoint, payload: string): Promise<void> {
  const delays = [0, 500, 2000];
  for (const delay of delays) {
    if (delay) await new Promise((r) => setTimeout(r, delay));
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signStripePayload(payload, endpoint.secret),
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // endpoint down: retry
    }
  }
  process.stderr.write(
    `[stripe-sim] webhook delivery to ${endpoint.url} failed after ${delays.length} attempts\n`,
  );
}

function formatAmount(amount: unknown, currency: unknown): string {
  if (typeof amount !== 'number' || typeof currency !== 'string') return '';
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(
      amount / 100,
    );
  } catch {
    return `${amount} ${currency}`;
  }
}

function checkoutPage(session: StripeObject | undefined, notice?: string): string {
  const style =
    'body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a}main{max-width:32rem;margin:2rem auto;padding:1rem}' +
    'button{font:inherit;padding:.6rem 1.2rem;border-radius:4px;border:1px solid #333;cursor:pointer;margin-right:.5rem}' +
    '.pay{background:#1a4fd6;color:#fff;border-color:#1a4fd6}button:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}' +
    'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}';
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Checkout (Stripe simulator)</title><style>${style}</style></head><body><main>`;
  if (!session) return `${head}<h1>Checkout session not found</h1></main></body></html>`;
  const sim = (session._sim ?? {}) as { line_items?: LineItemInput[] };
  const items = (sim.line_items ?? [])
    .map(
      (li) =>
        `<li>${escapeHtml(li.description ?? li.price ?? 'Item')} × ${li.quantity}${li.unitAmount !== undefined ? ` (${escapeHtml(formatAmount(li.unitAmount, li.currency))} each)` : ''}</li>`,
    )
    .join('');
  const id = escapeHtml(session.id);
  const open = session.status === 'open';
  return `${head}<h1>Checkout (test mode)</h1>
<p>This is the local Stripe simulator. No real payment happens.</p>
${notice ? `<p role="alert">${escapeHtml(notice)}</p>` : ''}
<dl><dt>Mode</dt><dd>${escapeHtml(session.mode as string)}</dd>
<dt>Email</dt><dd>${escapeHtml((session.customer_email as string | null) ?? '')}</dd>
<dt>Total</dt><dd>${escapeHtml(formatAmount(session.amount_total, session.currency))}</dd>
<dt>Status</dt><dd>${escapeHtml(session.status as string)}</dd></dl>
${items ? `<h2>Items</h2><ul>${items}</ul>` : ''}
${
  open
    ? `<form method="post" action="/checkout/${id}/pay" style="display:inline"><button class="pay" type="submit">Pay (simulated)</button></form>
<form method="post" action="/checkout/${id}/cancel" style="display:inline"><button type="submit">Cancel</button></form>`
    : ''
}
</main></body></html>`;
}
