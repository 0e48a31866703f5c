/** An in-person session run by a trainer (scheduling and attendance arrive with the trainer issue). */
export interface TrainerSession {
  readonly id: string;
  readonly title: string;
  readonly startsAt: string;
  readonly location: string;
  readonly attendees: number;
}

export interface TrainerSessionRepository {
  listForTrainer(trainerId: string): Promise<readonly TrainerSession[]>;
}
