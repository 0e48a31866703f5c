import { checkoutRequestSchema } from '@soins/shared';
import type { WebhookVerification } from '../../adapters/stripe/stripe-gateway';
import type {
  BillingError,
  BillingRepository,
  HandleStripeEvent,
  ListMyInvoices,
  ListPlans,
  OpenCustomerPortal,
  StartCheckout,
} from '../../domain/billing';
import { subscriptionView } from '../../domain/billing';
import type { Clock, Logger } from '../../domain/ports';
import type { Result } from '../../domain/result';
import { access, callerOf, readBytes, readJson, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';

/** Stripe events are small; 512 KB leaves room for large invoices. */
export const stripeWebhookMaxBytes = 512 * 1024;

const retryAfter = { 'Retry-After': '5' };

function unwrap<T>(result: Result<T, BillingError>): T {
  if (result.ok) return result.value;
  if (result.error.code === 'dependency_unavailable') {
    throw new HttpProblem('dependency_unavailable', 'Stripe', undefined, retryAfter);
  }
  throw new HttpProblem(result.error.code, result.error.message);
}

export function makeBillingRoutes(deps: {
  checkout: StartCheckout;
  portal: OpenCustomerPortal;
  invoices: ListMyInvoices;
  plans: ListPlans;
  handleEvent: HandleStripeEvent;
  accounts: BillingRepository;
  /** Verifies the signature on the raw body, then the event's shape. */
  verify: (raw: Buffer, signature: string | null) => Promise<WebhookVerification>;
  clock: Clock;
  logger: Logger;
}): RouteSpec[] {
  return [
    {
      // Prices are public information: visitors see what a subscription costs before signing up.
      name: 'billing-plans',
      methods: ['GET'],
      route: 'billing/plans',
      access: access.anonymous,
      handle: async () => ({ body: unwrap(await deps.plans.execute()) }),
    },
    {
      name: 'billing-checkout',
      methods: ['POST'],
      route: 'billing/checkout',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      maxBodyBytes: 1024,
      handle: async (ctx) => {
        const { plan, returnTo } = await readJson(ctx, checkoutRequestSchema);
        const checkout = await deps.checkout.execute({
          user: callerOf(ctx),
          plan,
          ...(returnTo === undefined ? {} : { returnTo }),
        });
        return { body: unwrap(checkout) };
      },
    },
    {
      name: 'billing-subscription',
      methods: ['GET'],
      route: 'billing/subscription',
      access: access.signedIn,
      handle: async (ctx) => ({
        body: subscriptionView((await deps.accounts.get(callerOf(ctx).id))?.value, deps.clock.now()),
      }),
    },
    {
      name: 'billing-portal',
      methods: ['POST'],
      route: 'billing/portal',
      access: access.signedIn,
      handle: async (ctx) => ({ body: unwrap(await deps.portal.execute(callerOf(ctx))) }),
    },
    {
      name: 'billing-invoices',
      methods: ['GET'],
      route: 'billing/invoices',
      access: access.signedIn,
      handle: async (ctx) => ({ body: unwrap(await deps.invoices.execute(callerOf(ctx).id)) }),
    },
    {
      name: 'billing-stripe-webhook',
      methods: ['POST'],
      route: 'billing/stripe-webhook',
      // Anonymous: Stripe authenticates with the signature over the raw body.
      access: access.anonymous,
      maxBodyBytes: stripeWebhookMaxBytes,
      handle: async (ctx) => {
        const raw = await readBytes(ctx);
        const verified = await deps.verify(raw, ctx.request.headers.get('stripe-signature'));
        if (verified.kind === 'rejected') {
          deps.logger.warn('billing.webhook_rejected', { requestId: ctx.requestId });
          throw new HttpProblem('validation_failed', 'invalid Stripe signature');
        }
        if (verified.kind === 'malformed') {
          // Signed by someone holding the secret, but not an event this code can read: never a 500.
          deps.logger.error('billing.webhook_malformed', {
            requestId: ctx.requestId,
            eventType: verified.eventType ?? 'unknown',
            issues: verified.issues,
          });
          throw new HttpProblem('validation_failed', 'malformed Stripe event');
        }
        const { event } = verified;
        const outcome = unwrap(await deps.handleEvent.execute(event));
        deps.logger.info('billing.webhook', { eventId: event.id, type: event.type, outcome });
        return { body: { received: true, outcome } };
      },
    },
  ];
}
