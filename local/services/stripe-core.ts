// Shared building blocks of the Stripe simulator: Stripe-style errors, the persistent object store,
// the route/handler types, parameter readers, list pagination and `expand[]`. The resources live in
// stripe-sim.ts (customers, checkout, events) and stripe-billing.ts (products, prices,
// subscriptions, invoices, billing portal); stripe-sim.ts re-exports everything here.
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { FormObject, FormValue } from './stripe-form';

export type StripeObject = Record<string, unknown> & { id: string; object: string };

/**
 * The API version whose object shapes the simulator renders (e.g. `current_period_*` on subscription
 * items, `invoice.parent.subscription_details`), equal to the bundled `stripe` client's version.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';

// --- errors -------------------------------------------------------------------------------------

export type StripeErrorType =
  'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error' | 'authentication_error';

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: StripeErrorType = 'invalid_request_error',
    readonly code?: string,
    readonly param?: string,
    readonly declineCode?: string,
  ) {
    super(message);
  }

  toJSON(): { error: Record<string, string> } {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code } : {}),
        ...(this.declineCode ? { decline_code: this.declineCode } : {}),
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }
}

export const missing = (kind: string, id: string, param?: string): StripeApiError =>
  new StripeApiError(404, `No such ${kind}: '${id}'`, 'invalid_request_error', 'resource_missing', param);

export const paramMissing = (param: string): StripeApiError =>
  new StripeApiError(
    400,
    `Missing required param: ${param}.`,
    'invalid_request_error',
    'parameter_missing',
    param,
  );

export const paramInvalid = (param: string, message: string): StripeApiError =>
  new StripeApiError(400, message, 'invalid_request_error', 'parameter_invalid_string', param);

/** A parameter Stripe accepts but the simulator does not model: fail loudly rather than ignore it. */
export const simUnsupported = (param: string): StripeApiError =>
  new StripeApiError(
    400,
    `The Stripe simulator does not support \`${param}\` here. Extend local/services/stripe-*.ts if the product needs it.`,
    'invalid_request_error',
    'parameter_unknown',
    param,
  );

