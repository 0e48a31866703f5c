import type { TrainingRepository } from '../catalogue/ports';
import type { CourseCompletion } from './completion-port';
import { courseState } from './course';
import type { LearningRepository } from './model';

/** CourseCompletion over the learner's enrolment and progress documents, under the training's current rule. */
export class LearningCourseCompletion implements CourseCompletion {
  constructor(private readonly deps: { learning: LearningRepository; trainings: TrainingRepository }) {}

  async completedTraining(userId: string, trainingId: string): Promise<boolean> {
    const [training, enrolment] = await Promise.all([
      this.deps.trainings.get(trainingId),
      this.deps.learning.getEnrolment(userId, trainingId),
    ]);
    if (!training || !enrolment) return false;
    const progress = await this.deps.learning.listProgress(userId, trainingId);
    return courseState(training, progress, 'fr').allCompleted;
  }
}
