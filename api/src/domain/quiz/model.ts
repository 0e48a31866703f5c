// The final quiz: what an attempt stores, and the ports the use cases depend on.
import type { QuizAttemptStatus } from '@soins/shared';

/** One drawn question, frozen at the draw so later edits of the bank never change a running attempt. */
export interface DrawnQuestion {
  readonly questionId: string;
  readonly type: 'single' | 'multiple';
  /** The option ids in the order shown to this learner (shuffled at the draw). */
  readonly optionIds: readonly string[];
  /** Kept server-side only: the browser never sees it before the attempt is over. */
  readonly correctOptionIds: readonly string[];
}

export interface Answer {
  readonly questionId: string;
  readonly optionIds: readonly string[];
}

/** Where the certificate request of a passed attempt stands (it may fail and is retried). */
export interface CertificateRequestState {
  readonly requestedAt?: string;
  readonly lastFailureAt?: string;
}

/** Cosmos `learning` (partition userId), id `attempt:<attemptId>`, kind `quiz-attempt`. */
export interface QuizAttempt {
  readonly attemptId: string;
  readonly userId: string;
  readonly trainingId: string;
  /** 1 for the first attempt of this learner at this training. */
  readonly number: number;
  readonly status: QuizAttemptStatus;
  readonly startedAt: string;
  /** null when the quiz has no time limit. */
  readonly deadline: string | null;
  /** The pass mark when the attempt started (a later change of settings does not move it). */
  readonly passPercent: number;
  readonly questions: readonly DrawnQuestion[];
  /** Set once the attempt is over (submitted or expired). */
  readonly submittedAt?: string;
  readonly answers?: readonly Answer[];
  readonly correctCount?: number;
  readonly scorePercent?: number;
  readonly certificate?: CertificateRequestState;
}

export interface StoredAttempt {
  readonly value: QuizAttempt;
  readonly etag: string;
}

export interface QuizAttemptRepository {
  /** Resolves false when an attempt with this id already exists (a concurrent start won). */
  create(attempt: QuizAttempt): Promise<boolean>;
  get(userId: string, attemptId: string): Promise<StoredAttempt | undefined>;
  /** The learner's attempts at one training, oldest first (single-partition query). */
  listFor(userId: string, trainingId: string): Promise<StoredAttempt[]>;
  /** Replaces the attempt if its etag still matches; resolves false on a concurrent change. */
  replace(attempt: QuizAttempt, etag: string): Promise<boolean>;
}

/** Uniform random integers; production uses `crypto.randomInt`, tests a seeded sequence. */
export interface RandomSource {
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

export type QuizError =
  | { code: 'not_found'; message: string }
  | { code: 'quiz_locked'; message: string }
  | { code: 'already_passed'; message: string }
  | { code: 'attempts_exhausted'; message: string }
  | { code: 'attempt_too_soon'; message: string; retryAfterSeconds: number }
  | { code: 'attempt_expired'; message: string }
  | { code: 'conflict'; message: string }
  | { code: 'validation_failed'; message: string; errors: readonly { path: string; message: string }[] };

/** A submission arriving this long after the deadline is still accepted (network latency). */
export const submissionGraceMs = 5_000;
