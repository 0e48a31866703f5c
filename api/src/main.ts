// The one composition root: read config once, build adapters, register every function.
import { app } from '@azure/functions';
import type { AuthConfig } from '@soins/shared';
import { bootstrapResources } from './adapters/bootstrap';
import { createCosmosClient } from './adapters/cosmos/client';
import { CosmosDiplomaRepository } from './adapters/cosmos/diploma-repository';
import { CosmosAcceptanceRepository, CosmosLegalRepository } from './adapters/cosmos/legal-repositories';
import { CosmosTrainerSessionRepository } from './adapters/cosmos/trainer-session-repository';
import { CosmosUserRepository } from './adapters/cosmos/user-repository';
import { JwtVerifier } from './adapters/identity/jwt-verifier';
import { userIdFor } from './adapters/identity/user-id';
import { ServiceBusBus } from './adapters/messaging/service-bus-bus';
import { StorageQueueBus } from './adapters/messaging/storage-queue-bus';
import { createProbes } from './adapters/probes';
import { resources } from './adapters/resources';
import { ClamdScanner } from './adapters/scanner/clamd';
import { BlobDiplomaFiles } from './adapters/storage/diploma-files';
import { createLogger } from './adapters/telemetry/logger';
import { loadConfig, type Config } from './config';
import {
  DecideDiploma,
  DiplomaReadLink,
  ScanDiploma,
  UploadDiploma,
  type DiplomaEvents,
} from './domain/diplomas';
import type { UserRepository } from './domain/identity/model';
import { AcceptLegalDocument, pendingFor, PublishLegalVersion, type LegalRepository } from './domain/legal';
import { ChangeMyLanguage, ChangeRole, ResolveCaller, SetUserStatus } from './domain/identity/use-cases';
import type { Clock, MessageBus } from './domain/ports';
import { makeAdminUserRoutes } from './functions/admin/users';
import { makeAuthenticate } from './functions/auth/authenticate';
import { makeAuthConfigRoute, makeMeRoutes } from './functions/auth/routes';
import { makeDiplomaRoutes } from './functions/diplomas/routes';
import { diplomaScanQueue, makeDiplomaScanConsumer } from './functions/diplomas/scan-consumer';
import { fallbackRoute, wrapRoute, type RouteSpec } from './functions/http-kit';
import { makeClientErrorsRoute } from './functions/ops/client-errors';
import { makeLegalRoutes } from './functions/legal/routes';
import { makeHealthzRoute, makeReadyzRoute } from './functions/ops/health';
import { makeTrainerSessionRoutes } from './functions/trainer/sessions';

export interface Composition {
  readonly config: Config;
  readonly routes: readonly RouteSpec[];
  readonly bus: MessageBus;
  readonly users: UserRepository;
  readonly legal: LegalRepository;
  readonly verifier: JwtVerifier;
  readonly userIdFor: (issuer: string, subject: string) => string;
  /** Creates the manifest's resources in the emulators (local and test only). */
  bootstrap(): Promise<void>;
}

