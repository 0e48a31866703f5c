// Ports over the training content (Cosmos `trainings`, partition `/trainingId`), shared by the catalogue,
// the course player, the quiz and the certificates. The Cosmos adapter lives in adapters/cosmos.
import type { Question, Training } from '@soins/shared';

export interface TrainingRepository {
  /** Point read of the training document (any status). */
  get(trainingId: string): Promise<Training | undefined>;
  /** Every training with status `published` (the catalogue is small and cached). */
  listPublished(): Promise<Training[]>;
  /** Every training, any status, for admins. */
  listAll(): Promise<Training[]>;
  /** Creates or replaces the training document. */
  save(training: Training): Promise<void>;
  /** The training's question bank (single-partition query). */
  questions(trainingId: string): Promise<Question[]>;
  /** Replaces the question bank: upserts the given questions and deletes the others. */
  replaceQuestions(trainingId: string, questions: readonly Question[]): Promise<void>;
}