/** Stripe rejects unknown parameters; routes that list their parameters call this. */
export function allowOnly(body: FormObject, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (key !== 'expand' && !allowed.includes(key)) {
      throw new StripeApiError(
        400,
        `Received unknown parameter: ${key}`,
        'invalid_request_error',
        'parameter_unknown',
        key,
      );
    }
  }
}

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

  /** Stores (or replaces, keeping its position) an object. */
  put(type: string, object: StripeObject): StripeObject {
    this.collection(type).set(object.id, object);
    this.onChange();
    return object;
  }

  /** Objects of a type, newest first (Stripe's list order). */
  all(type: string): StripeObject[] {
    return [...this.collection(type).values()].reverse();
  }

  /** Finds an object by id in any collection (used by `expand[]`). */
  find(id: string): StripeObject | undefined {
    for (const objects of this.collections.values()) {
      const o = objects.get(id);
      if (o) return o;
    }
    return undefined;
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
  /** Unix seconds. */
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

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Stripe-looking random id: prefix + `length` alphanumerics. */
export function randomId(prefix: string, length = 24): string {
  let out = prefix;
  for (const b of randomBytes(length)) out += ID_ALPHABET[b % ID_ALPHABET.length] ?? 'a';
  return out;
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

export function bool(body: FormObject, key: string): boolean | undefined {
  const v = str(body, key);
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw paramInvalid(key, `Invalid boolean: ${v}`);
  return v === 'true';
}

export function obj(body: FormObject, key: string): FormObject | undefined {
  const v = body[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'string' || Array.isArray(v)) throw paramInvalid(key, `Invalid object: ${key}`);
  return v;
}

export function arr(body: FormObject, key: string): FormValue[] | undefined {
  const v = body[key];
  if (v === undefined || v === '') return undefined;
  if (!Array.isArray(v)) throw paramInvalid(key, `Invalid array: ${key}`);
  return v;
}

/** Reads a string field of a stored object (null when absent or not a string). */
export function field(o: StripeObject | undefined, key: string): string | null {
  const v = o?.[key];
  return typeof v === 'string' ? v : null;
}

/** Reads a numeric field of a stored object (null when absent or not a number). */
export function numField(o: StripeObject | undefined, key: string): number | null {
  const v = o?.[key];
  return typeof v === 'number' ? v : null;
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

/** The locales Stripe Checkout and the Customer Portal accept. */
export const STRIPE_LOCALES: ReadonlySet<string> = new Set(
  (
    'auto bg cs da de el en en-GB es es-419 et fi fil fr fr-CA hr hu id it ja ko lt lv ms mt nb nl pl ' +
    'pt pt-BR ro ru sk sl sv th tr vi zh zh-HK zh-TW'
  ).split(' '),
);

export function locale(body: FormObject, key = 'locale'): string | null {
  const v = str(body, key);
  if (v === undefined || v === '') return null;
  if (!STRIPE_LOCALES.has(v)) throw paramInvalid(key, `Invalid ${key}: ${v}`);
  return v;
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
  const data = objects.slice(start, Math.min(end, start + limit)).map(publicView);
  return { body: { object: 'list', data, has_more: start + data.length < end, url } };
}

/** Removes simulator-private fields (prefixed `_sim`) before an object leaves the API. */
export function publicView(o: StripeObject): StripeObject {
  const copy: StripeObject = { ...o };
  Reflect.deleteProperty(copy, '_sim');
  return copy;
}

/** A list object as Stripe embeds them (e.g. `subscription.items`). */
export function embeddedList(url: string, data: unknown[]): Record<string, unknown> {
  return { object: 'list', data, has_more: false, total_count: data.length, url };
}

// --- expand[] -----------------------------------------------------------------------------------

/** Builders for expandable fields that are not plain ids (e.g. `line_items` on a checkout session). */
export type Expander = (parent: StripeObject, store: StripeStore) => unknown;

/**
 * Applies Stripe's `expand[]` (dotted paths, `data.` for lists, up to 4 levels) to a response body:
 * ids found in the store are replaced by the objects; `special` handles computed fields.
 */
export function expandResponse(
  body: unknown,
  paths: readonly string[],
  store: StripeStore,
  special: Readonly<Record<string, Expander>> = {},
): unknown {
  let out = body;
  for (const path of paths) {
    const parts = path.split('.');
    if (parts.length > 4 || parts.some((p) => p === '')) {
      throw paramInvalid('expand', `You cannot expand more than 4 levels of a property (${path}).`);
    }
    out = expandPath(out, parts, path, store, special);
  }
  return out;
}

function expandPath(
  value: unknown,
  parts: readonly string[],
  full: string,
  store: StripeStore,
  special: Readonly<Record<string, Expander>>,
): unknown {
  const [head, ...rest] = parts;
  if (head === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => expandPath(v, parts, full, store, special));
  const o = value as StripeObject;
  if (!(head in o) && !(typeof o.object === 'string' && `${o.object}.${head}` in special)) {
    throw new StripeApiError(
      400,
      `This property cannot be expanded (${full}).`,
      'invalid_request_error',
      'parameter_invalid_string',
      'expand',
    );
  }
  let child: unknown = o[head];
  const builder = typeof o.object === 'string' ? special[`${o.object}.${head}`] : undefined;
  if (builder) child = builder(o, store);
  else if (typeof child === 'string') {
    const found = store.find(child);
    if (!found) {
      throw new StripeApiError(
        400,
        `This property cannot be expanded (${full}).`,
        'invalid_request_error',
        'parameter_invalid_string',
        'expand',
      );
    }
    child = publicView(found);
  }
  return { ...o, [head]: rest.length > 0 ? expandPath(child, rest, full, store, special) : child };
}

/** `expand` from a body or query: `expand[]=a&expand[]=b` or `expand[0]=a`. */
export function expandParam(form: FormObject): string[] {
  const v = form.expand;
  if (v === undefined || v === '') return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.some((p) => typeof p !== 'string'))
    throw paramInvalid('expand', 'Invalid array: expand');
  return v as string[];
}

// --- customers (built here so checkout and billing can create them too) -------------------------

export function newCustomer(ctx: StripeContext, fields: Record<string, unknown>): StripeObject {
  return {
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
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
    ...fields,
  };
}

export function getCustomer(ctx: StripeContext, id: string, param?: string): StripeObject {
  const c = ctx.store.get('customer', id);
  if (!c || c.deleted === true) throw missing('customer', id, param);
  return c;
}
