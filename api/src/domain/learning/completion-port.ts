// What the quiz needs from the course player: has the learner completed every chapter of the training?
// Implemented by the learning module (progress in Cosmos `learning`), consumed by the quiz.

export interface CourseCompletion {
  /** True when the learner is enrolled and every chapter is completed under the training's rule. */
  completedTraining(userId: string, trainingId: string): Promise<boolean>;
}
