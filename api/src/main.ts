// The one composition root: read config once, build adapters, register every function.
import { app } from '@azure/functions';
import type { AuthConfig } from '@soins/shared';
import { bootstrapResources } from './adapters/bootstrap';
import { createCosmosClient } from './adapters/cosmos/client';
import { CosmosDiplomaRepository } from './adapters/cosmos/diploma-repository';
import { CosmosTrainingRepository } from './adapters/cosmos/training-repository';
import { CosmosAcceptanceRepository, CosmosLegalRepository } from './adapters/cosmos/legal-repositories';
import { CosmosAuditLog } from './adapters/cosmos/audit-log';
import { CosmosIdempotencyStore } from './adapters/cosmos/idempotency-store';
import { PostmarkEmailSender } from './adapters/email/postmark-sender';
import { CosmosInamiStore } from './adapters/cosmos/inami-store';
import { CosmosTrainerSessionRepository } from './adapters/cosmos/trainer-session-repository';
import { CosmosUserRepository } from './adapters/cosmos/user-repository';
import { createInamiCrypto } from './adapters/crypto/field-cipher';
import { JwtVerifier } from './adapters/identity/jwt-verifier';
import { userIdFor } from './adapters/identity/user-id';
import { ServiceBusBus } from './adapters/messaging/service-bus-bus';
import { StorageQueueBus } from './adapters/messaging/storage-queue-bus';
import { createProbes } from './adapters/probes';
import { resources } from './adapters/resources';
import { ClamdScanner } from './adapters/scanner/clamd';
import { BlobCertificateFiles } from './adapters/storage/certificate-files';
import { BlobDiplomaFiles } from './adapters/storage/diploma-files';
import { createLogger } from './adapters/telemetry/logger';
import { loadConfig, type Config } from './config';
import {
  DecideDiploma,
  DiplomaReadLink,
  RequeueStalledScans,
  ScanDiploma,
  UploadDiploma,
  type DiplomaEvents,
} from './domain/diplomas';
import type { TrainingRepository } from './domain/catalogue/ports';
import type { CertificateRequests } from './domain/certificates/request-port';
import { DeliverEmail } from './domain/email/deliver-email';
import { emailIds, enqueueEmail } from './domain/email/enqueue';
import type { UserProfile, UserRepository } from './domain/identity/model';
import { GetInami, RemoveMyInami, RevealInami, SetMyInami } from './domain/inami-use-cases';
import {
  AcceptLegalDocument,
  pendingFor,
  PublishLegalVersion,
  type AcceptanceRepository,
  type LegalRepository,
} from './domain/legal';
import {
  ChangeMyLanguage,
  ChangeRole,
  ResolveCaller,
  SetUserStatus,
  UpdateMyDetails,
} from './domain/identity/use-cases';
import type { Clock, MessageBus } from './domain/ports';
import { makeAdminUserRoutes } from './functions/admin/users';
import { makeAuthenticate } from './functions/auth/authenticate';
import { makeAuthConfigRoute, makeMeRoutes } from './functions/auth/routes';
import { makeBilling } from './functions/billing/compose';
import { makeCertificates } from './functions/certificates/compose';
import { registerDurableFunctions } from './workflows/durable-runtime';
import { makeCatalogue, type Catalogue } from './functions/catalogue/compose';
import { makeDiplomaRoutes } from './functions/diplomas/routes';
import { diplomaScanQueue, makeDiplomaScanConsumer } from './functions/diplomas/scan-consumer';
import { fallbackRoute, wrapRoute, type RouteSpec } from './functions/http-kit';
import { makeClientErrorsRoute } from './functions/ops/client-errors';
import { makeInamiRoutes } from './functions/inami/routes';
import { EMAIL_QUEUE, emailConsumerName, makeEmailConsumer } from './functions/messaging/email-consumer';
import { makeLearning } from './functions/learning/compose';
import { certificateSweepTimer, makeQuiz } from './functions/quiz/compose';
import { makeLegalRoutes } from './functions/legal/routes';
import { makeHealthzRoute, makeReadyzRoute } from './functions/ops/health';
import { makeTrainerSessionRoutes } from './functions/trainer/sessions';

