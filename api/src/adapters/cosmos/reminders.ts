// Reminders on Cosmos DB.
//
// `reminders` (partition /userId, container time to live on without a default): the person's
// preferences (`preferences`, kept while the account exists) and one record per reminder sent (id = the
// reminder key, with its own `ttl`: SENT_RECORD_DAYS). Every read is a point read in the person's
// partition; the erasure deletes the partition.
//
// The sources are sweeps the gateway allows (DESIGN.md §3): cross-partition queries with a filter and a
// projection, no ORDER BY, TOP or aggregate, drained by one iterator. They run once a day.
import type { Container, CosmosClient } from '@azure/cosmos';
import {
  defaultReminderPreferences,
  reminderPreferencesSchema,
  type ReminderPreferences,
} from '@soins/shared';
import { z } from 'zod';
import { SENT_RECORD_DAYS, type BillingFacts } from '../../domain/reminders/rules';
import type { ReminderStore, SentReminder } from '../../domain/reminders/use-cases';
import { toVersioned } from './billing-store';
import { drain } from './paging';

const PREFERENCES_ID = 'preferences';
const schemaVersion = 1;

export class CosmosReminderStore implements ReminderStore {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('reminders');
  }

  async preferences(userId: string): Promise<ReminderPreferences> {
    const { resource } = await this.container.item(PREFERENCES_ID, userId).read<{ preferences?: unknown }>();
    // Kinds added later are on until the person turns them off.
    const stored = reminderPreferencesSchema.partial().safeParse(resource?.preferences ?? {});
    return { ...defaultReminderPreferences, ...(stored.success ? stored.data : {}) };
  }

  async savePreferences(userId: string, preferences: ReminderPreferences, at: string): Promise<void> {
    await this.container.items.upsert({
      id: PREFERENCES_ID,
      userId,
      kind: 'preferences',
      preferences,
      updatedAt: at,
      schemaVersion,
    });
  }

  async wasSent(userId: string, key: string): Promise<boolean> {
    const { resource } = await this.container.item(key, userId).read<Record<string, unknown>>();
    return resource !== undefined;
  }

  async markSent(record: SentReminder): Promise<void> {
    await this.container.items.upsert({
      id: record.key,
      userId: record.userId,
      kind: 'sent',
      reminder: record.kind,
      period: record.period,
      sentAt: record.sentAt,
      ttl: SENT_RECORD_DAYS * 86_400,
      schemaVersion,
    });
  }
}

const activitySchema = z.object({
  kind: z.string(),
  userId: z.string(),
  trainingId: z.string(),
  enrolledAt: z.string().optional(),
  completedAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

/** The reminder sources that read Cosmos directly (the others come from their modules' use cases). */
export class CosmosReminderSweeps {
  private readonly learning: Container;
  private readonly billing: Container;
  private readonly users: Container;

  constructor(client: CosmosClient, database: string) {
    const db = client.database(database);
    this.learning = db.container('learning');
    this.billing = db.container('billing');
    this.users = db.container('users');
  }

  async learningActivity(): Promise<z.infer<typeof activitySchema>[]> {
    const rows = await drain<unknown>(this.learning, {
      query:
        "SELECT c.kind, c.userId, c.trainingId, c.enrolledAt, c.completedAt, c.updatedAt FROM c WHERE c.kind = 'enrolment' OR c.kind = 'progress'",
    });
    return rows.flatMap((row) => {
      const parsed = activitySchema.safeParse(row);
      return parsed.success ? [parsed.data] : [];
    });
  }

  async billingToRemind(): Promise<BillingFacts[]> {
    const rows = await drain<unknown>(this.billing, {
      query:
        "SELECT * FROM c WHERE IS_DEFINED(c.subscription) AND (c.subscription.status = 'past_due' OR c.subscription.cancelAtPeriodEnd = true)",
    });
    return rows.map((row) => {
      const { value } = toVersioned(row);
      return { userId: value.userId, subscription: value.subscription };
    });
  }

  async professionals(): Promise<string[]> {
    const rows = await drain<{ id: string }>(this.users, {
      query:
        "SELECT c.id FROM c WHERE c.status = 'active' AND (c.profession = 'nurse' OR c.profession = 'midwife')",
    });
    return rows.map((row) => row.id);
  }
}
