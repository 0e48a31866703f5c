// Builds privacy (register, data export, retention jobs) for the composition root.
//
// The export is a queue consumer (`privacy-exports`, through main.ts's `consume`), not a Durable
// orchestration: it is one idempotent step (read everything, write one archive, mark it ready, e-mail)
// that is simply run again from the start when it fails, which the retrying consumer already does with
// backoff and dead-lettering. An orchestration would add replay history and a second retry mechanism
// for no step that needs to wait or survive a restart halfway (the erasure, with its grace period and
// cancellation event, is the one that does).
import type {
  FunctionInput,
  HttpRequest,
  InvocationContext,
  ServiceBusQueueFunctionOptions,
} from '@azure/functions';
import type { CosmosClient } from '@azure/cosmos';
import type { InvoiceItem, ProcessingRegister } from '@soins/shared';
import { z } from 'zod';
import { CosmosErasureStore, CosmosExportStore } from '../../adapters/cosmos/privacy-requests';
import { StoragePersonalDataEraser } from '../../adapters/privacy/personal-data-eraser';
import { StoragePersonalDataReader } from '../../adapters/privacy/personal-data-reader';
import { resources } from '../../adapters/resources';
import type { AuditLog, AuditReader } from '../../domain/audit';
import {
  CancelErasure,
  ErasureSteps,
  ERASURE_AUDIT_ACTION,
  ERASURE_CANCEL_EVENT,
  erasureInstanceId,
  RequestErasure,
  type ErasureInput,
  type IdentityAccounts,
} from '../../domain/privacy/erasure';
import {
  lazyDurableClientInput,
  lazyWorkflowClientFor,
  type DurableFunctionSet,
} from '../../workflows/durable-runtime';
import { defaultErasureRetry, erasureFunctions, PRIVACY_ERASURE } from '../../workflows/erasure';
import { parseFaultPlan, withFaults } from '../certificates/fault-injection';
import type { BlobStorage } from '../../adapters/storage/connection';
import { BlobExportFiles } from '../../adapters/storage/export-files';
import { BlobQuarantineFiles } from '../../adapters/storage/quarantine-files';
import type { Config } from '../../config';
import { emailIds, enqueueEmail } from '../../domain/email/enqueue';
import type { UserRepository } from '../../domain/identity/model';
import type { Clock, DeadLetters, Logger, MessageBus } from '../../domain/ports';
import {
  BuildExport,
  EXPORT_QUEUE,
  ExportDownloadLink,
  ListMyExports,
  RequestExport,
  type ExportMessage,
  type ExportSources,
} from '../../domain/privacy/export';
import { inventoryView } from '../../domain/privacy/inventory';
import { controller, processingActivities, registerUpdatedAt } from '../../domain/privacy/register';
import {
  PurgeErasureWorkflowHistories,
  PurgeExpiredExports,
  PurgeOldDeadLetters,
  PurgeQuarantineLeftovers,
  type DiplomaLookup,
} from '../../domain/privacy/retention';
import type { Result } from '../../domain/result';
import type { RouteSpec } from '../http-kit';
import { makePrivacyRoutes } from './routes';

/** A retention job: timer name (also its inventory name) and NCRONTAB schedule (seconds first, UTC). */
export interface RetentionTimer {
  readonly name: string;
  readonly schedule: string;
  /** Bindings the job reads through its invocation (the Durable client). */
  readonly extraInputs?: readonly FunctionInput[];
  readonly run: (invocation: InvocationContext) => Promise<unknown>;
}

export interface Privacy {
  readonly routes: RouteSpec[];
  /** The `privacy-exports` consumer, for main.ts's `consume`. */
  readonly exportConsumer: { readonly name: string; readonly options: ServiceBusQueueFunctionOptions };
  readonly retentionTimers: readonly RetentionTimer[];
  /** The erasure orchestration and its activities, for registerDurableFunctions. */
  readonly erasureFunctions: DurableFunctionSet;
}

const exportMessageSchema = z.object({ exportId: z.uuid(), userId: z.string().min(1).max(128) });

