// The final quiz: what an attempt stores, and the ports the use cases depend on.
import type { LocalizedText, QuizAttemptStatus } from '@soins/shared';

/** An option's text as it was at the draw. */
export interface DrawnOption {
  readonly id: string;
  readonly text: LocalizedText;
}

/**
 * One drawn question, frozen at the draw so later edits of the bank never change a running attempt nor
 * the result shown afterwards: the texts are copied, and scored against the answers of that moment.
 */
export interface DrawnQuestion {
  readonly questionId: string;
  readonly type: 'single' | 'multiple';
  /** The option ids in the order shown to this learner (shuffled at the draw). */
  readonly optionIds: readonly string[];
  /** Kept server-side only: the browser never sees it before the answers can no longer help. */
  readonly correctOptionIds: readonly string[];
  /**
   * The texts at the draw (options in the order of `optionIds`). Absent from attempts drawn before they
   * were copied: those read the bank.
   */
  readonly prompt?: LocalizedText;
  readonly options?: readonly DrawnOption[];
  readonly explanation?: LocalizedText;
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
  /** The quiz version the questions were drawn from (absent on attempts drawn before versions existed). */
  readonly quizVersion?: number;
  readonly questions: readonly DrawnQuestion[];
  /** Set once the attempt is over (submitted or expired). */
  readonly submittedAt?: string;
  readonly answers?: readonly Answer[];
  readonly correctCount?: number;
  readonly scorePercent?: number;
  readonly certificate?: CertificateRequestState;
  /**
   * Set when an admin reset the learner's attempts: a finished, unpassed attempt that no longer counts
   * against the limit nor the wait (it stays, with its result, for the record).
   */
  readonly reset?: AttemptReset;
}

export interface AttemptReset {
  readonly at: string;
  /** The admin's user id. */
  readonly by: string;
  readonly reason: string;
}

/** Whether an attempt counts against the limit, the wait and the state (reset ones do not). */
export const countsAgainstLimit = (attempt: QuizAttempt): boolean => attempt.reset === undefined;

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
  /** Every attempt of the learner, by training then number (single-partition query). */
  listByUser(userId: string): Promise<StoredAttempt[]>;
  /** Replaces the attempt if its etag still matches: its new etag, or undefined on a concurrent change. */
  replace(attempt: QuizAttempt, etag: string): Promise<string | undefined>;
  /**
   * Passed attempts of every learner whose certificate request is not recorded as made, oldest pass
   * first, at most `limit` (cross-partition: only the sweep timer calls it).
   */
  listAwaitingCertificate(limit: number): Promise<StoredAttempt[]>;
}

/**
 * Whether the learner is enrolled in a training (implemented by the learning module). A training taken
 * off the catalogue stays available to the learners already enrolled in it, quiz included.
 */
export interface QuizEnrolments {
  isEnrolled(userId: string, trainingId: string): Promise<boolean>;
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
