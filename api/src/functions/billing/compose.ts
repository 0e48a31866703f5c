// Builds the billing feature (Stripe adapters, use cases, routes) for the composition root.
import type { CosmosClient } from '@azure/cosmos';
import { CosmosBillingRepository, CosmosStripeEventLog } from '../../adapters/cosmos/billing-store';
import {
  createStripeClient,
  makeWebhookVerifier,
  StripeGateway,
  toBillingEvent,
} from '../../adapters/stripe/stripe-gateway';
import { ConfigError, stripeKeys, type Config } from '../../config';
import {
  HandleStripeEvent,
  ListMyInvoices,
  ListPlans,
  makeHasActiveSubscription,
  OpenCustomerPortal,
  StartCheckout,
  type BillingDeps,
  type BillingRepository,
} from '../../domain/billing';
import { enqueueEmail } from '../../domain/email/enqueue';
import type { UserRepository } from '../../domain/identity/model';
import type { Clock, Logger, MessageBus } from '../../domain/ports';
import type { RouteSpec } from '../http-kit';
import { makeBillingRoutes } from './routes';

export interface Billing {
  readonly routes: RouteSpec[];
  /** Gate for paid content: active or trialing, or past_due within the grace period. */
  readonly hasActiveSubscription: (userId: string) => Promise<boolean>;
  /** The subscription journey as the routes run it (the local seed drives it for the demo learner). */
  readonly journey: {
    readonly checkout: StartCheckout;
    readonly accounts: BillingRepository;
    /** Hands Stripe's events since `sinceUnix` to the webhook handler, oldest first, as their delivery would. */
    readonly replayEvents: (sinceUnix: number) => Promise<void>;
  };
}

export function makeBilling(deps: {
  config: Config;
  cosmos: CosmosClient;
  bus: MessageBus;
  users: UserRepository;
  clock: Clock;
  logger: Logger;
}): Billing {
  const { config, cosmos, bus, users, clock, logger } = deps;
  const missing = stripeKeys.filter((key) => !config[key]);
  if (missing.length > 0) throw new ConfigError(missing.map((key) => `${key}: required (billing)`));
  const settings = config as Config & Record<(typeof stripeKeys)[number], string>;
  const stripe = createStripeClient({ secretKey: settings.STRIPE_SECRET_KEY, apiUrl: config.STRIPE_API_URL });
  const accounts = new CosmosBillingRepository(cosmos, config.COSMOS_DATABASE);
  const core: BillingDeps = {
    accounts,
    gateway: new StripeGateway(stripe),
    users,
    clock,
    prices: { monthly: settings.STRIPE_PRICE_MONTHLY, yearly: settings.STRIPE_PRICE_YEARLY },
    appUrl: config.APP_PUBLIC_URL,
  };
  const checkout = new StartCheckout(core);
  const handleEvent = new HandleStripeEvent({
    ...core,
    events: new CosmosStripeEventLog(cosmos, config.COSMOS_DATABASE, clock),
    sendEmail: async (message) => {
      await enqueueEmail(bus, message);
    },
    logger,
  });
  return {
    hasActiveSubscription: makeHasActiveSubscription({ accounts, clock }),
    journey: {
      checkout,
      accounts,
      replayEvents: async (sinceUnix) => {
        const events = [];
        for await (const event of stripe.events.list({ created: { gte: sinceUnix }, limit: 100 })) {
          events.push(event);
        }
        for (const event of events.reverse()) await handleEvent.execute(toBillingEvent(event));
      },
    },
    routes: makeBillingRoutes({
      checkout,
      portal: new OpenCustomerPortal(core),
      invoices: new ListMyInvoices(core),
      plans: new ListPlans({ ...core, logger }),
      handleEvent,
      accounts,
      verify: makeWebhookVerifier(stripe, settings.STRIPE_WEBHOOK_SECRET, () =>
        Math.floor(clock.now().getTime() / 1000),
      ),
      clock,
      logger,
    }),
  };
}
