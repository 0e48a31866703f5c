// Stripe through the official SDK: the BillingGateway port and webhook verification. Outages
// (StripeAPIError 5xx, StripeConnectionError) become BillingUnavailable; everything else is a bug
// or a Stripe-side validation error and propagates. The SDK is loaded on first use (stripe-library.ts).
import type { InvoiceItem } from '@soins/shared';
import type Stripe from 'stripe';
import { z } from 'zod';
import {
  BillingUnavailable,
  type BillingEvent,
  type BillingGateway,
  type InvoiceSummary,
  type StripePrice,
  type StripeSubscriptionState,
} from '../../domain/billing';
import type { UserProfile } from '../../domain/identity/model';

export interface StripeSettings {
  readonly secretKey: string;
  /** Local simulator (e.g. http://127.0.0.1:12111); unset in Azure → api.stripe.com. */
  readonly apiUrl?: string | undefined;
}

type StripeLibrary = typeof import('./stripe-library');
let library: Promise<StripeLibrary> | undefined;
/** The SDK's module, loaded once, on the first call that needs it. */
const loadStripe = (): Promise<StripeLibrary> => (library ??= import('./stripe-library'));

/** A Stripe client created on first use: the api's cold start does not load the SDK. */
export type StripeClient = () => Promise<Stripe>;

export function createStripeClient(settings: StripeSettings): StripeClient {
  let client: Promise<Stripe> | undefined;
  return () => (client ??= loadStripe().then(({ Stripe }) => newStripe(Stripe, settings)));
}