export interface Composition {
  readonly config: Config;
  readonly routes: readonly RouteSpec[];
  readonly bus: MessageBus;
  readonly users: UserRepository;
  readonly legal: LegalRepository;
  readonly acceptances: AcceptanceRepository;
  readonly verifier: JwtVerifier;
  readonly userIdFor: (issuer: string, subject: string) => string;
  /** Training content (seeding, tests). */
  readonly trainings: TrainingRepository;
  /** Catalogue and news cache control (seeding invalidates it). */
  readonly catalogue: Pick<Catalogue, 'invalidate'>;
  /** Asks for the certificate of a passed training (the quiz calls it; tests and the bench too). */
  readonly certificateRequests: CertificateRequests;
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
    requiredScope: 'access_as_user',
    clientId: config.AUTH_CLIENT_ID,
    logger,
    ...(config.AUTH_JWKS_URI ? { jwksUri: config.AUTH_JWKS_URI } : {}),
    ...(config.AUTH_CA_CERT_PATH ? { caCertPath: config.AUTH_CA_CERT_PATH } : {}),
  });
  // One client for the certificate PDFs: the workflow writes them, learners get links, emails attach them.
  const certificateFiles = new BlobCertificateFiles(config.STORAGE_CONNECTION_STRING);
  const deliverEmail = new DeliverEmail({
    store: new CosmosIdempotencyStore(cosmos, config.COSMOS_DATABASE, clock),
    sender: new PostmarkEmailSender({
      apiUrl: config.POSTMARK_API_URL,
      serverToken: config.POSTMARK_SERVER_TOKEN,
      from: config.EMAIL_FROM,
    }),
    clock,
    appUrl: config.APP_PUBLIC_URL,
    // Certificate emails attach their PDF by reference; the consumer reads it from Blob Storage.
    attachments: certificateFiles,
  });
  app.serviceBusQueue(emailConsumerName, {
    queueName: EMAIL_QUEUE,
    connection: 'SERVICEBUS_CONNECTION',
    handler: makeEmailConsumer({ deliver: deliverEmail, logger }),
  });
  const recipientOf = (profile: UserProfile) => ({
    userId: profile.id,
    email: profile.email,
    displayName: profile.displayName,
    language: profile.language,
  });
  const sendWelcome = async (profile: UserProfile): Promise<void> => {
    if (!profile.email) return;
    await enqueueEmail(bus, {
      id: emailIds.welcome(profile.id),
      request: { template: 'welcome', recipient: recipientOf(profile) },
    });
  };
  const authenticate = makeAuthenticate({
    verifier,
    resolveCaller: new ResolveCaller(users, clock, userIdFor, sendWelcome),
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
    ...(config.CLARITY_PROJECT_ID ? { clarityProjectId: config.CLARITY_PROJECT_ID } : {}),
  };

  const legal = new CosmosLegalRepository(cosmos, config.COSMOS_DATABASE);
  const acceptances = new CosmosAcceptanceRepository(cosmos, config.COSMOS_DATABASE);
  const hasPendingLegal = async (userId: string): Promise<boolean> =>
    (await pendingFor(userId, { legal, acceptances })).pending.length > 0;

  const inamiCrypto = createInamiCrypto(config);
  const inamiStore = new CosmosInamiStore(cosmos, config.COSMOS_DATABASE);
  const auditLog = new CosmosAuditLog(cosmos, config.COSMOS_DATABASE);

  const trainings = new CosmosTrainingRepository(cosmos, config.COSMOS_DATABASE);
  const diplomas = new CosmosDiplomaRepository(cosmos, config.COSMOS_DATABASE);
  const diplomaFiles = new BlobDiplomaFiles(config.STORAGE_CONNECTION_STRING);
  const diplomaEvents: DiplomaEvents = {
    scanRequested: (diploma, options) =>
      bus.send(diplomaScanQueue, {
        // A retry needs a fresh message id, or Service Bus duplicate detection would drop it.
        id: options?.retry ? `scan:${diploma.id}:retry:${clock.now().toISOString()}` : `scan:${diploma.id}`,
        body: { userId: diploma.userId, diplomaId: diploma.id },
      }),
    infected: async (diploma, detection) => {
      // The learner sees the status; every admin gets an email (operators may also alert on the log event).
      const admins = await users.activeWithRole('admin');
      logger.warn('diploma.infected_alert', { diplomaId: diploma.id, admins: admins.length });
      for (const admin of admins.filter((profile) => profile.email)) {
        await enqueueEmail(bus, {
          id: emailIds.infectedDiploma(diploma.id, admin.id),
          request: {
            template: 'diploma_infected_alert',
            recipient: recipientOf(admin),
            diplomaId: diploma.id,
            ...detection,
          },
        });
      }
    },
    decided: async (diploma) => {
      logger.info('diploma.decided', { diplomaId: diploma.id, status: diploma.status });
      const owner = (await users.get(diploma.userId))?.value;
      if (!owner?.email) return;
      const recipient = recipientOf(owner);
      await enqueueEmail(
        bus,
        diploma.status === 'approved'
          ? {
              id: emailIds.diplomaDecision(diploma.id, 'approved'),
              request: { template: 'diploma_approved', recipient },
            }
          : {
              id: emailIds.diplomaDecision(diploma.id, 'rejected'),
              request: { template: 'diploma_rejected', recipient, reason: diploma.rejectionReason ?? '—' },
            },
      );
    },
  };
  const requeueStalledScans = new RequeueStalledScans({ diplomas, events: diplomaEvents, clock, logger });
  app.timer('diploma-scan-requeue', {
    schedule: '0 */5 * * * *',
    handler: async () => {
      await requeueStalledScans.execute();
    },
  });
  app.serviceBusQueue('diploma-scan', {
    queueName: diplomaScanQueue,
    connection: 'SERVICEBUS_CONNECTION',
    handler: makeDiplomaScanConsumer({
      scan: new ScanDiploma({ diplomas, files: diplomaFiles, scanner, events: diplomaEvents, clock, logger }),
      logger,
    }),
  });

  const billing = makeBilling({ config, cosmos, bus, users, clock, logger });
  const certificates = makeCertificates({
    config,
    cosmos,
    bus,
    users,
    trainings,
    files: certificateFiles,
    inamiStore,
    getInami: new GetInami(inamiStore, inamiCrypto.cipher),
    clock,
    logger,
  });
  registerDurableFunctions(certificates.durableFunctions);
  app.serviceBusQueue(certificates.requestConsumer.name, certificates.requestConsumer.options);
  const catalogue = makeCatalogue({ config, cosmos, trainings, clock, logger });
  const learning = makeLearning({
    cosmos,
    config,
    trainings,
    hasActiveSubscription: billing.hasActiveSubscription,
    clock,
    logger,
    // The quiz needs learning's completion and learning the quiz's result: resolved at call time.
    quiz: { passed: (userId, trainingId) => quiz.status.passed(userId, trainingId) },
  });
  const quiz = makeQuiz({
    cosmos,
    config,
    trainings,
    completion: learning.completion,
    enrolments: learning.enrolments,
    certificates: certificates.requests,
    clock,
    logger,
  });
  app.timer(certificateSweepTimer.name, {
    schedule: certificateSweepTimer.schedule,
    handler: async () => {
      await quiz.sweepRequests();
    },
  });

  const productRoutes: RouteSpec[] = [
    makeHealthzRoute({ version: config.APP_VERSION, startedAt, clock }),
    makeReadyzRoute({ version: config.APP_VERSION, probes, timeoutMs: config.READINESS_TIMEOUT_MS }),
    makeClientErrorsRoute({ logger }),
    makeAuthConfigRoute(authConfig),
    ...makeMeRoutes({
      changeLanguage: new ChangeMyLanguage(users, clock),
      updateDetails: new UpdateMyDetails(users, clock),
    }),
    ...makeAdminUserRoutes({
      users,
      changeRole: new ChangeRole(users, clock),
      setStatus: new SetUserStatus(users, clock),
    }),
    ...billing.routes,
    ...certificates.routes,
    ...catalogue.routes,
    ...learning.routes,
    ...quiz.routes,
    ...makeInamiRoutes({
      set: new SetMyInami(inamiStore, inamiCrypto.cipher, inamiCrypto.index, clock),
      remove: new RemoveMyInami(inamiStore),
      get: new GetInami(inamiStore, inamiCrypto.cipher),
      reveal: new RevealInami(inamiStore, inamiCrypto.cipher, auditLog, clock),
      logger,
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
    acceptances,
    verifier,
    userIdFor,
    trainings,
    certificateRequests: certificates.requests,
    catalogue,
    bootstrap: async () => {
      const report = await bootstrapResources(
        { ...resources, cosmos: { ...resources.cosmos, database: config.COSMOS_DATABASE } },
        {
          cosmos,
          storageConnectionString: config.STORAGE_CONNECTION_STRING,
          storageQueues: !serviceBus,
        },
      );
      for (const change of report.changes) logger.warn('bootstrap.container_changed', { ...change });
      // Data stored before a listing existed (an older local snapshot) gets its entries.
      const directory = await users.rebuildDirectory();
      const reviewQueue = await diplomas.rebuildReviewQueue();
      if (directory + reviewQueue > 0) logger.info('bootstrap.listings_rebuilt', { directory, reviewQueue });
    },
  };
}

// The Functions worker loads this module once; composing here registers every function.
export const composition = compose(process.env);
