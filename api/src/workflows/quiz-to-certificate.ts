// Durable orchestration `quiz-to-certificate`: issue the record → render and store the PDF → email it.
// Deterministic (no I/O, no clock, logs only when not replaying); every activity is idempotent because
// it runs at least once, and retried with exponential backoff. After the last retry the orchestration
// fails visibly (`certificate.workflow_failed`, runtime status Failed); an operator re-drives it with
// `POST /api/manage/certificates/{userId}/{trainingId}/retry`, which restarts the same instance id.
import type * as Durable from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import type { PassedTraining } from '../domain/certificates/request-port';
import type { Logger } from '../domain/ports';
import type { DurableFunctionSet } from './durable-runtime';

export const QUIZ_TO_CERTIFICATE = 'quiz-to-certificate';

export const certificateActivities = {
  issue: 'certificate-issue',
  storePdf: 'certificate-store-pdf',
  email: 'certificate-email',
} as const;
export type CertificateActivity = (typeof certificateActivities)[keyof typeof certificateActivities];

export interface CertificateRef {
  readonly userId: string;
  readonly certificateId: string;
}

export interface QuizToCertificateSteps {
  issue(passed: PassedTraining): Promise<CertificateRef>;
  storePdf(ref: CertificateRef): Promise<unknown>;
  email(ref: CertificateRef): Promise<unknown>;
}

export interface RetryPolicy {
  readonly firstIntervalMs: number;
  readonly maxAttempts: number;
  readonly backoffCoefficient: number;
  readonly maxIntervalMs: number;
}

export const defaultCertificateRetry: RetryPolicy = {
  firstIntervalMs: 5_000,
  maxAttempts: 5,
  backoffCoefficient: 2,
  maxIntervalMs: 5 * 60_000,
};

function retryOptions(df: typeof Durable, policy: RetryPolicy): Durable.RetryOptions {
  const options = new df.RetryOptions(policy.firstIntervalMs, policy.maxAttempts);
  options.backoffCoefficient = policy.backoffCoefficient;
  options.maxRetryIntervalInMilliseconds = policy.maxIntervalMs;
  return options;
}

export function makeQuizToCertificateOrchestrator(
  df: typeof Durable,
  deps: { logger: Logger; retry: RetryPolicy },
) {
  const retry = retryOptions(df, deps.retry);
  return function* quizToCertificate(
    context: OrchestrationContext,
  ): Generator<Task, CertificateRef, unknown> {
    const passed = context.df.getInput<PassedTraining>();
    try {
      const ref = (yield context.df.callActivityWithRetry(
        certificateActivities.issue,
        retry,
        passed,
      )) as CertificateRef;
      yield context.df.callActivityWithRetry(certificateActivities.storePdf, retry, ref);
      yield context.df.callActivityWithRetry(certificateActivities.email, retry, ref);
      if (!context.df.isReplaying) {
        deps.logger.info('certificate.workflow_completed', {
          instanceId: context.df.instanceId,
          certificateId: ref.certificateId,
        });
      }
      return ref;
    } catch (error) {
      if (!context.df.isReplaying) {
        deps.logger.error('certificate.workflow_failed', {
          instanceId: context.df.instanceId,
          trainingId: passed.trainingId,
          reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
        });
      }
      throw error;
    }
  };
}

/** The orchestration and its activities, for the composition root to register (registerDurableFunctions). */
export function quizToCertificateFunctions(deps: {
  steps: QuizToCertificateSteps;
  logger: Logger;
  retry: RetryPolicy;
}): DurableFunctionSet {
  return {
    orchestrations: [
      { name: QUIZ_TO_CERTIFICATE, build: (df) => makeQuizToCertificateOrchestrator(df, deps) },
    ],
    activities: [
      { name: certificateActivities.issue, handler: (input: PassedTraining) => deps.steps.issue(input) },
      {
        name: certificateActivities.storePdf,
        handler: (input: CertificateRef) => deps.steps.storePdf(input),
      },
      { name: certificateActivities.email, handler: (input: CertificateRef) => deps.steps.email(input) },
    ],
  };
}
