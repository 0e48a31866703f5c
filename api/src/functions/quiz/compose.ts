// Builds the final quiz (attempts in Cosmos `learning`, use cases, routes) for the composition root.
import type { CosmosClient } from '@azure/cosmos';
import { randomInt } from 'node:crypto';
import { CosmosQuizAttemptRepository } from '../../adapters/cosmos/quiz-attempt-repository';
import type { Config } from '../../config';
import type { QuizStatus } from '../../domain/quiz/status-port';
import type { TrainingRepository } from '../../domain/catalogue/ports';
import type { CertificateRequests } from '../../domain/certificates/request-port';
import type { CourseCompletion } from '../../domain/learning/completion-port';
import type { Clock, Logger } from '../../domain/ports';
import type { QuizAttempt, QuizEnrolments, RandomSource } from '../../domain/quiz/model';
import { ResetQuizAttempts } from '../../domain/quiz/reset';
import type { AuditLog } from '../../domain/audit';
import type { UserRepository } from '../../domain/identity/model';
import {
  GetQuizAttempt,
  GetQuizOverview,
  makeQuizStatus,
  StartQuizAttempt,
  SubmitQuizAttempt,
  SweepCertificateRequests,
  type QuizDeps,
} from '../../domain/quiz/use-cases';
import type { RouteSpec } from '../http-kit';
import { makeQuizRoutes } from './routes';

export interface Quiz {
  readonly routes: RouteSpec[];
  /** For the learner record: every attempt of a learner. */
  readonly attemptsOf: (userId: string) => Promise<QuizAttempt[]>;
  /** An admin gives a learner their attempts back (people routes). */
  readonly reset: ResetQuizAttempts;
  /** For the dashboard: has the learner passed the training's quiz? */
  readonly status: QuizStatus;
  /** Timer `quiz-certificate-requests-sweep`: asks again for certificates whose request failed. */
  readonly sweepRequests: () => Promise<void>;
  /** The quiz's use cases as the routes run them (the local seed drives them for the demo learner). */
  readonly journey: {
    readonly overview: GetQuizOverview;
    readonly start: StartQuizAttempt;
    readonly submit: SubmitQuizAttempt;
  };
}

/** The timer's name and NCRONTAB schedule (seconds first, UTC): every 5 minutes. */
export const certificateSweepTimer = {
  name: 'quiz-certificate-requests-sweep',
  schedule: '0 */5 * * * *',
} as const;

/** Cryptographically strong draws, so the questions of an attempt cannot be predicted. */
export const cryptoRandom: RandomSource = { int: (maxExclusive) => randomInt(maxExclusive) };

export function makeQuiz(deps: {
  cosmos: CosmosClient;
  config: Pick<Config, 'COSMOS_DATABASE'>;
  trainings: TrainingRepository;
  completion: CourseCompletion;
  /** From the learning module: enrolled learners keep the quiz of a training taken off the catalogue. */
  enrolments: QuizEnrolments;
  certificates: CertificateRequests;
  clock: Clock;
  logger: Logger;
  users: Pick<UserRepository, 'get'>;
  audit: AuditLog;
  /** Tests inject a seeded source; production draws with `crypto.randomInt`. */
  random?: RandomSource;
}): Quiz {
  const attempts = new CosmosQuizAttemptRepository(deps.cosmos, deps.config.COSMOS_DATABASE);
  const core: QuizDeps = {
    attempts,
    trainings: deps.trainings,
    completion: deps.completion,
    enrolments: deps.enrolments,
    certificates: deps.certificates,
    clock: deps.clock,
    random: deps.random ?? cryptoRandom,
    logger: deps.logger,
  };
  const sweep = new SweepCertificateRequests(core);
  const journey = {
    overview: new GetQuizOverview(core),
    start: new StartQuizAttempt(core),
    submit: new SubmitQuizAttempt(core),
  };
  return {
    attemptsOf: async (userId) => (await attempts.listByUser(userId)).map((stored) => stored.value),
    reset: new ResetQuizAttempts({
      attempts,
      trainings: deps.trainings,
      users: deps.users,
      clock: deps.clock,
      audit: deps.audit,
    }),
    status: makeQuizStatus(attempts),
    sweepRequests: async () => {
      await sweep.execute();
    },
    journey,
    routes: makeQuizRoutes({ ...journey, get: new GetQuizAttempt(core) }),
  };
}
