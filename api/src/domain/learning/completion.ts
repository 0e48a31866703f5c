import type { Training } from '@soins/shared';
import type { TrainingRepository } from '../catalogue/ports';
import type { CourseCompletion } from './completion-port';
import { courseState } from './course';
import type { LearningRepository } from './model';

/** CourseCompletion over the learner's enrolment and progress documents, under the training's current rule. */
export class LearningCourseCompletion implements CourseCompletion {
  constructor(
    private readonly deps: { learning: LearningRepository; trainings: Pick<TrainingRepository, 'get'> },
  ) {}

  async completedTraining(
    userId: string,
    trainingId: string,
    known?: { readonly training: Training | Promise<Training | undefined> },
  ): Promise<boolean> {
    // One round trip: the progress is read beside the enrolment (an unenrolled learner has none anyway).
    const [training, enrolment, progress] = await Promise.all([
      known ? known.training : this.deps.trainings.get(trainingId),
      this.deps.learning.getEnrolment(userId, trainingId),
      this.deps.learning.listProgress(userId, trainingId),
    ]);
    if (!training || !enrolment) return false;
    return courseState(training, progress, 'fr').allCompleted;
  }
}
