// Builds the certificates module for the composition root: ports, use cases, the quiz-to-certificate
// orchestration and its activities, the `certificate-requests` consumer and the HTTP routes. It
// registers nothing itself: main.ts registers every function from what this returns.
import type { InvocationContext, ServiceBusQueueFunctionOptions } from '@azure/functions';
import type { CosmosClient } from '@azure/cosmos';
import { randomBytes } from 'node:crypto';
import { CosmosCertificateRepository } from '../../adapters/cosmos/certificate-repository';
import { PdfmakeCertificateRenderer } from '../../adapters/pdf/pdfmake-renderer';
import type { Config } from '../../config';
import type { AuditLog } from '../../domain/audit';
import type { TrainingRepository } from '../../domain/catalogue/ports';
import type { CertificateRequests } from '../../domain/certificates/request-port';
import { StoredInamiLookup } from '../../domain/certificates/inami-lookup';
import type {
  CertificateEligibility,
  CertificateFiles,
  CertificateRenderer,
  CertificateRequestQueue,
} from '../../domain/certificates/ports';
import type { DiplomaRepository } from '../../domain/diplomas';
import type { HoursLedger } from '../../domain/hours/ledger';
import {
  CertificatePdfLink,
  EmailCertificate,
  GetHoursLedger,
  IssueCertificate,
  ListLearnerCertificates,
  ListMyCertificates,
  makeCertificateEligibility,
  RedriveCertificate,
  ReleaseWaitingCertificates,
  RequestCertificate,
  RevokeCertificate,
  StartCertificateWorkflow,
  StoreCertificatePdf,
  VerifyCertificate,
} from '../../domain/certificates/use-cases';
import { enqueueEmail } from '../../domain/email/enqueue';
import type { UserRepository } from '../../domain/identity/model';
import type { GetInami, InamiStore } from '../../domain/inami-use-cases';
import type { Notify } from '../../domain/notifications/notifications';
import type { Clock, Logger, MessageBus } from '../../domain/ports';
import {
  defaultCertificateRetry,
  QUIZ_TO_CERTIFICATE,
  quizToCertificateFunctions,
  type CertificateRef,
} from '../../workflows/quiz-to-certificate';
import {
  lazyDurableClientInput,
  lazyWorkflowClientFor,
  type DurableFunctionSet,
} from '../../workflows/durable-runtime';
import type { RouteSpec } from '../http-kit';
import { parseFaultPlan, withFaults } from './fault-injection';
import { TokenBucketLimiter } from '../rate-limit';
import {
  CERTIFICATE_REQUESTS_QUEUE,
  certificateRequestConsumerName,
  makeCertificateRequestConsumer,
} from './request-consumer';
import { makeCertificateRoutes } from './routes';

export interface Certificates {
  readonly routes: RouteSpec[];
  /** For the learner record: a learner's certificates with their revocations. */
  readonly ofLearner: ListLearnerCertificates;
  /** For the quiz: ask for the certificate of a passed training (idempotent). */
  readonly requests: CertificateRequests;
  /**
   * Queues again the passes that waited for the learner to become eligible (diploma approved, profile
   * completed); resolves how many. Called when a diploma is approved and when the details are saved.
   */
  readonly releaseWaiting: (userId: string) => Promise<number>;
  /** Whether the learner may hold certificates (what is missing). */
  readonly eligibility: CertificateEligibility;
  /** The quiz-to-certificate orchestration and its activities (main.ts: registerDurableFunctions). */
  readonly durableFunctions: DurableFunctionSet;
  /** The `certificate-requests` consumer (main.ts: app.serviceBusQueue). */
  readonly requestConsumer: {
    readonly name: string;
    readonly options: Omit<ServiceBusQueueFunctionOptions, 'handler'>;
    readonly handler: (message: unknown, context: InvocationContext) => Promise<void>;
  };
}

