import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { isSafeReturnPath } from './return-path';

// Stripe subscriptions: what the SPA sends and receives on /api/billing/*.

export const billingPlanSchema = lazySchema(() => z.enum(['monthly', 'yearly']));
export type BillingPlan = z.infer<typeof billingPlanSchema>;

/** Stripe's subscription statuses (incomplete_expired shown as canceled, paused as unpaid), plus `none`. */
export const subscriptionStatusSchema = lazySchema(() =>
  z.enum(['none', 'active', 'trialing', 'past_due', 'canceled', 'incomplete', 'unpaid']),
);
export type SubscriptionStatus = z.infer<typeof subscriptionStatusSchema>;

export const returnPathSchema = lazySchema(() =>
  z.string().refine(isSafeReturnPath, 'expected a path of the app, e.g. /catalogue/hand-hygiene'),
);

/** POST /api/billing/checkout: the plan, and where to send the learner back once the payment is confirmed. */
export const checkoutRequestSchema = lazySchema(() =>
  z.object({ plan: billingPlanSchema, returnTo: returnPathSchema.optional() }).strict(),
);
export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;

/** Response of POST /api/billing/checkout and POST /api/billing/portal: where to send the browser. */
export const redirectUrlSchema = lazySchema(() => z.object({ url: z.url() }));
export type RedirectUrl = z.infer<typeof redirectUrlSchema>;

/** GET /api/billing/subscription */
export const subscriptionViewSchema = lazySchema(() =>
  z.object({
    status: subscriptionStatusSchema,
    plan: billingPlanSchema.optional(),
    /** ISO 8601 (UTC): end of the paid period. */
    currentPeriodEnd: z.string().optional(),
    cancelAtPeriodEnd: z.boolean(),
    /** True when paid content is open to the learner (see hasActiveSubscription in the api). */
    entitled: z.boolean(),
  }),
);
export type SubscriptionView = z.infer<typeof subscriptionViewSchema>;

export const invoiceItemSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.string().nullable(),
    /** Minor units (cents). */
    amountPaid: z.number().int(),
    currency: z.string(),
    /** ISO 8601 (UTC). */
    created: z.string(),
    hostedInvoiceUrl: z.string().nullable(),
    invoicePdf: z.string().nullable(),
  }),
);
export type InvoiceItem = z.infer<typeof invoiceItemSchema>;

/** GET /api/billing/invoices */
export const invoiceListSchema = lazySchema(() => z.object({ items: z.array(invoiceItemSchema) }));
export type InvoiceList = z.infer<typeof invoiceListSchema>;

/** How often a plan renews. */
export const billingIntervalSchema = lazySchema(() => z.enum(['month', 'year']));
export type BillingInterval = z.infer<typeof billingIntervalSchema>;

/** One plan with its price, as Stripe's Prices API reports it. */
export const planPriceSchema = lazySchema(() =>
  z.object({
    plan: billingPlanSchema,
    /** Minor units (cents). */
    amount: z.number().int().nonnegative(),
    /** ISO 4217, lower case as Stripe writes it (e.g. `eur`). */
    currency: z.string().min(3).max(3),
    interval: billingIntervalSchema,
  }),
);
export type PlanPrice = z.infer<typeof planPriceSchema>;

/** GET /api/billing/plans */
export const planListSchema = lazySchema(() => z.object({ plans: z.array(planPriceSchema) }));
export type PlanList = z.infer<typeof planListSchema>;
