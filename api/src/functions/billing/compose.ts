// Builds the billing feature (Stripe adapters, use cases, routes) for the composition root.
import type { CosmosClient } from '@azure/cosmos';
import type { InvoiceItem, SubscriptionView } from '@soins/shared';
import { CosmosBillingRepository, CosmosStripeEventLog } from '../../adapters/cosmos/billing-store';
import { createStripeClient, makeWebhookVerifier, StripeGateway } from '../../adapters/stripe/stripe-gateway';
import { ConfigError, stripeKeys, type Config } from '../../config';
import {
  HandleStripeEvent,
  ListMyInvoices,
  ListPlans,
  makeHasActiveSubscription,
  OpenCustomerPortal,
  StartCheckout,
  subscriptionView,
  type BillingDeps,
} from '../../domain/billing';
import { enqueueEmail } from '../../domain/email/enqueue';
import type { SubscriptionDirectory, UserRepository } from '../../domain/identity/model';
import type { Clock, Logger, MessageBus } from '../../domain/ports';
import type { RouteSpec } from '../http-kit';
import { makeBillingRoutes } from './routes';

export interface Billing {
  readonly routes: RouteSpec[];
  /** For the learner record: the subscription as the learner sees it. */
  readonly subscriptionOf: (userId: string) => Promise<SubscriptionView>;
  /** For the learner record: the invoices, or undefined when Stripe cannot be reached. */
  readonly invoicesOf: (userId: string) => Promise<InvoiceItem[] | undefined>;
  /** Gate for paid content: active or trialing, or past_due within the grace period. */
  readonly hasActiveSubscription: (userId: string) => Promise<boolean>;
}

export function makeBilling(deps: {
  config: Config;
  cosmos: CosmosClient;
  bus: MessageBus;
  users: UserRepository;
  /** Told of every subscription change (the admin directory's filter). */
  directory: SubscriptionDirectory;
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
  const invoices = new ListMyInvoices(core);
  return {
    hasActiveSubscription: makeHasActiveSubscription({ accounts, clock }),
    subscriptionOf: async (userId) => subscriptionView((await accounts.get(userId))?.value, clock.now()),
    invoicesOf: async (userId) => {
      const listed = await invoices.execute(userId);
      return listed.ok ? listed.value.items : undefined;
    },
    routes: makeBillingRoutes({
      checkout: new StartCheckout(core),
      portal: new OpenCustomerPortal(core),
      invoices,
      plans: new ListPlans({ ...core, logger }),
      handleEvent: new HandleStripeEvent({
        ...core,
        events: new CosmosStripeEventLog(cosmos, config.COSMOS_DATABASE, clock),
        sendEmail: async (message) => {
          await enqueueEmail(bus, message);
        },
        logger,
        directory: deps.directory,
      }),
      accounts,
      verify: makeWebhookVerifier(stripe, settings.STRIPE_WEBHOOK_SECRET, () =>
        Math.floor(clock.now().getTime() / 1000),
      ),
      clock,
      logger,
    }),
  };
}
