// Builds the reminders for the composition root: the daily timer (fan-out onto the `reminders` queue),
// its consumer (through main.ts's `consume`), the preference routes and the one-click unsubscribe.
import type { ServiceBusQueueFunctionOptions } from '@azure/functions';
import type { CosmosClient } from '@azure/cosmos';
import {
  myReminderPreferencesSchema,
  reminderDetailsSchema,
  reminderKindSchema,
  type MyReminderPreferences,
  type UnsubscribeView,
} from '@soins/shared';
import { z } from 'zod';
import { CosmosReminderStore, CosmosReminderSweeps } from '../../adapters/cosmos/reminders';
import type { LinkSigner, ReminderMessage, ReminderSources } from '../../domain/reminders/use-cases';
import {
  REMINDERS_QUEUE,
  ReminderPreferencesOf,
  ScanReminders,
  SendReminder,
  Unsubscribe,
  UnsubscribeTokens,
  type SessionReminderHook,
} from '../../domain/reminders/use-cases';
import { enqueueEmail } from '../../domain/email/enqueue';
import type { UserRepository } from '../../domain/identity/model';
import type { Clock, Logger, MessageBus } from '../../domain/ports';
import { access, callerOf, queryOf, readJson, unwrap, type RouteSpec } from '../http-kit';

/** Daily at 06:30 UTC (07:30 or 08:30 in Brussels): NCRONTAB, seconds first. */
export const REMINDERS_SCHEDULE = '0 30 6 * * *';

const reminderMessageSchema = z.object({
  key: z.string().min(1).max(128),
  reminder: z.object({
    userId: z.string().min(1).max(128),
    kind: reminderKindSchema,
    period: z.string().min(1).max(300),
    details: reminderDetailsSchema,
  }),
});

export interface Reminders {
  readonly routes: RouteSpec[];
  readonly timer: { readonly name: string; readonly schedule: string; readonly run: () => Promise<unknown> };
  readonly consumer: { readonly name: string; readonly options: ServiceBusQueueFunctionOptions };
}

export function makeReminders(deps: {
  cosmos: CosmosClient;
  database: string;
  bus: MessageBus;
  users: UserRepository;
  signer: LinkSigner;
  /** The sources other modules own (trainings, subscriptions, sessions, the hours ledger). */
  sources: Pick<ReminderSources, 'training' | 'hasActiveSubscription' | 'sessionsFrom' | 'hoursOf'>;
  sessionReminder: SessionReminderHook;
  clock: Clock;
  logger: Logger;
}): Reminders {
  const { bus, clock, logger } = deps;
  const store = new CosmosReminderStore(deps.cosmos, deps.database);
  const sweeps = new CosmosReminderSweeps(deps.cosmos, deps.database);
  const tokens = new UnsubscribeTokens(deps.signer);
  const scan = new ScanReminders({
    sources: {
      learningActivity: () => sweeps.learningActivity(),
      billingToRemind: () => sweeps.billingToRemind(),
      professionals: () => sweeps.professionals(),
      ...deps.sources,
    },
    bus,
    clock,
    logger,
  });
  const send = new SendReminder({
    store,
    users: deps.users,
    tokens,
    sendEmail: async (message) => {
      await enqueueEmail(bus, message);
    },
    sessionReminder: deps.sessionReminder,
    clock,
    logger,
  });
  const preferences = new ReminderPreferencesOf({ store, clock });
  const unsubscribe = new Unsubscribe({ store, tokens, clock });
  const tokenOf = (ctx: Parameters<RouteSpec['handle']>[0]): string => queryOf(ctx, ['token']).token ?? '';

  return {
    timer: { name: ScanReminders.timer, schedule: REMINDERS_SCHEDULE, run: () => scan.execute() },
    consumer: {
      name: 'reminders-send',
      options: {
        queueName: REMINDERS_QUEUE,
        connection: 'SERVICEBUS_CONNECTION',
        handler: async (message: unknown) => {
          const parsed = reminderMessageSchema.safeParse(message);
          if (!parsed.success) {
            // It can never succeed: dropped (the timer builds it from the rules' output).
            logger.error('reminders.invalid_message', {});
            return;
          }
          const outcome = await send.execute(parsed.data satisfies ReminderMessage);
          logger.info('reminders.delivered', { outcome, kind: parsed.data.reminder.kind });
        },
      },
    },
    routes: [
      {
        name: 'me-reminders-get',
        methods: ['GET'],
        route: 'me/reminders',
        access: access.signedIn,
        handle: async (ctx) => {
          const body: MyReminderPreferences = { preferences: await preferences.get(callerOf(ctx).id) };
          return { body };
        },
      },
      {
        name: 'me-reminders-put',
        methods: ['PUT'],
        route: 'me/reminders',
        access: access.signedIn,
        handle: async (ctx) => {
          const input = await readJson(ctx, myReminderPreferencesSchema);
          const body: MyReminderPreferences = {
            preferences: await preferences.save(callerOf(ctx).id, input.preferences),
          };
          return { body };
        },
      },
      {
        // GET shows what the link is for and changes nothing (mail scanners prefetch links); the SPA's
        // confirmation page reads it. POST is the RFC 8058 one-click: no cookie, no sign-in, any body.
        name: 'reminders-unsubscribe',
        methods: ['GET', 'POST'],
        route: 'reminders/unsubscribe',
        access: access.anonymous,
        maxBodyBytes: 1024,
        handle: async (ctx) => {
          const token = tokenOf(ctx);
          const body: UnsubscribeView =
            ctx.request.method === 'POST'
              ? unwrap(await unsubscribe.execute(token))
              : unwrap(await unsubscribe.check(token));
          return { body };
        },
      },
    ],
  };
}
