// Durable orchestration `privacy-erasure` (GDPR Art. 17): confirmation e-mail → grace period (a durable
// timer raced against the cancel event) → cancel the subscription → erase every store of the plan (one
// activity per store, so a failure resumes at the store that failed), the identity-provider account
// deleted before them (and the stores erased once its last access tokens expired) → final e-mail and
// audit entry. Deterministic (no I/O, no clock: the date comes from the
// input); every activity is idempotent and retried with backoff. After the last retry the orchestration
// fails visibly (`privacy.erasure_failed`); the data already erased stays erased, and restarting the
// same input resumes (each step skips what is already done).
import type * as Durable from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import type { Logger } from '../domain/ports';
import {
  ERASURE_CANCEL_EVENT,
  TOKEN_DRAIN_HOURS,
  type ErasureInput,
  type ErasureSteps,
} from '../domain/privacy/erasure';
import type { DurableFunctionSet } from './durable-runtime';
import type { RetryPolicy } from './quiz-to-certificate';

export const PRIVACY_ERASURE = 'privacy-erasure';

export const erasureActivities = {
  confirm: 'privacy-erasure-confirm',
  begin: 'privacy-erasure-begin',
  cancelled: 'privacy-erasure-cancelled',
  billing: 'privacy-erasure-billing',
  store: 'privacy-erasure-store',
  identity: 'privacy-erasure-identity',
  finish: 'privacy-erasure-finish',
} as const;

export const defaultErasureRetry: RetryPolicy = {
  firstIntervalMs: 10_000,
  maxAttempts: 8,
  backoffCoefficient: 2,
  maxIntervalMs: 15 * 60_000,
};

export type ErasureOutcome = { readonly outcome: 'cancelled' } | { readonly outcome: 'erased' };

interface StoreInput {
  readonly input: ErasureInput;
  readonly store: string;
}

export function makeErasureOrchestrator(
  df: typeof Durable,
  deps: { logger: Logger; retry: RetryPolicy; stores: readonly string[] },
) {
  const retry = new df.RetryOptions(deps.retry.firstIntervalMs, deps.retry.maxAttempts);
  retry.backoffCoefficient = deps.retry.backoffCoefficient;
  retry.maxRetryIntervalInMilliseconds = deps.retry.maxIntervalMs;
  return function* privacyErasure(context: OrchestrationContext): Generator<Task, ErasureOutcome, unknown> {
    const input = context.df.getInput<ErasureInput>();
    const call = (name: string, data: unknown): Task => context.df.callActivityWithRetry(name, retry, data);
    try {
      yield call(erasureActivities.confirm, input);
      context.df.setCustomStatus({ stage: 'grace-period', scheduledFor: input.scheduledFor });
      const timer = context.df.createTimer(new Date(input.scheduledFor));
      const cancel = context.df.waitForExternalEvent(ERASURE_CANCEL_EVENT);
      const winner = yield context.df.Task.any([timer, cancel]);
      if (winner === cancel) {
        timer.cancel();
        yield call(erasureActivities.cancelled, input);
        return { outcome: 'cancelled' };
      }
      // A cancel that reached the record but not (yet) this instance still wins.
      if (!((yield call(erasureActivities.begin, input)) as boolean)) return { outcome: 'cancelled' };
      context.df.setCustomStatus({ stage: 'closing' });
      yield call(erasureActivities.billing, input);
      // The account goes first, so no new token is issued; access tokens already out (Entra: up to
      // 90 minutes) could still recreate a bare profile on their next call, so the stores are erased
      // once they have all expired: what they recreated goes with the rest.
      yield call(erasureActivities.identity, input);
      context.df.setCustomStatus({ stage: 'token-drain' });
      yield context.df.createTimer(
        new Date(context.df.currentUtcDateTime.getTime() + TOKEN_DRAIN_HOURS * 3_600_000),
      );
      context.df.setCustomStatus({ stage: 'erasing' });
      for (const store of deps.stores) {
        const storeInput: StoreInput = { input, store };
        yield call(erasureActivities.store, storeInput);
      }
      yield call(erasureActivities.finish, input);
      context.df.setCustomStatus({ stage: 'erased' });
      if (!context.df.isReplaying) {
        deps.logger.info('privacy.erasure_workflow_completed', { erasureId: input.erasureId });
      }
      return { outcome: 'erased' };
    } catch (error) {
      if (!context.df.isReplaying) {
        deps.logger.error('privacy.erasure_failed', {
          erasureId: input.erasureId,
          reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
        });
      }
      throw error;
    }
  };
}

/** The orchestration and its activities, for the composition root to register (registerDurableFunctions). */
export function erasureFunctions(deps: {
  steps: ErasureSteps;
  logger: Logger;
  retry: RetryPolicy;
}): DurableFunctionSet {
  const { steps } = deps;
  const stores = steps.plan.map((step) => step.key);
  return {
    orchestrations: [
      { name: PRIVACY_ERASURE, build: (df) => makeErasureOrchestrator(df, { ...deps, stores }) },
    ],
    activities: [
      { name: erasureActivities.confirm, handler: (input: ErasureInput) => steps.confirm(input) },
      { name: erasureActivities.begin, handler: (input: ErasureInput) => steps.begin(input) },
      { name: erasureActivities.cancelled, handler: (input: ErasureInput) => steps.cancelled(input) },
      { name: erasureActivities.billing, handler: (input: ErasureInput) => steps.closeBilling(input) },
      {
        name: erasureActivities.store,
        handler: (data: StoreInput) => steps.eraseStore(data.input, data.store),
      },
      { name: erasureActivities.identity, handler: (input: ErasureInput) => steps.deleteIdentity(input) },
      { name: erasureActivities.finish, handler: (input: ErasureInput) => steps.finish(input) },
    ],
  };
}
