import type { Container, CosmosClient } from '@azure/cosmos';
import { billingPlanSchema, subscriptionStatusSchema, lazySchema } from '@soins/shared';
import { z } from 'zod';
import type {
  BillingAccount,
  BillingRepository,
  StripeEventLog,
  VersionedAccount,
} from '../../domain/billing';
import { cosmosStatus } from './errors';

const schemaVersion = 1;

const subscriptionSchema = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    status: subscriptionStatusSchema.exclude(['none']),
    plan: billingPlanSchema.optional(),
    priceId: z.string().optional(),
    currentPeriodEnd: z.string().optional(),
    cancelAtPeriodEnd: z.boolean(),
    syncedAt: z.string(),
  }),
);

const accountDocumentSchema = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    userId: z.string().min(1),
    stripeCustomerId: z.string().min(1),
    subscription: subscriptionSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    schemaVersion: z.literal(schemaVersion),
    _etag: z.string(),
  }),
);

export function toVersioned(doc: unknown): VersionedAccount {
  const parsed = accountDocumentSchema.parse(doc);
  const sub = parsed.subscription;
  return {
    etag: parsed._etag,
    value: {
      userId: parsed.userId,
      stripeCustomerId: parsed.stripeCustomerId,
      ...(sub
        ? {
            subscription: {
              id: sub.id,
              status: sub.status,
              plan: sub.plan,
              priceId: sub.priceId,
              currentPeriodEnd: sub.currentPeriodEnd,
              cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
              syncedAt: sub.syncedAt,
            },
          }
        : {}),
      createdAt: parsed.createdAt,
      updatedAt: parsed.updatedAt,
    },
  };
}

function toDocument(account: BillingAccount): Record<string, unknown> {
  const sub = account.subscription;
  return {
    id: account.userId,
    userId: account.userId,
    stripeCustomerId: account.stripeCustomerId,
    ...(sub
      ? {
          subscription: {
            id: sub.id,
            status: sub.status,
            ...(sub.plan ? { plan: sub.plan } : {}),
            ...(sub.priceId ? { priceId: sub.priceId } : {}),
            ...(sub.currentPeriodEnd ? { currentPeriodEnd: sub.currentPeriodEnd } : {}),
            cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
            syncedAt: sub.syncedAt,
          },
        }
      : {}),
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    schemaVersion,
  };
}

/** One billing document per user (`billing`, pk /userId, id = userId): the gate is a point read. */
export class CosmosBillingRepository implements BillingRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('billing');
  }

  async get(userId: string): Promise<VersionedAccount | undefined> {
    const { resource, statusCode } = await this.container
      .item(userId, userId)
      .read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return toVersioned(resource);
  }

  /** Webhooks only (cross-partition, by customer id; one document per customer). */
  async byCustomerId(customerId: string): Promise<VersionedAccount | undefined> {
    const { resources } = await this.container.items
      .query<unknown>({
        query: 'SELECT * FROM c WHERE c.stripeCustomerId = @c',
        parameters: [{ name: '@c', value: customerId }],
      })
      .fetchAll();
    return resources[0] === undefined ? undefined : toVersioned(resources[0]);
  }

  async create(account: BillingAccount): Promise<boolean> {
    try {
      await this.container.items.create(toDocument(account));
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 409) return false;
      throw error;
    }
  }

  async replace(account: BillingAccount, etag: string): Promise<boolean> {
    try {
      await this.container
        .item(account.userId, account.userId)
        .replace(toDocument(account), { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 412) return false;
      throw error;
    }
  }
}

const eventDocumentSchema = lazySchema(() =>
  z.object({ id: z.string(), type: z.string(), schemaVersion: z.literal(1) }),
);

/**
 * Processed Stripe event ids (`stripe-events`, pk /id). They expire with the container's time to live
 * (`defaultTtl` in infra/resources.json: 30 days; Stripe retries an event for 3).
 */
export class CosmosStripeEventLog implements StripeEventLog {
  private readonly container: Container;

  constructor(
    client: CosmosClient,
    database: string,
    private readonly clock: { now(): Date },
  ) {
    this.container = client.database(database).container('stripe-events');
  }

  async has(eventId: string): Promise<boolean> {
    const { resource, statusCode } = await this.container
      .item(eventId, eventId)
      .read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return false;
    eventDocumentSchema.parse(resource);
    return true;
  }

  async record(event: { id: string; type: string; created: number }): Promise<void> {
    try {
      await this.container.items.create({
        id: event.id,
        type: event.type,
        created: event.created,
        processedAt: this.clock.now().toISOString(),
        schemaVersion,
      });
    } catch (error) {
      if (cosmosStatus(error) !== 409) throw error;
    }
  }
}
