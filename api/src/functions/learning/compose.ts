// Builds the course player (enrolments, progress, video links) for the composition root.
import type { CosmosClient } from '@azure/cosmos';
import { CosmosLearningRepository } from '../../adapters/cosmos/learning-repository';
import type { BlobStorage } from '../../adapters/storage/connection';
import { BlobVideoFiles } from '../../adapters/storage/video-files';
import type { Config } from '../../config';
import type { TrainingRepository } from '../../domain/catalogue/ports';
import { LearningCourseCompletion } from '../../domain/learning/completion';
import type { CourseCompletion } from '../../domain/learning/completion-port';
import type { HasActiveSubscription, LearningRepository, QuizStatus } from '../../domain/learning/model';
import {
  EnrolInTraining,
  GetCourseView,
  GetDashboard,
  OpenChapterVideo,
  ReportProgress,
} from '../../domain/learning/use-cases';
import type { Clock, Logger } from '../../domain/ports';
import type { AuditLog } from '../../domain/audit';
import type { UserRepository } from '../../domain/identity/model';
import { EnrolOnBehalf } from '../../domain/learning/manual-enrolment';
import type { RouteSpec } from '../http-kit';
import { makeLearningRoutes } from './routes';

export interface Learning {
  readonly routes: RouteSpec[];
  /** For the learner record: a learner's trainings with progress (titles in `language` when offered). */
  readonly dashboard: GetDashboard;
  /** An admin enrols a learner (people routes). */
  readonly enrolOnBehalf: EnrolOnBehalf;
  /** For the quiz: has the learner completed every chapter? */
  readonly completion: CourseCompletion;
  /** For the quiz: is the learner enrolled (a training taken off the catalogue stays theirs)? */
  readonly enrolments: { isEnrolled(userId: string, trainingId: string): Promise<boolean> };
  /** The course player's use cases as the routes run them (the local seed drives them for the demo learner). */
  readonly journey: {
    readonly enrol: EnrolInTraining;
    readonly course: GetCourseView;
    readonly openVideo: OpenChapterVideo;
    readonly reportProgress: ReportProgress;
  };
}

/** CourseCompletion over a learning repository, for modules that build their own (e.g. tests). */
export function makeCourseCompletion(deps: {
  learning: LearningRepository;
  trainings: TrainingRepository;
}): CourseCompletion {
  return new LearningCourseCompletion(deps);
}

export function makeLearning(deps: {
  cosmos: CosmosClient;
  config: Config;
  blobStorage: BlobStorage;
  /** The pages and the player (may be cached). */
  trainings: TrainingRepository;
  /** Course completion, which unlocks the quiz and so a certificate: read from Cosmos each time. */
  evidenceTrainings: TrainingRepository;
  hasActiveSubscription: HasActiveSubscription;
  clock: Clock;
  logger: Logger;
  /** The quiz result, once the quiz module provides it; without it no quiz counts as passed. */
  quiz?: QuizStatus;
  users: Pick<UserRepository, 'get'>;
  audit: AuditLog;
}): Learning {
  const { cosmos, config, trainings, hasActiveSubscription, clock, logger, quiz } = deps;
  const learning = new CosmosLearningRepository(cosmos, config.COSMOS_DATABASE);
  const core = { learning, trainings, clock };
  const journey = {
    enrol: new EnrolInTraining({ ...core, hasActiveSubscription }),
    course: new GetCourseView({ ...core, quiz }),
    openVideo: new OpenChapterVideo({
      ...core,
      files: new BlobVideoFiles(deps.blobStorage),
      hasActiveSubscription,
    }),
    reportProgress: new ReportProgress(core),
  };
  const dashboard = new GetDashboard({ ...core, quiz });
  return {
    journey,
    dashboard,
    enrolOnBehalf: new EnrolOnBehalf({ ...core, users: deps.users, audit: deps.audit }),
    completion: makeCourseCompletion({ learning, trainings: deps.evidenceTrainings }),
    enrolments: {
      isEnrolled: async (userId, trainingId) =>
        (await learning.getEnrolment(userId, trainingId)) !== undefined,
    },
    routes: makeLearningRoutes({
      ...journey,
      dashboard,
      logger,
    }),
  };
}
