// What the quiz needs from the certificates module: ask for the certificate of a passed training.
// Implemented by the certificates module (queue → Durable orchestration), consumed by the quiz.

export interface PassedTraining {
  readonly userId: string;
  readonly trainingId: string;
  readonly attemptId: string;
  /** ISO 8601 (UTC): when the passing attempt was submitted. */
  readonly passedAt: string;
  readonly scorePercent: number;
  /** The quiz version the passing attempt was drawn from (kept on the certificate). */
  readonly quizVersion?: number;
}

export interface CertificateRequests {
  /** Idempotent: asking twice for the same user and training issues one certificate. Never loses a request. */
  request(passed: PassedTraining): Promise<void>;
}
