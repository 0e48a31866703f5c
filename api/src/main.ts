// The one composition root: read config once, build adapters, register every function.
import { app, type InvocationContext, type ServiceBusQueueFunctionOptions } from '@azure/functions';
import type { AuthConfig } from '@soins/shared';
import { bootstrapResources } from './adapters/bootstrap';
import { lazyAzureCredential } from './adapters/azure/credential';
import { createCosmosClient } from './adapters/cosmos/client';
import { CosmosDiplomaRepository } from './adapters/cosmos/diploma-repository';
import { CosmosTrainingRepository } from './adapters/cosmos/training-repository';
import { CosmosAcceptanceRepository, CosmosLegalRepository } from './adapters/cosmos/legal-repositories';
import { CosmosAttemptLimits } from './adapters/cosmos/attempt-limits';
import { CosmosAuditLog } from './adapters/cosmos/audit-log';
import { CosmosIdempotencyStore } from './adapters/cosmos/idempotency-store';
import { PostmarkEmailSender } from './adapters/email/postmark-sender';
import { CosmosInamiStore } from './adapters/cosmos/inami-store';
import { CosmosTrainingSessionRepository } from './adapters/cosmos/trainer-session-repository';
import { CosmosCertificateRepository } from './adapters/cosmos/certificate-repository';
import { PdfmakeCertificateRenderer } from './adapters/pdf/pdfmake-renderer';
import { PdfmakeHoursReportRenderer } from './adapters/pdf/hours-report-document';
import { StoredInamiLookup } from './domain/certificates/inami-lookup';
import { HoursReport } from './domain/hours/report';
import { Sessions, type SessionRepository } from './domain/sessions-use-cases';
import { CosmosHoursLedger } from './adapters/cosmos/hours-ledger';
import { CosmosUserRepository } from './adapters/cosmos/user-repository';
import { createInamiCrypto } from './adapters/crypto/field-cipher';
import { GraphIdentityAccounts, LocalIdentityAccounts } from './adapters/identity/accounts';
import { JwtVerifier } from './adapters/identity/jwt-verifier';
import { userIdFor } from './adapters/identity/user-id';
import { LocalDeadLetters, LocalDeadLetterStore } from './adapters/messaging/local-dead-letters';
import { ServiceBusBus } from './adapters/messaging/service-bus-bus';
import { ServiceBusDeadLetters } from './adapters/messaging/service-bus-dead-letters';
import { StorageQueueBus } from './adapters/messaging/storage-queue-bus';
import { createProbes } from './adapters/probes';
import { resources } from './adapters/resources';
import { BlobCertificateFiles } from './adapters/storage/certificate-files';
import {
  createBlobStorage,
  createQueueStorage,
  storageConnectionFrom,
  type QueueStorage,
} from './adapters/storage/connection';
import { CODE_CACHE_STATUS } from './entry/code-cache';
import { browserMediaCorsRule, spaOrigins } from './adapters/storage/cors';
import { BlobDiplomaFiles } from './adapters/storage/diploma-files';
import { pdfActiveContent } from './adapters/scanner/pdf-active-content';
import { BlobVideoFiles } from './adapters/storage/video-files';
import { createErrorReporter } from './adapters/telemetry/error-reporter';
import { inInvocation } from './adapters/telemetry/invocation-scope';
import { createLogger } from './adapters/telemetry/logger';
import { loadConfig, retryPolicyOf, type Config } from './config';
import {
  DecideDiploma,
  DiplomaReadLink,
  DiplomaReviewQueue,
  ScanDiploma,
  UploadDiploma,
  type DiplomaEvents,
  type DiplomaRepository,
} from './domain/diplomas';
import { ExportAuditLog, SearchAuditLog, UserAuditHistory } from './domain/audit';
import { GetLearnerRecord } from './domain/people/record';
import type { TrainingStore } from './domain/catalogue/ports';
import type { CertificateRequests } from './domain/certificates/request-port';
import { DeliverEmail } from './domain/email/deliver-email';
import { emailIds, enqueueEmail } from './domain/email/enqueue';
import { isProfileComplete, type UserProfile, type UserRepository } from './domain/identity/model';
import {
  GetInami,
  RemoveMyInami,
  RevealInami,
  SetMyInami,
  SetMyInamiWithinLimit,
} from './domain/inami-use-cases';
import {
  AcceptLegalDocument,
  LegalGate,
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
import type { Clock, DeadLetters, MessageBus } from './domain/ports';
import { makeAdminUserRoutes } from './functions/admin/users';
import { bearerTokenOf, makeAuthenticate } from './functions/auth/authenticate';
import { makeAuthConfigRoute, makeMeRoutes } from './functions/auth/routes';
import { makeBilling, type Billing } from './functions/billing/compose';
import { makeCertificates } from './functions/certificates/compose';
import { registerDurableFunctions } from './workflows/durable-runtime';
import { makeCatalogue, makeJsonCache, type Catalogue } from './functions/catalogue/compose';
import { ReadThroughCache } from './domain/catalogue/cache';
import { MemoryJsonCache } from './adapters/cache/memory-cache';
import { CachedTrainingStore } from './domain/catalogue/cached-trainings';
import { makeDiplomaRoutes } from './functions/diplomas/routes';
import { makeDiplomaScanning, scannerSetupFrom } from './functions/diplomas/scanning';
import { fallbackRoute, wrapRoute, type RouteSpec } from './functions/http-kit';
import { makeClientErrorsRoute } from './functions/ops/client-errors';
import { TokenBucketLimiter } from './functions/rate-limit';
import { makeInamiRoutes } from './functions/inami/routes';
import { EMAIL_QUEUE, emailConsumerName, makeEmailConsumer } from './functions/messaging/email-consumer';
import { withRetries } from './functions/messaging/retrying-consumer';
import { makeDeadLetterRoutes } from './functions/ops/dead-letters';
import { makeAuditRoutes } from './functions/ops/audit';
import { makePeopleRoutes } from './functions/people/routes';
import { makeLearning, type Learning } from './functions/learning/compose';
import { certificateSweepTimer, makeQuiz, type Quiz } from './functions/quiz/compose';
import { makeLegalRoutes } from './functions/legal/routes';
import { makeHealthzRoute, makeReadyzRoute } from './functions/ops/health';
import { makeSessionRoutes } from './functions/trainer/sessions';
import { makeReporting } from './functions/reporting/compose';
import { makePrivacy } from './functions/privacy/compose';
import { makeReminders } from './functions/reminders/compose';
import { createLinkSigner } from './adapters/crypto/link-signer';
import { GetHoursLedger } from './domain/certificates/use-cases';
import { makeNotifications, type Notifications } from './functions/notifications/compose';
import { diplomaReviewedSubject } from './domain/notifications/notifications';

/**
 * The learner journey's use cases exactly as the routes run them (same adapters), for the local seed, which gives
 * the demo learner a real subscription, diploma, trainings and certificate through them.
 */
export interface LearnerJourney {
  readonly billing: Billing['journey'];
  readonly learning: Learning['journey'];
  readonly quiz: Quiz['journey'];
  readonly diplomas: {
    readonly repository: DiplomaRepository;
    readonly upload: UploadDiploma;
    /** The scan the queue consumer runs (clamd); undefined when Defender scans on its own. */
    readonly scan: ScanDiploma | undefined;
    readonly decide: DecideDiploma;
  };
}

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
  readonly trainings: TrainingStore;
  /** Diplomas (seeding the demo learners' approved diplomas, tests). */
  readonly diplomas: DiplomaRepository;
  /** Catalogue, news and legal cache control (seeding invalidates it). */
  readonly catalogue: Pick<Catalogue, 'invalidate'>;
  /** Asks for the certificate of a passed training (the quiz calls it; tests and the bench too). */
  readonly certificateRequests: CertificateRequests;
  /** In-person sessions (seeding the demo session) and their store (tests). */
  readonly sessions: Sessions;
  readonly sessionsRepository: SessionRepository;
  /** The learner journey's use cases (local seeding of the demo learner). */
  readonly journey: LearnerJourney;
  /**
   * In-app notifications: `notify` (idempotent per person and event) and `sessionReminder`, the hook the
   * "session tomorrow" reminder calls for each registered person.
   */
  readonly notifications: Pick<Notifications, 'notify' | 'sessionReminder'>;
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
  // Whether this cold start used the code cache made at build time (entry/main.ts): a `rejected` in Azure
  // means the build's Node version differs from the Function App's.
  const codeCache = (globalThis as Record<symbol, unknown>)[CODE_CACHE_STATUS];
  if (typeof codeCache === 'string') logger.info('api.cold_start', { codeCache });
  // Every handler runs in its invocation's scope (logs with severity and operation id, messages that
  // carry the trace context) and reports its failures to Sentry when a DSN is set.
  const reportFailure = createErrorReporter({
    dsn: config.SENTRY_DSN,
    release: config.APP_VERSION,
    environment: config.SOINS_ENV,
  });
  const traced = <I, R>(
    handler: (input: I, context: InvocationContext) => R | Promise<R>,
  ): ((input: I, context: InvocationContext) => Promise<R>) => inInvocation(handler, reportFailure);

  // Azure: every data service through the managed identity (no keys); emulators: their well-known keys.
  const credential = lazyAzureCredential(
    config.AZURE_CLIENT_ID ? { managedIdentityClientId: config.AZURE_CLIENT_ID } : {},
  );
  const cosmos = createCosmosClient(config, credential);
  const storage = storageConnectionFrom(config, credential);
  const blobStorage = createBlobStorage(storage);
  const scannerSetup = scannerSetupFrom(config);
  const serviceBusConnection = config.SERVICEBUS_CONNECTION__fullyQualifiedNamespace
    ? { fullyQualifiedNamespace: config.SERVICEBUS_CONNECTION__fullyQualifiedNamespace, credential }
    : config.SERVICEBUS_CONNECTION
      ? { connectionString: config.SERVICEBUS_CONNECTION }
      : undefined;
  const serviceBus =
    config.MESSAGING_MODE === 'service-bus' && serviceBusConnection
      ? new ServiceBusBus(serviceBusConnection)
      : undefined;
  // Locally (no Service Bus) messages go through Azurite storage queues.
  const messaging:
    | { readonly serviceBus: ServiceBusBus; readonly storageQueues?: undefined }
    | { readonly serviceBus?: undefined; readonly storageQueues: QueueStorage } = serviceBus
    ? { serviceBus }
    : { storageQueues: createQueueStorage(storage) };
  const storageQueues = messaging.storageQueues;
  const bus: MessageBus = messaging.serviceBus
    ? messaging.serviceBus
    : new StorageQueueBus(messaging.storageQueues, blobStorage);
  const deadLetters: DeadLetters = serviceBus
    ? new ServiceBusDeadLetters(() => serviceBus.getClient(), bus)
    : new LocalDeadLetters(new LocalDeadLetterStore(blobStorage), bus);
  // Every queue consumer goes through this: a failure reschedules the message with backoff, since
  // Service Bus itself redelivers at once (functions/messaging/retrying-consumer.ts); what still
  // fails once the retries are spent is reported (traced) and dead-lettered by the broker.
  const retryDeps = { bus, clock, logger, policy: retryPolicyOf(config) };
  const consume = (name: string, options: ServiceBusQueueFunctionOptions): void => {
    app.serviceBusQueue(name, {
      ...options,
      handler: traced(withRetries(options.queueName, options.handler, retryDeps)),
    });
  };
  const firstQueue = resources.queues[0]?.name ?? 'email';
  const probes = createProbes({
    cosmos,
    database: config.COSMOS_DATABASE,
    blobs: blobStorage,
    queues: messaging.serviceBus
      ? { kind: 'service-bus', bus: messaging.serviceBus, queue: firstQueue }
      : { kind: 'storage', storage: messaging.storageQueues },
    scanner: scannerSetup.mode === 'clamd' ? scannerSetup.scanner : undefined,
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
  const certificateFiles = new BlobCertificateFiles(blobStorage);
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
  consume(emailConsumerName, {
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
  // Catalogue, news and the legal gate read through one cache (Redis when configured).
  const cache = new ReadThroughCache(makeJsonCache(config, logger), logger);
  const legalGate = new LegalGate({
    legal,
    acceptances,
    cache,
    accepted: new ReadThroughCache(new MemoryJsonCache({ maxEntries: 20_000 }), logger),
  });
  const hasPendingLegal = (user: { id: string; createdAt: string }): Promise<boolean> =>
    legalGate.hasPending(user);

  const inamiCrypto = createInamiCrypto(config);
  const inamiStore = new CosmosInamiStore(cosmos, config.COSMOS_DATABASE);
  const getInami = new GetInami(inamiStore, inamiCrypto.cipher);
  const auditLog = new CosmosAuditLog(cosmos, config.COSMOS_DATABASE);
  const auditHistory = new UserAuditHistory({ reader: auditLog, users });

  // In-app notifications: written once per person and event by the modules below (idempotent).
  const notifications = makeNotifications({ cosmos, database: config.COSMOS_DATABASE, clock, logger });

  // What a certificate rests on (the quiz's settings and bank version, the chapters that complete a course,
  // the hours and title printed) is read from Cosmos each time; the pages and the player read through the cache.
  const evidenceTrainings = new CosmosTrainingRepository(cosmos, config.COSMOS_DATABASE);
  const trainings = new CachedTrainingStore({ store: evidenceTrainings, cache });
  const diplomas = new CosmosDiplomaRepository(cosmos, config.COSMOS_DATABASE);
  const diplomaFiles = new BlobDiplomaFiles(blobStorage);
  const diplomaScanning = makeDiplomaScanning(scannerSetup, {
    bus,
    diplomas,
    files: diplomaFiles,
    clock,
    logger,
  });
  // Certificates are built after the diploma events (they read the diplomas): resolved at call time.
  const releaseWaitingCertificates = async (userId: string): Promise<number> => {
    try {
      return await certificates.releaseWaiting(userId);
    } catch (error) {
      // The decision and the details stay saved; an operator re-drives the waiting requests.
      logger.error('certificate.release_failed', {
        userId,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      return 0;
    }
  };
  const diplomaEvents: DiplomaEvents = {
    scanRequested: diplomaScanning.scanRequested,
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
      // The in-app notification: the decision is saved and cannot be run again, so a failure here is
      // logged rather than thrown (the e-mail below still goes out).
      await notifications.notify
        .execute(diploma.userId, diplomaReviewedSubject(diploma))
        .catch((error: unknown) => {
          logger.error('notification.failed', {
            kind: 'diploma-reviewed',
            diplomaId: diploma.id,
            errorName: error instanceof Error ? error.name : typeof error,
          });
        });
      // Passes recorded while the diploma waited get their certificates now (if the profile is complete).
      const released = diploma.status === 'approved' ? await releaseWaitingCertificates(diploma.userId) : 0;
      const owner = (await users.get(diploma.userId))?.value;
      if (!owner?.email) return;
      const recipient = recipientOf(owner);
      await enqueueEmail(
        bus,
        diploma.status === 'approved'
          ? {
              id: emailIds.diplomaDecision(diploma.id, 'approved'),
              request: {
                template: 'diploma_approved',
                recipient,
                certificates: !isProfileComplete(owner)
                  ? 'profile_incomplete'
                  : released > 0
                    ? 'released'
                    : 'on_next_pass',
              },
            }
          : {
              id: emailIds.diplomaDecision(diploma.id, 'rejected'),
              request: { template: 'diploma_rejected', recipient, reason: diploma.rejectionReason ?? '—' },
            },
      );
    },
  };
  const scanFunctions = diplomaScanning.functions(diplomaEvents);
  app.timer(scanFunctions.timer.name, {
    ...scanFunctions.timer.options,
    handler: traced(scanFunctions.timer.options.handler),
  });
  consume(scanFunctions.consumer.name, scanFunctions.consumer.options);

  const billing = makeBilling({ config, cosmos, bus, users, directory: users, clock, logger });
  const hoursLedger = new CosmosHoursLedger(cosmos, config.COSMOS_DATABASE);
  const inamiLookup = new StoredInamiLookup({ store: inamiStore, getInami });
  const sessionsRepository = new CosmosTrainingSessionRepository(cosmos, config.COSMOS_DATABASE);
  const certificateRepository = new CosmosCertificateRepository(cosmos, config.COSMOS_DATABASE);
  const sessions = new Sessions({
    sessions: sessionsRepository,
    trainings,
    users,
    clock,
    logger,
    audit: auditLog,
    ledger: hoursLedger,
    files: certificateFiles,
    codes: certificateRepository,
    renderer: new PdfmakeCertificateRenderer(),
    inami: inamiLookup,
    sendEmail: async (message) => {
      await enqueueEmail(bus, message);
    },
    notify: notifications.notify,
    randomBytes: (size) => crypto.getRandomValues(new Uint8Array(size)),
    newId: () => `s-${crypto.randomUUID()}`,
    appUrl: config.APP_PUBLIC_URL,
  });
  const hoursReport = new HoursReport({
    ledger: hoursLedger,
    certificates: certificateRepository,
    users,
    inami: inamiLookup,
    renderer: new PdfmakeHoursReportRenderer(),
    clock,
  });
  const certificates = makeCertificates({
    config,
    cosmos,
    bus,
    users,
    trainings: evidenceTrainings,
    titles: trainings,
    diplomas,
    files: certificateFiles,
    inamiStore,
    getInami,
    clock,
    logger,
    audit: auditLog,
    ledger: hoursLedger,
    attestations: sessions,
    notify: notifications.notify,
  });
  registerDurableFunctions(certificates.durableFunctions, traced);
  consume(certificates.requestConsumer.name, {
    ...certificates.requestConsumer.options,
    handler: certificates.requestConsumer.handler,
  });
  const catalogue = makeCatalogue({
    config,
    cosmos,
    cache,
    trainings,
    media: new BlobVideoFiles(blobStorage),
    audit: auditLog,
    clock,
  });
  const learning = makeLearning({
    cosmos,
    config,
    blobStorage,
    trainings,
    evidenceTrainings,
    hasActiveSubscription: billing.hasActiveSubscription,
    clock,
    logger,
    // The quiz needs learning's completion and learning the quiz's result: resolved at call time.
    quiz: { passed: (userId, trainingId) => quiz.status.passed(userId, trainingId) },
    users,
    audit: auditLog,
  });
  const quiz = makeQuiz({
    cosmos,
    config,
    trainings: evidenceTrainings,
    completion: learning.completion,
    enrolments: learning.enrolments,
    certificates: certificates.requests,
    clock,
    logger,
    users,
    audit: auditLog,
  });
  const reporting = makeReporting({
    cosmos,
    database: config.COSMOS_DATABASE,
    bus,
    blobStorage,
    users,
    trainings,
    // The accreditation report prints the full number: decrypted through the INAMI store for the export only.
    inami: inamiLookup,
    hours: hoursLedger,
    sessions: sessionsRepository,
    audit: auditLog,
    clock,
    logger,
  });
  consume(reporting.consumer.name, { ...reporting.consumer.options, handler: reporting.consumer.handler });
  app.timer(certificateSweepTimer.name, {
    schedule: certificateSweepTimer.schedule,
    handler: traced(async () => {
      await quiz.sweepRequests();
    }),
  });

  const uploadDiploma = new UploadDiploma({
    diplomas,
    files: diplomaFiles,
    events: diplomaEvents,
    clock,
    newId: () => crypto.randomUUID(),
    activeContent: (bytes, contentType) => (contentType === 'application/pdf' ? pdfActiveContent(bytes) : []),
    logger,
  });
  const decideDiploma = new DecideDiploma({ diplomas, events: diplomaEvents, clock, audit: auditLog });
  const journey: LearnerJourney = {
    billing: billing.journey,
    learning: learning.journey,
    quiz: quiz.journey,
    diplomas: {
      repository: diplomas,
      upload: uploadDiploma,
      scan:
        scannerSetup.mode === 'clamd'
          ? new ScanDiploma({
              diplomas,
              files: diplomaFiles,
              scanner: scannerSetup.scanner,
              events: diplomaEvents,
              clock,
              logger,
            })
          : undefined,
      decide: decideDiploma,
    },
  };
  const privacy = makePrivacy({
    config,
    cosmos,
    blobStorage,
    bus,
    users,
    deadLetters,
    queues: resources.queues.map((q) => q.name),
    diplomas,
    inami: async (userId) => {
      const found = await new GetInami(inamiStore, inamiCrypto.cipher).execute({
        actor: { id: userId, roles: [] },
        userId,
      });
      if (!found.ok) throw new Error(`inami unreadable: ${found.error.code}`);
      return found.value.present ? found.value.number : undefined;
    },
    invoices: (userId) => billing.invoices.execute(userId),
    closeBilling: (userId, pseudonym) => billing.closeForErasure.execute(userId, pseudonym),
    releaseSessionSeat: (sessionId, userId) => sessions.releaseForErasure(sessionId, userId),
    identityAccounts:
      config.IDENTITY_ACCOUNTS_MODE === 'graph'
        ? new GraphIdentityAccounts({ credential })
        : new LocalIdentityAccounts({
            issuer: config.AUTH_ISSUER,
            managementKey: config.LOCAL_IDP_MANAGEMENT_KEY,
            caCertPath: config.AUTH_CA_CERT_PATH,
          }),
    audit: auditLog,
    tokenOf: async (request) => {
      const token = bearerTokenOf(request);
      const identity = token ? await verifier.verify(token) : undefined;
      return {
        ...(identity?.authTime !== undefined ? { authTime: identity.authTime } : {}),
        ...(identity?.objectId ? { objectId: identity.objectId } : {}),
      };
    },
    clock,
    logger,
  });
  registerDurableFunctions(privacy.erasureFunctions, traced);
  consume(privacy.exportConsumer.name, privacy.exportConsumer.options);
  for (const timer of privacy.retentionTimers) {
    app.timer(timer.name, {
      schedule: timer.schedule,
      ...(timer.extraInputs ? { extraInputs: [...timer.extraInputs] } : {}),
      handler: traced(async (_timer, invocation) => {
        await timer.run(invocation);
      }),
    });
  }

  // The hours-short reminder reads the same ledger as the learner's hours page.
  const hoursOfLearner = new GetHoursLedger({
    repository: certificateRepository,
    entries: hoursLedger,
    users,
    inami: inamiLookup,
    clock,
  });
  const reminders = makeReminders({
    cosmos,
    database: config.COSMOS_DATABASE,
    bus,
    users,
    // Unsubscribe links are signed with a key derived from the INAMI index keyring (no new secret).
    signer: createLinkSigner(config, 'reminders-unsubscribe'),
    sources: {
      training: async (trainingId) => {
        const training = await trainings.get(trainingId);
        const fr = training?.title.fr ?? training?.title.nl;
        const nl = training?.title.nl ?? training?.title.fr;
        return training && fr && nl ? { title: { fr, nl }, free: training.free } : undefined;
      },
      hasActiveSubscription: billing.hasActiveSubscription,
      sessionsFrom: (from) => sessionsRepository.listUpcoming(from),
      hoursOf: (userId) => hoursOfLearner.execute(userId),
    },
    // The in-app "session reminder" (issue 14 point 7): once per due session_tomorrow reminder, whatever the
    // e-mail preference; the notification is idempotent per person and session (the period is the session id).
    sessionReminder: async (reminder) => {
      if (reminder.details.kind !== 'session_tomorrow') return;
      await notifications.sessionReminder(reminder.userId, {
        sessionId: reminder.period,
        trainingTitle: reminder.details.trainingTitle,
        startsAt: reminder.details.startsAt,
        place: reminder.details.place,
      });
    },
    clock,
    logger,
  });
  consume(reminders.consumer.name, reminders.consumer.options);
  app.timer(reminders.timer.name, {
    schedule: reminders.timer.schedule,
    handler: traced(async () => {
      await reminders.timer.run();
    }),
  });

  const productRoutes: RouteSpec[] = [
    makeHealthzRoute({ version: config.APP_VERSION, startedAt, clock }),
    makeReadyzRoute({ version: config.APP_VERSION, probes, timeoutMs: config.READINESS_TIMEOUT_MS }),
    // 10 reports in a burst, then one a minute, per client address.
    makeClientErrorsRoute({
      logger,
      limiter: new TokenBucketLimiter({ capacity: 10, refillPerSecond: 1 / 60 }),
    }),
    ...makeDeadLetterRoutes({
      deadLetters,
      queues: resources.queues.map((q) => q.name),
      logger,
      audit: auditLog,
      clock,
    }),
    makeAuthConfigRoute(authConfig),
    ...makeMeRoutes({
      changeLanguage: new ChangeMyLanguage(users, clock),
      updateDetails: new UpdateMyDetails(users, clock),
      // A profile just completed may release passes waiting for it.
      detailsSaved: async (profile) => {
        if (isProfileComplete(profile)) await releaseWaitingCertificates(profile.id);
      },
    }),
    ...makeAdminUserRoutes({
      users,
      changeRole: new ChangeRole(users, clock, auditLog),
      setStatus: new SetUserStatus(users, clock, auditLog),
    }),
    ...makePeopleRoutes({
      record: new GetLearnerRecord({
        users,
        inami: async (userId) => {
          const view = await getInami.execute({ actor: { id: 'record', roles: ['admin'] }, userId });
          if (view.ok)
            return view.value.masked ? { present: true, masked: view.value.masked } : { present: false };
          logger.error('inami.unreadable', { userId });
          return { present: true };
        },
        diplomas: (userId) => diplomas.historyFor(userId),
        subscription: billing.subscriptionOf,
        // Undefined when Stripe cannot be reached: the record shows the rest.
        invoices: async (userId) => {
          const listed = await billing.invoices.execute(userId);
          return listed.ok ? listed.value.items : undefined;
        },
        enrolments: (userId, language) =>
          learning.dashboard.execute({ userId, language }).then((dashboard) => dashboard.items),
        attempts: quiz.attemptsOf,
        certificates: (userId) => certificates.ofLearner.execute(userId),
        history: (userId) => auditHistory.execute(userId),
      }),
      enrol: learning.enrolOnBehalf,
      resetQuiz: quiz.reset,
    }),
    ...makeAuditRoutes({
      search: new SearchAuditLog({ reader: auditLog, users, clock }),
      export: new ExportAuditLog({ reader: auditLog, users, clock }),
      clock,
    }),
    ...billing.routes,
    ...certificates.routes,
    ...catalogue.routes,
    ...catalogue.newsRoutes,
    ...learning.routes,
    ...quiz.routes,
    ...makeInamiRoutes({
      set: new SetMyInamiWithinLimit(
        new SetMyInami(inamiStore, inamiCrypto.cipher, inamiCrypto.index, clock),
        new CosmosAttemptLimits(cosmos, config.COSMOS_DATABASE, clock),
      ),
      remove: new RemoveMyInami(inamiStore),
      get: getInami,
      reveal: new RevealInami(inamiStore, inamiCrypto.cipher, auditLog, clock),
      logger,
    }),
    ...makeLegalRoutes({
      legal,
      acceptances,
      accept: new AcceptLegalDocument({ legal, acceptances, clock }),
      publish: new PublishLegalVersion({ legal, clock, audit: auditLog, cache }),
    }),
    ...makeDiplomaRoutes({
      upload: uploadDiploma,
      decide: decideDiploma,
      readLink: new DiplomaReadLink({ diplomas, files: diplomaFiles, audit: auditLog, clock }),
      reviewQueue: new DiplomaReviewQueue({ diplomas, users }),
      diplomas,
    }),
    ...reporting.routes,
    ...makeSessionRoutes({ sessions, hoursReport }),
    ...privacy.routes,
    ...reminders.routes,
    ...notifications.routes,
  ];
  const routes = [...productRoutes, fallbackRoute(productRoutes)];
  for (const route of routes) {
    app.http(route.name, {
      methods: [...route.methods],
      route: route.route,
      authLevel: 'anonymous',
      ...(route.extraInputs ? { extraInputs: [...route.extraInputs] } : {}),
      handler: traced(
        wrapRoute(route, {
          logger,
          maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
          authenticate,
          hasPendingLegal,
          reportError: reportFailure,
          trustedProxyHops: config.TRUSTED_PROXY_HOPS,
        }),
      ),
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
    diplomas,
    certificateRequests: certificates.requests,
    sessions,
    sessionsRepository,
    catalogue,
    journey,
    notifications: { notify: notifications.notify, sessionReminder: notifications.sessionReminder },
    bootstrap: async () => {
      const report = await bootstrapResources(
        { ...resources, cosmos: { ...resources.cosmos, database: config.COSMOS_DATABASE } },
        { cosmos, blobs: blobStorage, queues: storageQueues },
        // Browsers upload chapter files to Azurite and read captions from it (Azure: the same rule in Bicep).
        { blobCors: [browserMediaCorsRule(spaOrigins(config.APP_PUBLIC_URL))] },
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
