// What the dashboard and the course view need from the quiz. Implemented by the quiz module.

export interface QuizStatus {
  /** True once the learner passed the training's final quiz. */
  passed(userId: string, trainingId: string): Promise<boolean>;
}