export function makePrivacy(deps: {
  config: Config;
  cosmos: CosmosClient;
  blobStorage: BlobStorage;
  bus: MessageBus;
  users: UserRepository;
  deadLetters: DeadLetters;
  queues: readonly string[];
  diplomas: DiplomaLookup;
  /** The owner's INAMI number in clear, formatted (GetInami as the owner). */
  inami: (userId: string) => Promise<string | undefined>;
  /** The person's invoices from Stripe (ListMyInvoices). */
  invoices: (userId: string) => Promise<Result<{ items: InvoiceItem[] }, { code: string; message: string }>>;
  /** The erasure's billing step (billing's CloseBillingForErasure). */
  closeBilling: (userId: string, pseudonym: string) => Promise<void>;
  /** The erasure's session step frees the person's seat first (sessions' `releaseForErasure`). */
  releaseSessionSeat: (sessionId: string, userId: string) => Promise<void>;
  identityAccounts: IdentityAccounts;
  /** Records the erasure's end, and is read back by the job that purges its workflow history. */
  audit: AuditLog & AuditReader;
  /** The request's token: `auth_time` and Entra's `oid`. */
  tokenOf: (request: HttpRequest) => Promise<{ authTime?: number; objectId?: string }>;
  clock: Clock;
  logger: Logger;
}): Privacy {
  const { config, cosmos, blobStorage, bus, users, clock, logger } = deps;
  const store = new CosmosExportStore(cosmos, config.COSMOS_DATABASE);
  const files = new BlobExportFiles(blobStorage);
  const sources: ExportSources = {
    inami: deps.inami,
    invoices: async (userId) => {
      const result = await deps.invoices(userId);
      return result.ok ? { ok: true, value: result.value.items } : result;
    },
  };
  const build = new BuildExport({
    store,
    reader: new StoragePersonalDataReader({
      cosmos,
      database: config.COSMOS_DATABASE,
      blobs: blobStorage,
    }),
    files,
    sources,
    events: {
      ready: async (record) => {
        const person = (await users.get(record.userId))?.value;
        if (!person?.email || !record.expiresAt) return;
        await enqueueEmail(bus, {
          id: emailIds.dataExportReady(record.exportId),
          request: {
            template: 'data_export_ready',
            recipient: {
              userId: person.id,
              email: person.email,
              displayName: person.displayName,
              language: person.language,
            },
            exportId: record.exportId,
            expiresAt: record.expiresAt,
          },
        });
      },
    },
    clock,
    logger,
  });

  const erasures = new CosmosErasureStore(cosmos, config.COSMOS_DATABASE);
  const recipientOf = (input: ErasureInput, userId: string) =>
    input.recipient ? { userId, ...input.recipient } : undefined;
  const faults =
    config.SOINS_ENV === 'azure' ? new Map<string, number>() : parseFaultPlan(config.FAULT_INJECTION);
  const steps = new ErasureSteps({
    store: erasures,
    eraser: new StoragePersonalDataEraser({
      cosmos,
      database: config.COSMOS_DATABASE,
      blobs: blobStorage,
      manifest: resources,
      clock,
      releaseSessionSeat: deps.releaseSessionSeat,
    }),
    billing: { close: deps.closeBilling },
    identity: deps.identityAccounts,
    notifier: {
      scheduled: async (input) => {
        const recipient = recipientOf(input, input.userId);
        if (!recipient) return;
        await enqueueEmail(bus, {
          id: emailIds.erasureScheduled(input.erasureId),
          request: { template: 'erasure_scheduled', recipient, scheduledFor: input.scheduledFor },
        });
      },
      // To the address captured at request time; the message names the pseudonym, not the person's id.
      completed: async (input) => {
        const recipient = recipientOf(input, input.pseudonym);
        if (!recipient) return;
        await enqueueEmail(bus, {
          id: emailIds.erasureCompleted(input.erasureId),
          request: { template: 'erasure_completed', recipient },
        });
      },
    },
    audit: {
      erased: (input, at) =>
        deps.audit.record({
          id: `erasure:${input.erasureId}`,
          actor: 'system:privacy-erasure',
          action: ERASURE_AUDIT_ACTION,
          target: { type: 'user', id: input.pseudonym },
          at,
          after: { requestedAt: input.requestedAt, scheduledFor: input.scheduledFor },
        }),
    },
    clock,
    logger,
  });
  // Local and tests: FAULT_INJECTION=`<activity>:n` / `<activity>-after:n` fails an activity's first
  // calls (per erasure, and per store for the store step), before or after its effect.
  const faultKey = (input: unknown): string => {
    const data = input as Partial<ErasureInput> & { input?: ErasureInput; store?: string };
    return data.input ? `${data.input.erasureId}/${data.store ?? ''}` : (data.erasureId ?? '');
  };
  const durable = erasureFunctions({
    steps,
    logger,
    retry: { ...defaultErasureRetry, firstIntervalMs: config.ERASURE_RETRY_FIRST_INTERVAL_MS },
  });

  const register = (): ProcessingRegister => ({
    controller,
    updatedAt: registerUpdatedAt,
    activities: processingActivities.map((activity) => ({ ...activity })),
  });

  return {
    routes: makePrivacyRoutes({
      register,
      registerWithStores: () => ({ ...register(), stores: inventoryView() }),
      requestExport: new RequestExport({
        store,
        send: (message: ExportMessage) =>
          bus.send(EXPORT_QUEUE, { id: `export:${message.exportId}`, body: message }),
        clock,
        newId: () => crypto.randomUUID(),
        logger,
      }),
      listExports: new ListMyExports({ store, clock }),
      downloadLink: new ExportDownloadLink({ store, files, clock }),
      erasure: {
        request: new RequestErasure({
          store: erasures,
          clock,
          newId: () => crypto.randomUUID(),
          graceHours: config.ERASURE_GRACE_PERIOD_HOURS,
          logger,
        }),
        cancel: new CancelErasure({ store: erasures, clock }),
        store: erasures,
        durableClientInput: lazyDurableClientInput,
        workflowFor: (invocation) => {
          const client = lazyWorkflowClientFor(invocation);
          return {
            start: async (input) => {
              await client.start(PRIVACY_ERASURE, { instanceId: erasureInstanceId(input.erasureId), input });
            },
            cancel: (erasureId) => client.raiseEvent(erasureInstanceId(erasureId), ERASURE_CANCEL_EVENT, {}),
          };
        },
        tokenOf: deps.tokenOf,
      },
    }),
    erasureFunctions: {
      ...durable,
      activities: durable.activities.map((activity) => ({
        ...activity,
        handler: withFaults(
          faults,
          activity.name,
          faultKey,
          activity.handler as (input: unknown) => Promise<unknown>,
        ),
      })),
    },
    exportConsumer: {
      name: 'privacy-exports-build',
      options: {
        queueName: EXPORT_QUEUE,
        connection: 'SERVICEBUS_CONNECTION',
        handler: async (message: unknown) => {
          const parsed = exportMessageSchema.safeParse(message);
          if (!parsed.success) {
            // It can never succeed: dropped (producers build it from a schema-checked record).
            logger.error('privacy.export_invalid_message', {});
            return;
          }
          await build.execute(parsed.data);
        },
      },
    },
    retentionTimers: [
      {
        name: PurgeExpiredExports.job,
        schedule: '0 15 * * * *',
        run: () => new PurgeExpiredExports({ store, files, clock, logger }).execute(),
      },
      {
        name: PurgeQuarantineLeftovers.job,
        schedule: '0 45 * * * *',
        run: () =>
          new PurgeQuarantineLeftovers({
            files: new BlobQuarantineFiles(blobStorage),
            diplomas: deps.diplomas,
            clock,
            logger,
          }).execute(),
      },
      {
        name: PurgeOldDeadLetters.job,
        schedule: '0 30 3 * * *',
        run: () =>
          new PurgeOldDeadLetters({
            deadLetters: deps.deadLetters,
            queues: deps.queues,
            clock,
            logger,
          }).execute(),
      },
      {
        name: PurgeErasureWorkflowHistories.job,
        schedule: '0 50 3 * * *',
        extraInputs: [lazyDurableClientInput],
        run: (invocation) =>
          new PurgeErasureWorkflowHistories({
            audit: deps.audit,
            workflows: lazyWorkflowClientFor(invocation),
            clock,
            logger,
          }).execute(),
      },
    ],
  };
}
