import type { QuizAttemptView } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import type { UserProfile } from '../src/domain/identity/model';
import { ResetQuizAttempts } from '../src/domain/quiz/reset';
import {
  GetQuizAttempt,
  GetQuizOverview,
  StartQuizAttempt,
  SubmitQuizAttempt,
  type QuizDeps,
} from '../src/domain/quiz/use-cases';
import { MemoryAuditLog } from './fakes/audit-fakes';
import { ManualClock } from './fakes/email-fakes';
import {
  FakeCertificateRequests,
  FakeCompletion,
  FakeEnrolments,
  MemoryQuizAttempts,
  MemoryTrainings,
  questionBank,
  quizTraining,
  rightOptions,
  seededRandom,
} from './fakes/quiz-fakes';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const learner = { id: 'u1', status: 'active' } as UserProfile;

function setup() {
  const trainings = new MemoryTrainings();
  // 3 attempts, a minute apart, 3 questions each.
  const training = quizTraining('hygiene', { maxAttempts: 3, waitMinutesBetweenAttempts: 1 });
  trainings.trainings.set(training.id, training);
  trainings.banks.set(training.id, questionBank(training.id, 6));
  const attempts = new MemoryQuizAttempts();
  const completion = new FakeCompletion();
  completion.complete('u1', 'hygiene');
  const enrolments = new FakeEnrolments();
  enrolments.enrol('u1', 'hygiene');
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const deps: QuizDeps = {
    attempts,
    trainings,
    completion,
    enrolments,
    certificates: new FakeCertificateRequests(),
    clock,
    random: seededRandom(3),
    logger: silent,
  };
  const audit = new MemoryAuditLog();
  const users = {
    get: (id: string) => Promise.resolve(id === 'u1' ? { value: learner, etag: '1' } : undefined),
  };
  const reset = new ResetQuizAttempts({ attempts, trainings, users, clock, audit });
  const start = new StartQuizAttempt(deps);
  const submit = new SubmitQuizAttempt(deps);
  const overview = new GetQuizOverview(deps);
  const get = new GetQuizAttempt(deps);
  const me = { userId: 'u1', language: 'fr', trainingId: 'hygiene' };

  async function attempt(pass: boolean): Promise<QuizAttemptView> {
    const started = await start.execute(me);
    if (!started.ok) throw new Error(`start failed: ${started.error.code}`);
    const view = started.value.view;
    await submit.execute({
      ...me,
      attemptId: view.attemptId,
      answers: view.questions.map((q) => ({
        questionId: q.id,
        optionIds: pass ? rightOptions(q.id) : ['d'],
      })),
    });
    clock.advance(2 * 60_000);
    return view;
  }
  return { attempts, audit, reset, start, submit, overview, get, me, clock, attempt };
}

const byAdmin = {
  actorId: 'u_admin',
  userId: 'u1',
  trainingId: 'hygiene',
  reason: 'Panne réseau pendant le test',
};

describe('resetting quiz attempts', () => {
  it('gives an exhausted learner their attempts back; the old ones stay, marked, and numbering goes on', async () => {
    const { attempts, audit, reset, start, submit, overview, get, me, attempt } = setup();
    for (let n = 0; n < 3; n++) await attempt(false);
    expect(await start.execute(me)).toMatchObject({ ok: false, error: { code: 'attempts_exhausted' } });

    expect(await reset.execute(byAdmin)).toEqual({ ok: true, value: { trainingId: 'hygiene', reset: 3 } });
    const status = await overview.execute({ userId: 'u1', trainingId: 'hygiene' });
    expect(status).toMatchObject({
      ok: true,
      value: { state: 'available', attemptsUsed: 0, attemptsLeft: 3, lastResult: null },
    });
    const fourth = await start.execute(me);
    expect(fourth).toMatchObject({ ok: true, value: { created: true, view: { attemptId: 'hygiene.4' } } });
    if (!fourth.ok) return;
    // Failing attempt 4 (the first counted one) leaves two: the answers stay hidden.
    const failed = await submit.execute({
      ...me,
      attemptId: 'hygiene.4',
      answers: fourth.value.view.questions.map((q) => ({ questionId: q.id, optionIds: ['d'] })),
    });
    expect(failed).toMatchObject({ ok: true, value: { status: 'failed', answersRevealed: false } });
    expect(
      attempts
        .all()
        .filter((a) => a.reset)
        .map((a) => a.attemptId),
    ).toEqual(['hygiene.1', 'hygiene.2', 'hygiene.3']);
    expect(attempts.all()[0]?.reset).toEqual({
      at: '2026-11-25T10:06:00.000Z',
      by: 'u_admin',
      reason: 'Panne réseau pendant le test',
    });
    // A reset attempt's result is still readable, and does not reveal the answers (attempts are left).
    const old = await get.execute({ ...me, attemptId: 'hygiene.1' });
    expect(old).toMatchObject({ ok: true, value: { status: 'failed', answersRevealed: false } });
    expect(audit.entries).toEqual([
      {
        actor: 'u_admin',
        action: 'quiz.attempts.reset',
        target: { type: 'training', id: 'hygiene' },
        subjectUserId: 'u1',
        at: '2026-11-25T10:06:00.000Z',
        before: { attemptsCounted: 3 },
        after: { attemptsCounted: 0 },
        reason: 'Panne réseau pendant le test',
      },
    ]);
  });

  it('lifts the wait after a failed attempt', async () => {
    const { reset, start, me, attempt, clock } = setup();
    await attempt(false);
    clock.advance(-2 * 60_000); // right after the failure: a minute to wait
    expect(await start.execute(me)).toMatchObject({ ok: false, error: { code: 'attempt_too_soon' } });
    expect((await reset.execute(byAdmin)).ok).toBe(true);
    expect(await start.execute(me)).toMatchObject({ ok: true, value: { created: true } });
  });

  it('leaves an attempt in progress alone, and resets nothing twice (nothing audited for nothing)', async () => {
    const { audit, reset, start, me, attempt } = setup();
    await attempt(false);
    const running = await start.execute(me);
    expect(running.ok).toBe(true);
    expect(await reset.execute(byAdmin)).toEqual({ ok: true, value: { trainingId: 'hygiene', reset: 1 } });
    expect(await reset.execute(byAdmin)).toEqual({ ok: true, value: { trainingId: 'hygiene', reset: 0 } });
    expect(await start.execute(me)).toMatchObject({ ok: true, value: { created: false } });
    expect(audit.entries).toHaveLength(1);
  });

  it('refuses a passed quiz and an unknown learner or training, changing nothing', async () => {
    const { attempts, audit, reset, attempt } = setup();
    await attempt(false);
    await attempt(true);
    expect(await reset.execute(byAdmin)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(attempts.all().some((a) => a.reset)).toBe(false);
    expect(await reset.execute({ ...byAdmin, userId: 'u_ghost' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await reset.execute({ ...byAdmin, trainingId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(audit.entries).toEqual([]);
  });
});