export function compose(env: Readonly<Record<string, string | undefined>>): Composition {
  const config = loadConfig(env);
  const clock: Clock = { now: () => new Date() };
  const startedAt = clock.now();
  const logger = createLogger({
    level: config.LOG_LEVEL,
    base: { service: 'soins-api', version: config.APP_VERSION },
  });

  const cosmos = createCosmosClient(config);
  const scanner = new ClamdScanner(config.CLAMD_HOST, config.CLAMD_PORT);
  const serviceBus =
    config.MESSAGING_MODE === 'service-bus' && config.SERVICEBUS_CONNECTION
      ? new ServiceBusBus(config.SERVICEBUS_CONNECTION)
      : undefined;
  const bus: MessageBus = serviceBus ?? new StorageQueueBus(config.STORAGE_CONNECTION_STRING);
  const firstQueue = resources.queues[0]?.name ?? 'email';
  const probes = createProbes({
    cosmos,
    database: config.COSMOS_DATABASE,
    storageConnectionString: config.STORAGE_CONNECTION_STRING,
    queues: serviceBus ? { kind: 'service-bus', bus: serviceBus, queue: firstQueue } : { kind: 'storage' },
    scanner,
  });

  const users = new CosmosUserRepository(cosmos, config.COSMOS_DATABASE);
  const verifier = new JwtVerifier({
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    clockToleranceSeconds: config.AUTH_CLOCK_SKEW_SECONDS,
    logger,
    ...(config.AUTH_JWKS_URI ? { jwksUri: config.AUTH_JWKS_URI } : {}),
    ...(config.AUTH_CA_CERT_PATH ? { caCertPath: config.AUTH_CA_CERT_PATH } : {}),
  });
  const authenticate = makeAuthenticate({
    verifier,
    resolveCaller: new ResolveCaller(users, clock, userIdFor),
  });
  const authConfig: AuthConfig = {
    authority: config.AUTH_AUTHORITY,
    clientId: config.AUTH_CLIENT_ID,
    scopes: config.AUTH_SCOPES,
    knownAuthorities: config.AUTH_KNOWN_AUTHORITIES,
    protocolMode: config.AUTH_PROTOCOL_MODE,
    redirectPath: '/auth/callback',
    postLogoutPath: '/',
    environment: config.SOINS_ENV,
    ...(config.SENTRY_DSN ? { sentryDsn: config.SENTRY_DSN } : {}),
  };

  const legal = new CosmosLegalRepository(cosmos, config.COSMOS_DATABASE);
  const acceptances = new CosmosAcceptanceRepository(cosmos, config.COSMOS_DATABASE);
  const hasPendingLegal = async (userId: string): Promise<boolean> =>
    (await pendingFor(userId, { legal, acceptances })).pending.length > 0;

  const diplomas = new CosmosDiplomaRepository(cosmos, config.COSMOS_DATABASE);
  const diplomaFiles = new BlobDiplomaFiles(config.STORAGE_CONNECTION_STRING);
  const diplomaEvents: DiplomaEvents = {
    scanRequested: (diploma) =>
      bus.send(diplomaScanQueue, {
        id: `scan:${diploma.id}`,
        body: { userId: diploma.userId, diplomaId: diploma.id },
      }),
    infected: (diploma) => {
      // Operators alert on this event (Application Insights); the learner sees the status.
      logger.warn('diploma.infected_alert', { diplomaId: diploma.id });
      return Promise.resolve();
    },
    decided: (diploma) => {
      logger.info('diploma.decided', { diplomaId: diploma.id, status: diploma.status });
      return Promise.resolve();
    },
  };
  app.serviceBusQueue('diploma-scan', {
    queueName: diplomaScanQueue,
    connection: 'SERVICEBUS_CONNECTION',
    handler: makeDiplomaScanConsumer({
      scan: new ScanDiploma({ diplomas, files: diplomaFiles, scanner, events: diplomaEvents, clock, logger }),
      logger,
    }),
  });

  const productRoutes: RouteSpec[] = [
    makeHealthzRoute({ version: config.APP_VERSION, startedAt, clock }),
    makeReadyzRoute({ version: config.APP_VERSION, probes, timeoutMs: config.READINESS_TIMEOUT_MS }),
    makeClientErrorsRoute({ logger }),
    makeAuthConfigRoute(authConfig),
    ...makeMeRoutes({ changeLanguage: new ChangeMyLanguage(users, clock) }),
    ...makeAdminUserRoutes({
      users,
      changeRole: new ChangeRole(users, clock),
      setStatus: new SetUserStatus(users, clock),
    }),
    ...makeLegalRoutes({
      legal,
      acceptances,
      accept: new AcceptLegalDocument({ legal, acceptances, clock }),
      publish: new PublishLegalVersion({ legal, clock }),
    }),
    ...makeDiplomaRoutes({
      upload: new UploadDiploma({
        diplomas,
        files: diplomaFiles,
        events: diplomaEvents,
        clock,
        newId: () => crypto.randomUUID(),
      }),
      decide: new DecideDiploma({ diplomas, events: diplomaEvents, clock }),
      readLink: new DiplomaReadLink({ diplomas, files: diplomaFiles }),
      diplomas,
    }),
    ...makeTrainerSessionRoutes({
      sessions: new CosmosTrainerSessionRepository(cosmos, config.COSMOS_DATABASE),
    }),
  ];
  const routes = [...productRoutes, fallbackRoute(productRoutes)];
  for (const route of routes) {
    app.http(route.name, {
      methods: [...route.methods],
      route: route.route,
      authLevel: 'anonymous',
      handler: wrapRoute(route, {
        logger,
        maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
        authenticate,
        hasPendingLegal,
      }),
    });
  }

  return {
    config,
    routes,
    bus,
    users,
    legal,
    verifier,
    userIdFor,
    bootstrap: async () => {
      await bootstrapResources(
        { ...resources, cosmos: { ...resources.cosmos, database: config.COSMOS_DATABASE } },
        {
          cosmos,
          storageConnectionString: config.STORAGE_CONNECTION_STRING,
          storageQueues: !serviceBus,
        },
      );
    },
  };
}

// The Functions worker loads this module once; composing here registers every function.
export const composition = compose(process.env);
