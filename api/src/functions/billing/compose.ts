// Builds the billing feature (Stripe adapters, use cases, routes) for the composition root.
import type { CosmosClient } from '@azure/cosmos';
import type { SubscriptionView } from '@soins/shared';
import { CosmosBillingRepository, CosmosStripeEventLog } from '../../adapters/cosmos/billing-store';
import {
  createStripeClient,
  makeWebhookVerifier,
  StripeGateway,
  toBillingEvent,
} from '../../adapters/stripe/stripe-gateway';
import { ConfigError, stripeKeys, type Config } from '../../config';
import {
  CloseBillingForErasure,
  HandleStripeEvent,
  ListMyInvoices,
  ListPlans,
  makeHasActiveSubscription,
  OpenCustomerPortal,
  StartCheckout,
  subscriptionView,
  type BillingDeps,
  type BillingRepository,
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
  /** Gate for paid content: active or trialing, or past_due within the grace period. */
  readonly hasActiveSubscription: (userId: string) => Promise<boolean>;
  /** The subscription journey as the routes run it (the local seed drives it for the demo learner). */
  readonly journey: {
    readonly checkout: StartCheckout;
    readonly accounts: BillingRepository;
    /** Hands Stripe's events since `sinceUnix` to the webhook handler, oldest first, as their delivery would. */
    readonly replayEvents: (sinceUnix: number) => Promise<void>;
  };
  /** The person's invoices from Stripe (the learner record and the data export list them). */
  readonly invoices: ListMyInvoices;
  /** The erasure's billing step (subscription ended, Stripe customer pseudonymised). */
  readonly closeForErasure: CloseBillingForErasure;
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
  const newVerifier = (client: Awaited<ReturnType<typeof stripe>>) =>
    makeWebhookVerifier(client, settings.STRIPE_WEBHOOK_SECRET, () =>
      Math.floor(clock.now().getTime() / 1000),
    );
  let verifier: Promise<ReturnType<typeof newVerifier>> | undefined;
  const accounts = new CosmosBillingRepository(cosmos, config.COSMOS_DATABASE);
  const core: BillingDeps = {
    accounts,
    gateway: new StripeGateway(stripe),
    users,
    clock,
    prices: {
      monthly: settings.STRIPE_PRICE_MONTHLY,
      yearly: settings.STRIPE_PRICE_YEARLY,
      localized: { nl: { monthly: config.STRIPE_PRICE_MONTHLY_NL, yearly: config.STRIPE_PRICE_YEARLY_NL } },
    },
    appUrl: config.APP_PUBLIC_URL,
  };
  const checkout = new StartCheckout(core);
  const invoices = new ListMyInvoices(core);
  const handleEvent = new HandleStripeEvent({
    ...core,
    events: new CosmosStripeEventLog(cosmos, config.COSMOS_DATABASE, clock),
    sendEmail: async (message) => {
      await enqueueEmail(bus, message);
    },
    logger,
    directory: deps.directory,
  });
  return {
    hasActiveSubscription: makeHasActiveSubscription({ accounts, clock }),
    invoices,
    subscriptionOf: async (userId) => subscriptionView((await accounts.get(userId))?.value, clock.now()),
    closeForErasure: new CloseBillingForErasure(core),
    journey: {
      checkout,
      accounts,
      replayEvents: async (sinceUnix) => {
        const client = await stripe();
        const events = [];
        for await (const event of client.events.list({ created: { gte: sinceUnix }, limit: 100 })) {
          events.push(event);
        }
        for (const event of events.reverse()) await handleEvent.execute(toBillingEvent(event));
      },
    },
    routes: makeBillingRoutes({
      checkout,
      portal: new OpenCustomerPortal(core),
      invoices,
      plans: new ListPlans({ ...core, logger }),
      handleEvent,
      accounts,
      // The SDK (and so the verifier) is loaded by the first webhook call (stripe-library.ts).
      verify: async (raw, signature) => (await (verifier ??= stripe().then(newVerifier)))(raw, signature),
      clock,
      logger,
    }),
  };
}
