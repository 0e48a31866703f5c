// An admin gives a learner their quiz attempts back (a technical problem during an attempt, a training
// followed again), with a reason kept in the audit log. The finished, unpassed attempts are marked reset:
// they stay in the record with their results but no longer count against the limit nor the wait. A
// passed quiz is not reset (its certificate stands; revoke it first if it must not). An attempt in
// progress is left alone.
import type { AuditLog } from '../audit';
import type { TrainingRepository } from '../catalogue/ports';
import type { UserRepository } from '../identity/model';
import type { Clock } from '../ports';
import { fail, ok, type Result } from '../result';
import { countsAgainstLimit, type QuizAttempt, type QuizAttemptRepository, type QuizError } from './model';

const resettable = (attempt: QuizAttempt): boolean =>
  countsAgainstLimit(attempt) && (attempt.status === 'failed' || attempt.status === 'expired');

export class ResetQuizAttempts {
  constructor(
    private readonly deps: {
      attempts: QuizAttemptRepository;
      trainings: Pick<TrainingRepository, 'get'>;
      users: Pick<UserRepository, 'get'>;
      clock: Clock;
      audit: AuditLog;
    },
  ) {}

  async execute(input: {
    actorId: string;
    userId: string;
    trainingId: string;
    reason: string;
  }): Promise<Result<{ trainingId: string; reset: number }, QuizError>> {
    const [profile, training] = await Promise.all([
      this.deps.users.get(input.userId),
      this.deps.trainings.get(input.trainingId),
    ]);
    if (!profile || profile.value.status === 'deleted' || !training) {
      return fail({ code: 'not_found', message: 'no such learner or training' });
    }
    const before = await this.deps.attempts.listFor(input.userId, input.trainingId);
    if (before.some((stored) => stored.value.status === 'passed')) {
      return fail({ code: 'conflict', message: 'this quiz is passed: there are no attempts to give back' });
    }
    const at = this.deps.clock.now().toISOString();
    const reset = { at, by: input.actorId, reason: input.reason };
    let count = 0;
    for (const stored of before.filter((s) => resettable(s.value))) {
      // Each attempt is its own document: a concurrent change (the learner's quiz settling an expired
      // attempt) is read again; one already reset by a concurrent call is skipped.
      let current: typeof stored | undefined = stored;
      for (let round = 0; round < 3 && current && resettable(current.value); round++) {
        if (await this.deps.attempts.replace({ ...current.value, reset }, current.etag)) {
          count += 1;
          break;
        }
        current = await this.deps.attempts.get(input.userId, current.value.attemptId);
      }
    }
    if (count > 0) {
      const counted = before.filter((s) => countsAgainstLimit(s.value)).length;
      await this.deps.audit.record({
        actor: input.actorId,
        action: 'quiz.attempts.reset',
        target: { type: 'training', id: input.trainingId },
        subjectUserId: input.userId,
        at,
        before: { attemptsCounted: counted },
        after: { attemptsCounted: counted - count },
        reason: input.reason,
      });
    }
    return ok({ trainingId: input.trainingId, reset: count });
  }
}