export function makeCertificates(deps: {
  config: Config;
  cosmos: CosmosClient;
  bus: MessageBus;
  users: UserRepository;
  trainings: TrainingRepository;
  /** The cached catalogue: the training titles of notifications (not evidence, so a cached read will do). */
  titles: Pick<TrainingRepository, 'get'>;
  /** Certificates need an approved diploma. */
  diplomas: Pick<DiplomaRepository, 'latestFor'>;
  /** The PDFs (built once by main.ts, which also reads them as email attachments). */
  files: CertificateFiles;
  inamiStore: InamiStore;
  getInami: GetInami;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  /** Tests and the bench substitute a renderer; pdfmake otherwise. */
  renderer?: CertificateRenderer;
  /** The hours ledger: every issued certificate is recorded there. */
  ledger: Pick<HoursLedger, 'record' | 'listForUser'>;
  /** In-person attestations: same code space, verified on the same public route. */
  attestations?: ConstructorParameters<typeof VerifyCertificate>[1];
  /** In-app notifications: "certificate ready" (idempotent per certificate). */
  notify: Pick<Notify, 'execute'>;
}): Certificates {
  const { config, bus, users, clock, logger, audit } = deps;
  const repository = new CosmosCertificateRepository(deps.cosmos, config.COSMOS_DATABASE);
  const { files } = deps;
  const inami = new StoredInamiLookup({ store: deps.inamiStore, getInami: deps.getInami });
  const queue: CertificateRequestQueue = {
    send: (passed, options) =>
      bus.send(CERTIFICATE_REQUESTS_QUEUE, {
        // Same id for the same request (Service Bus duplicate detection); a re-drive needs a fresh one.
        id: options?.redrive
          ? `certificate:${passed.userId}:${passed.trainingId}:redrive:${clock.now().getTime()}`
          : `certificate:${passed.userId}:${passed.trainingId}`,
        body: passed,
      }),
  };

  const eligibility = makeCertificateEligibility({ users, diplomas: deps.diplomas });
  const issue = new IssueCertificate({
    repository,
    trainings: deps.trainings,
    users,
    clock,
    randomBytes: (size) => randomBytes(size),
    eligibility,
    ledger: deps.ledger,
  });
  const store = new StoreCertificatePdf({
    repository,
    files,
    renderer: deps.renderer ?? new PdfmakeCertificateRenderer(),
    inami,
    clock,
    appUrl: config.APP_PUBLIC_URL,
  });
  const email = new EmailCertificate({
    repository,
    users,
    sendEmail: async (message) => {
      await enqueueEmail(bus, message);
    },
    // The title in both languages when the training still has them (the certificate keeps its own).
    notify: async (certificate) => {
      const training = await deps.titles.get(certificate.trainingId);
      await deps.notify.execute(certificate.userId, {
        kind: 'certificate-ready',
        certificateId: certificate.id,
        trainingId: certificate.trainingId,
        trainingTitle: { ...training?.title, [certificate.language]: certificate.trainingTitle },
      });
    },
    logger,
  });

  const faults =
    config.SOINS_ENV === 'azure' ? new Map<string, number>() : parseFaultPlan(config.FAULT_INJECTION);
  const refKey = (ref: CertificateRef): string => `${ref.userId}/${ref.certificateId}`;
  const durableFunctions = quizToCertificateFunctions({
    steps: {
      issue: async (passed) => {
        const certificate = await issue.execute(passed);
        return { userId: certificate.userId, certificateId: certificate.id };
      },
      storePdf: withFaults(faults, 'certificate-store', refKey, (ref) => store.execute(ref)),
      email: withFaults(faults, 'certificate-email', refKey, (ref) => email.execute(ref)),
    },
    logger,
    retry: { ...defaultCertificateRetry, firstIntervalMs: config.CERTIFICATE_RETRY_FIRST_INTERVAL_MS },
  });

  const requestConsumer = {
    name: certificateRequestConsumerName,
    options: {
      queueName: CERTIFICATE_REQUESTS_QUEUE,
      connection: 'SERVICEBUS_CONNECTION',
      extraInputs: [lazyDurableClientInput],
    },
    handler: makeCertificateRequestConsumer({
      start: new StartCertificateWorkflow({ orchestration: QUIZ_TO_CERTIFICATE, logger, eligibility }),
      workflowsFor: lazyWorkflowClientFor,
      logger,
    }),
  };

  const release = new ReleaseWaitingCertificates({ repository, queue, eligibility, logger });
  return {
    requests: new RequestCertificate({ repository, queue, clock }),
    ofLearner: new ListLearnerCertificates(repository),
    releaseWaiting: (userId) => release.execute(userId),
    eligibility,
    durableFunctions,
    requestConsumer,
    routes: makeCertificateRoutes({
      verify: new VerifyCertificate(repository, deps.attestations),
      list: new ListMyCertificates({ repository, eligibility }),
      pdfLink: new CertificatePdfLink({ repository, files }),
      ledger: new GetHoursLedger({ repository, entries: deps.ledger, users, inami, clock }),
      revoke: new RevokeCertificate({ repository, clock, logger, audit }),
      redrive: new RedriveCertificate({ repository, queue, audit, clock }),
      // 30 verifications in a burst, then one every 2 seconds, per client address.
      verifyLimiter: new TokenBucketLimiter({ capacity: 30, refillPerSecond: 0.5 }),
    }),
  };
}