function newStripe(Sdk: StripeLibrary['Stripe'], settings: StripeSettings): Stripe {
  const endpoint = settings.apiUrl ? new URL(settings.apiUrl) : undefined;
  return new Sdk(settings.secretKey, {
    maxNetworkRetries: 1,
    timeout: 20_000,
    ...(endpoint
      ? {
          host: endpoint.hostname,
          port: Number(endpoint.port || (endpoint.protocol === 'https:' ? 443 : 80)),
          protocol: endpoint.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

function isStripeOutage(Sdk: StripeLibrary['Stripe'], error: unknown): boolean {
  return (
    error instanceof Sdk.errors.StripeConnectionError ||
    error instanceof Sdk.errors.StripeAPIError ||
    error instanceof Sdk.errors.StripeRateLimitError ||
    (error instanceof Sdk.errors.StripeError && (error.statusCode ?? 0) >= 500)
  );
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isStripeOutage((await loadStripe()).Stripe, error)) {
      throw new BillingUnavailable(error instanceof Error ? error.name : 'stripe error');
    }
    throw error;
  }
}

const idOf = (value: string | { id: string } | null | undefined): string | undefined =>
  typeof value === 'string' ? value : (value?.id ?? undefined);

const iso = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

type Locale = Stripe.Checkout.SessionCreateParams.Locale;
const localeOf = (language: UserProfile['language']): Locale => language;

export function subscriptionState(sub: Stripe.Subscription): StripeSubscriptionState {
  const item = sub.items.data[0];
  return {
    id: sub.id,
    customerId: idOf(sub.customer) ?? '',
    status: sub.status,
    priceId: item?.price.id,
    currentPeriodEnd: item?.current_period_end,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    userId: sub.metadata.userId,
  };
}

// The parts of a webhook event the domain reads, checked before use: the signature proves who sent an
// event, not that its body has the shape the code expects (an API version change, a test tool, a
// leaked secret). Anything else in the event is ignored.
const reference = z
  .union([z.string().min(1).max(255), z.looseObject({ id: z.string().min(1).max(255) })])
  .nullish();
const shortText = z.string().max(2048).nullish();

const checkoutSessionSchema = z.looseObject({
  customer: reference,
  subscription: reference,
  client_reference_id: shortText,
  metadata: z.record(z.string(), z.string()).nullish(),
});
const subscriptionRefSchema = z.looseObject({ id: z.string().min(1).max(255) });
const invoiceSchema = z.looseObject({
  amount_paid: z.number().int().nonnegative(),
  amount_due: z.number().int().nonnegative(),
  currency: z.string().min(3).max(8),
  hosted_invoice_url: shortText,
  billing_reason: shortText,
  customer: reference,
  parent: z
    .looseObject({ subscription_details: z.looseObject({ subscription: reference }).nullish() })
    .nullish(),
});
const eventSchema = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int().nonnegative(),
  data: z.looseObject({ object: z.looseObject({}) }),
});

type Reference = z.infer<typeof reference>;
const idOfRef = (value: Reference): string | undefined =>
  typeof value === 'string' ? value : (value?.id ?? undefined);

/** What was wrong with a signed event's body, for the log (paths and zod codes only, no values). */
export class MalformedStripeEvent extends Error {
  constructor(
    readonly eventType: string | undefined,
    readonly issues: string,
  ) {
    super('malformed Stripe event');
    this.name = 'MalformedStripeEvent';
  }
}

function parsed<S extends z.ZodType>(schema: S, value: unknown, eventType: string | undefined): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}:${issue.code}`)
      .join(',');
    throw new MalformedStripeEvent(eventType, issues);
  }
  return result.data;
}

/** Reduces a verified Stripe event to the domain's BillingEvent; throws MalformedStripeEvent on a bad shape. */
export function toBillingEvent(raw: unknown): BillingEvent {
  const event = parsed(eventSchema, raw, undefined);
  const base = { id: event.id, created: event.created };
  const object = event.data.object;
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = parsed(checkoutSessionSchema, object, event.type);
      return {
        ...base,
        type: event.type,
        customerId: idOfRef(session.customer),
        subscriptionId: idOfRef(session.subscription),
        userId: session.client_reference_id ?? session.metadata?.userId ?? undefined,
      };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return {
        ...base,
        type: event.type,
        subscriptionId: parsed(subscriptionRefSchema, object, event.type).id,
      };
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = parsed(invoiceSchema, object, event.type);
      const summary: InvoiceSummary = {
        amountCents: invoice.amount_paid > 0 ? invoice.amount_paid : invoice.amount_due,
        currency: invoice.currency,
        hostedInvoiceUrl: invoice.hosted_invoice_url ?? undefined,
        billingReason: invoice.billing_reason ?? undefined,
        subscriptionId: idOfRef(invoice.parent?.subscription_details?.subscription),
        customerId: idOfRef(invoice.customer),
      };
      return { ...base, type: event.type, invoice: summary };
    }
    default:
      return { ...base, type: 'ignored', stripeType: event.type };
  }
}

export class StripeGateway implements BillingGateway {
  constructor(private readonly client: StripeClient) {}

  async createCustomer(input: {
    userId: string;
    email: string;
    name: string;
    language: UserProfile['language'];
    idempotencyKey: string;
  }): Promise<{ customerId: string }> {
    const stripe = await this.client();
    const customer = await call(() =>
      stripe.customers.create(
        {
          email: input.email,
          ...(input.name ? { name: input.name } : {}),
          preferred_locales: [input.language],
          metadata: { userId: input.userId },
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { customerId: customer.id };
  }

  async createCheckout(input: {
    customerId: string;
    userId: string;
    priceId: string;
    language: UserProfile['language'];
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ url: string }> {
    const stripe = await this.client();
    const session = await call(() =>
      stripe.checkout.sessions.create({
        mode: 'subscription',
        customer: input.customerId,
        client_reference_id: input.userId,
        locale: localeOf(input.language),
        line_items: [{ price: input.priceId, quantity: 1 }],
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        metadata: { userId: input.userId },
        subscription_data: { metadata: { userId: input.userId } },
      }),
    );
    if (!session.url) throw new Error('Stripe returned a Checkout session without a url');
    return { url: session.url };
  }

  async createPortal(input: {
    customerId: string;
    returnUrl: string;
    language: UserProfile['language'];
  }): Promise<{ url: string }> {
    const stripe = await this.client();
    const session = await call(() =>
      stripe.billingPortal.sessions.create({
        customer: input.customerId,
        return_url: input.returnUrl,
        locale: input.language,
      }),
    );
    return { url: session.url };
  }

  async listInvoices(customerId: string): Promise<InvoiceItem[]> {
    const stripe = await this.client();
    const page = await call(() => stripe.invoices.list({ customer: customerId, limit: 100 }));
    return page.data.map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      status: invoice.status,
      amountPaid: invoice.amount_paid,
      currency: invoice.currency,
      created: iso(invoice.created),
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
      invoicePdf: invoice.invoice_pdf ?? null,
    }));
  }

  async retrieveSubscription(subscriptionId: string): Promise<StripeSubscriptionState | undefined> {
    const stripe = await this.client();
    try {
      return subscriptionState(await call(() => stripe.subscriptions.retrieve(subscriptionId)));
    } catch (error) {
      if (error instanceof stripe.errors.StripeInvalidRequestError && error.statusCode === 404)
        return undefined;
      throw error;
    }
  }

  async cancelSubscriptionNow(subscriptionId: string): Promise<void> {
    const current = await this.retrieveSubscription(subscriptionId);
    if (!current || ['canceled', 'incomplete_expired'].includes(current.status)) return;
    const stripe = await this.client();
    await call(() => stripe.subscriptions.cancel(subscriptionId));
  }

  async pseudonymiseCustomer(customerId: string, pseudonym: string): Promise<void> {
    const stripe = await this.client();
    await call(() =>
      stripe.customers.update(customerId, {
        name: pseudonym,
        email: '',
        phone: '',
        metadata: { userId: pseudonym },
      }),
    );
  }

  async retrievePrice(priceId: string): Promise<StripePrice | undefined> {
    const stripe = await this.client();
    try {
      const price = await call(() => stripe.prices.retrieve(priceId));
      return {
        id: price.id,
        unitAmount: price.unit_amount,
        currency: price.currency,
        interval: price.recurring?.interval,
        active: price.active,
      };
    } catch (error) {
      if (error instanceof stripe.errors.StripeInvalidRequestError && error.statusCode === 404)
        return undefined;
      throw error;
    }
  }
}

/** Signatures dated further ahead than this are refused (clock skew between Stripe and us is seconds). */
export const webhookFutureToleranceSeconds = 300;

/** What the webhook route learns from a request: a verified event, or why there is none. */
export type WebhookVerification =
  | { readonly kind: 'event'; readonly event: BillingEvent }
  /** Forged, unsigned, stale or dated in the future. */
  | { readonly kind: 'rejected' }
  /** Correctly signed, but not an event of the expected shape. */
  | { readonly kind: 'malformed'; readonly eventType: string | undefined; readonly issues: string };

/** The `t=` of a `Stripe-Signature` header (Unix seconds), if there is exactly one. */
function signatureTimestamp(header: string): number | undefined {
  const values = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('t='))
    .map((part) => part.slice(2));
  const [only] = values;
  return values.length === 1 && only !== undefined && /^\d{1,12}$/.test(only) ? Number(only) : undefined;
}

/**
 * Verifies the `Stripe-Signature` header on the raw body (Stripe's own check refuses signatures older
 * than 5 minutes, but not those dated in the future, which would keep a captured request replayable
 * until then: refused here), then checks the event's shape.
 */
export function makeWebhookVerifier(
  stripe: Stripe,
  secret: string,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
): (raw: Buffer, signature: string | null) => WebhookVerification {
  return (raw, signature) => {
    if (!signature) return { kind: 'rejected' };
    const signedAt = signatureTimestamp(signature);
    if (signedAt === undefined || signedAt > nowSeconds() + webhookFutureToleranceSeconds) {
      return { kind: 'rejected' };
    }
    let event: unknown;
    try {
      event = stripe.webhooks.constructEvent(raw, signature, secret);
    } catch (error) {
      if (error instanceof stripe.errors.StripeSignatureVerificationError) return { kind: 'rejected' };
      // Signed, but not JSON.
      if (error instanceof SyntaxError) return { kind: 'malformed', eventType: undefined, issues: 'json' };
      throw error;
    }
    try {
      return { kind: 'event', event: toBillingEvent(event) };
    } catch (error) {
      if (error instanceof MalformedStripeEvent) {
        return { kind: 'malformed', eventType: error.eventType, issues: error.issues };
      }
      throw error;
    }
  };
}
