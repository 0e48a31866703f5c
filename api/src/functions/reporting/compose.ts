// The reporting module, composed once by main.ts: sources over Cosmos (learning, certificates, the
// hours ledger, sessions), jobs in `report-exports`, files in the private `exports` container, PDFs
// through the shared engine, the `report-exports` queue consumer and the admin routes.
import type { CosmosClient } from '@azure/cosmos';
import type { ServiceBusQueueFunctionOptions, InvocationContext } from '@azure/functions';
import { CosmosExportJobs } from '../../adapters/cosmos/export-jobs';
import { CosmosReportSources, type SessionRegistrationsSource } from '../../adapters/cosmos/report-sources';
import { sessionParticipantStatuses, type SessionParticipantFacts } from '../../domain/reporting/reports';
import type { SessionRepository } from '../../domain/sessions-use-cases';
import { PdfmakeReportRenderer } from '../../adapters/pdf/report-renderer';
import type { BlobStorage } from '../../adapters/storage/connection';
import { BlobReportFiles } from '../../adapters/storage/report-files';
import type { AuditLog } from '../../domain/audit';
import type { TrainingRepository } from '../../domain/catalogue/ports';
import type { InamiLookup } from '../../domain/certificates/ports';
import type { HoursLedger } from '../../domain/hours/ledger';
import type { UserRepository } from '../../domain/identity/model';
import type { Clock, Logger, MessageBus } from '../../domain/ports';
import { EXPORTS_QUEUE, ExportDownloadLink, RunExport, StartExport } from '../../domain/reporting/use-cases';
import type { RouteSpec } from '../http-kit';
import { exportConsumerName, makeExportConsumer } from './export-consumer';
import { makeReportingRoutes } from './routes';

export interface Reporting {
  readonly routes: RouteSpec[];
  readonly consumer: {
    readonly name: string;
    readonly options: Omit<ServiceBusQueueFunctionOptions, 'handler'>;
    readonly handler: (message: unknown, context: InvocationContext) => Promise<void>;
  };
}

/** A session's registrations as reports list them: the attendance mark once marked, with attested hours. */
export function sessionRegistrationsFrom(
  sessions: Pick<SessionRepository, 'get'>,
): SessionRegistrationsSource {
  return {
    participants: async (sessionId) => {
      const session = (await sessions.get(sessionId))?.value;
      if (!session) return undefined;
      return session.registrations.map((registration): SessionParticipantFacts => {
        const mark = session.attendance[registration.userId];
        const attestation = session.attestations.find((a) => a.userId === registration.userId);
        const status = mark && registration.status === 'registered' ? mark.status : registration.status;
        return {
          userId: registration.userId,
          status: sessionParticipantStatuses.includes(status) ? status : 'registered',
          registeredAt: registration.seatedAt ?? registration.requestedAt,
          ...(attestation ? { hours: attestation.hours, attestationCode: attestation.verificationCode } : {}),
        };
      });
    },
  };
}

export function makeReporting(deps: {
  cosmos: CosmosClient;
  database: string;
  bus: MessageBus;
  blobStorage: BlobStorage;
  users: UserRepository;
  trainings: Pick<TrainingRepository, 'get' | 'listAll'>;
  inami: Pick<InamiLookup, 'formattedFor'>;
  hours: Pick<HoursLedger, 'listForYear'>;
  sessions: Pick<SessionRepository, 'get'>;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}): Reporting {
  const { bus, clock, logger } = deps;
  const jobs = new CosmosExportJobs(deps.cosmos, deps.database);
  const files = new BlobReportFiles(deps.blobStorage);
  const sources = new CosmosReportSources(deps.cosmos, deps.database, {
    trainings: deps.trainings,
    users: deps.users,
    inami: deps.inami,
    hours: deps.hours,
    sessions: sessionRegistrationsFrom(deps.sessions),
    logger,
  });
  const run = new RunExport({
    jobs,
    sources,
    files,
    pdf: new PdfmakeReportRenderer(),
    bus,
    recipient: async (userId) => {
      const profile = (await deps.users.get(userId))?.value;
      if (!profile?.email || profile.status !== 'active') return undefined;
      return {
        userId: profile.id,
        email: profile.email,
        displayName: profile.displayName,
        language: profile.language,
      };
    },
    clock,
    logger,
  });
  const start = new StartExport({
    jobs,
    bus,
    audit: deps.audit,
    clock,
    subjectExists: async (scope) => {
      switch (scope.kind) {
        case 'training-participants':
          return (await deps.trainings.get(scope.trainingId)) !== undefined;
        case 'session-participants':
          return (await deps.sessions.get(scope.sessionId)) !== undefined;
        case 'training-rates':
        case 'yearly-hours':
          return true;
      }
    },
  });
  return {
    routes: makeReportingRoutes({ start, jobs, download: new ExportDownloadLink({ jobs, files }) }),
    consumer: {
      name: exportConsumerName,
      options: { queueName: EXPORTS_QUEUE, connection: 'SERVICEBUS_CONNECTION' },
      handler: makeExportConsumer({ run, logger }),
    },
  };
}
