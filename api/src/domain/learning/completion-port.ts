// What the quiz needs from the course player: has the learner completed every chapter of the training?
// Implemented by the learning module (progress in Cosmos `learning`), consumed by the quiz.
import type { Training } from '@soins/shared';

export interface CourseCompletion {
  /**
   * True when the learner is enrolled and every chapter is completed under the training's rule.
   * `known.training`: the training as the caller read it, or the caller's read still under way (not read
   * again; undefined when it does not exist).
   */
  completedTraining(
    userId: string,
    trainingId: string,
    known?: { readonly training: Training | Promise<Training | undefined> },
  ): Promise<boolean>;
}
