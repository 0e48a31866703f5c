import {
  quizAttemptViewSchema,
  quizResultSchema,
  quizStatusSchema,
  type QuizAttemptView,
} from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { drawQuestions, shuffle } from '../src/domain/quiz/draw';
import { submissionGraceMs, type DrawnQuestion } from '../src/domain/quiz/model';
import { answerIssues, score } from '../src/domain/quiz/scoring';
import {
  certificateRetryAfterMs,
  GetQuizAttempt,
  GetQuizOverview,
  makeQuizStatus,
  StartQuizAttempt,
  SubmitQuizAttempt,
  SweepCertificateRequests,
  type QuizDeps,
} from '../src/domain/quiz/use-cases';
import { makeQuizRoutes } from '../src/functions/quiz/routes';
import { ManualClock } from './fakes/email-fakes';
import { RecordingLogger } from './fakes/logger';
import { roundTrips } from './fakes/round-trips';
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

const scripted = (values: number[]) => ({ int: () => values.shift() ?? 0 });

describe('drawing an attempt', () => {
  it('draws distinct questions from the bank and shuffles every question’s options', () => {
    const bank = questionBank('t', 10);
    const drawn = drawQuestions(bank, 4, seededRandom(7));
    expect(drawn).toHaveLength(4);
    expect(new Set(drawn.map((q) => q.questionId)).size).toBe(4);
    for (const question of drawn) {
      expect([...question.optionIds].sort()).toEqual(['a', 'b', 'c', 'd']);
      expect(question.correctOptionIds).toEqual(rightOptions(question.questionId));
    }
    // Deterministic for a given random source, and different draws for different seeds.
    expect(drawQuestions(bank, 4, seededRandom(7))).toEqual(drawn);
    const others = [1, 2, 3, 4, 5].map((seed) => drawQuestions(bank, 4, seededRandom(seed)));
    expect(others.some((other) => JSON.stringify(other) !== JSON.stringify(drawn))).toBe(true);
  });

  it('takes the whole bank when it holds fewer questions than an attempt asks for', () => {
    expect(drawQuestions(questionBank('t', 2), 5, seededRandom(1))).toHaveLength(2);
  });

  it('shuffles with Fisher–Yates from the injected source', () => {
    // i=3 swaps with 0, i=2 with 2, i=1 with 0.
    expect(shuffle(['a', 'b', 'c', 'd'], scripted([0, 2, 0]))).toEqual(['b', 'd', 'c', 'a']);
    // Every permutation of 3 items appears over many draws (no position is stuck).
    const seen = new Set<string>();
    const random = seededRandom(42);
    for (let i = 0; i < 200; i++) seen.add(shuffle(['x', 'y', 'z'], random).join(''));
    expect(seen.size).toBe(6);
  });
});

describe('scoring (all-or-nothing)', () => {
  const single: DrawnQuestion = {
    questionId: 's',
    type: 'single',
    optionIds: ['a', 'b', 'c'],
    correctOptionIds: ['b'],
  };
  const multiple: DrawnQuestion = {
    questionId: 'm',
    type: 'multiple',
    optionIds: ['a', 'b', 'c', 'd'],
    correctOptionIds: ['a', 'c'],
  };
  const third: DrawnQuestion = {
    questionId: 't',
    type: 'single',
    optionIds: ['x', 'y'],
    correctOptionIds: ['x'],
  };

  it('counts a single-choice question right only for its correct option', () => {
    expect(score([single], [{ questionId: 's', optionIds: ['b'] }], 100)).toEqual({
      correctCount: 1,
      scorePercent: 100,
      passed: true,
    });
    expect(score([single], [{ questionId: 's', optionIds: ['a'] }], 100).correctCount).toBe(0);
    expect(score([single], [{ questionId: 's', optionIds: [] }], 100).correctCount).toBe(0);
  });

  it('counts a multiple-choice question right only when the chosen set equals the correct set', () => {
    const right = (optionIds: string[]) =>
      score([multiple], [{ questionId: 'm', optionIds }], 100).correctCount;
    expect(right(['c', 'a'])).toBe(1);
    expect(right(['a'])).toBe(0); // a subset earns nothing
    expect(right(['a', 'b', 'c'])).toBe(0); // a superset earns nothing
    expect(right(['a', 'b', 'c', 'd'])).toBe(0); // ticking every box earns nothing
  });

  it('counts unanswered questions wrong and passes at exactly the pass mark', () => {
    const answers = [
      { questionId: 's', optionIds: ['b'] },
      { questionId: 'm', optionIds: ['a', 'c'] },
    ];
    const atTwoThirds = score([single, multiple, third], answers, 66);
    expect(atTwoThirds).toEqual({ correctCount: 2, scorePercent: 66.66, passed: true });
    // 66.66… % is below 67 %: floored, so the score shown never reaches a pass mark it missed.
    expect(score([single, multiple, third], answers, 67).passed).toBe(false);
    expect(score([single, multiple], answers.slice(0, 1), 50)).toEqual({
      correctCount: 1,
      scorePercent: 50,
      passed: true,
    });
  });

  it('finds answers that do not fit the attempt', () => {
    const questions = [single, multiple];
    expect(answerIssues(questions, [{ questionId: 's', optionIds: ['b'] }])).toEqual([]);
    expect(answerIssues(questions, [{ questionId: 'other', optionIds: ['a'] }])).toEqual([
      { path: 'answers.0.questionId', message: 'not a question of this attempt' },
    ]);
    expect(answerIssues(questions, [{ questionId: 'm', optionIds: ['a', 'z'] }])).toEqual([
      { path: 'answers.0.optionIds.1', message: 'not an option of this question' },
    ]);
    expect(answerIssues(questions, [{ questionId: 's', optionIds: ['a', 'b'] }])).toEqual([
      { path: 'answers.0.optionIds', message: 'a single-choice question takes one option' },
    ]);
    expect(answerIssues(questions, [{ questionId: 'm', optionIds: ['a', 'a'] }])).toHaveLength(1);
  });
});

function setup(quiz: Parameters<typeof quizTraining>[1] = {}) {
  const trainings = new MemoryTrainings();
  const training = quizTraining('hygiene', quiz);
  trainings.trainings.set(training.id, training);
  trainings.banks.set(training.id, questionBank(training.id, 6));
  const attempts = new MemoryQuizAttempts();
  const completion = new FakeCompletion();
  completion.complete('u1', 'hygiene');
  completion.complete('u2', 'hygiene');
  const enrolments = new FakeEnrolments();
  enrolments.enrol('u1', 'hygiene');
  enrolments.enrol('u2', 'hygiene');
  const certificates = new FakeCertificateRequests();
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const logger = new RecordingLogger();
  const logs = logger.lines;
  const deps: QuizDeps = {
    attempts,
    trainings,
    completion,
    enrolments,
    certificates,
    clock,
    random: seededRandom(3),
    logger,
  };
  const start = new StartQuizAttempt(deps);
  const submit = new SubmitQuizAttempt(deps);
  const get = new GetQuizAttempt(deps);
  const overview = new GetQuizOverview(deps);
  const sweep = new SweepCertificateRequests(deps);
  const me = { userId: 'u1', language: 'fr', trainingId: 'hygiene' };

  async function begin(user = me): Promise<QuizAttemptView> {
    const started = await start.execute(user);
    if (!started.ok) throw new Error(`start failed: ${started.error.code}`);
    return started.value.view;
  }
  const allRight = (view: QuizAttemptView) =>
    view.questions.map((q) => ({ questionId: q.id, optionIds: rightOptions(q.id) }));
  const allWrong = (view: QuizAttemptView) =>
    view.questions.map((q) => ({ questionId: q.id, optionIds: ['d'] }));
  return {
    trainings,
    attempts,
    completion,
    enrolments,
    certificates,
    clock,
    logs,
    start,
    submit,
    get,
    overview,
    sweep,
    me,
    begin,
    allRight,
    allWrong,
  };
}

describe('quiz rules', () => {
  it('stays locked until every chapter is completed', async () => {
    const { start, completion, overview } = setup();
    completion.completed.clear();
    const result = await start.execute({ userId: 'u1', language: 'fr', trainingId: 'hygiene' });
    expect(result).toMatchObject({ ok: false, error: { code: 'quiz_locked' } });
    const status = await overview.execute({ userId: 'u1', trainingId: 'hygiene' });
    expect(status).toMatchObject({
      ok: true,
      value: { state: 'locked', chaptersCompleted: false, attemptsUsed: 0 },
    });
  });

  it('sends prompts and options in the learner’s language, never the correct options or explanations', async () => {
    const { begin, attempts } = setup();
    const view = await begin({ userId: 'u1', language: 'nl', trainingId: 'hygiene' });
    expect(quizAttemptViewSchema.parse(view)).toEqual(view);
    expect(view.language).toBe('nl');
    expect(view.questions).toHaveLength(3);
    expect(view.questions[0]?.prompt).toMatch(/^Vraag \d\?$/);
    expect(view.questions[0]?.options[0]?.text).toMatch(/^Antwoord [a-d]$/);
    const wire = JSON.stringify(view);
    expect(wire).not.toMatch(/correct|explanation|Omdat|Parce que/);
    // The stored attempt keeps the draw: question ids, option order, deadline.
    const [stored] = attempts.all();
    expect(stored?.questions.map((q) => q.questionId)).toEqual(view.questions.map((q) => q.id));
    expect(stored?.questions.map((q) => q.optionIds)).toEqual(
      view.questions.map((q) => q.options.map((o) => o.id)),
    );
    expect(stored?.deadline).toBe('2026-11-25T10:20:00.000Z');
    expect(stored?.status).toBe('in_progress');
  });

  it('resumes the attempt in progress instead of drawing a second one, even for concurrent starts', async () => {
    const { start, me, attempts } = setup();
    const [first, second] = await Promise.all([start.execute(me), start.execute(me)]);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.value.view).toEqual(first.value.view);
    expect([first.value.created, second.value.created].sort()).toEqual([false, true]);
    const again = await start.execute(me);
    expect(again).toMatchObject({
      ok: true,
      value: { created: false, view: { attemptId: first.value.view.attemptId } },
    });
    expect(attempts.all()).toHaveLength(1);
  });

  it('scores a pass, records it, then asks for the certificate once', async () => {
    const { begin, submit, me, allRight, certificates, attempts, overview } = setup();
    const view = await begin();
    const readsBefore = attempts.getCalls;
    const result = await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // The attempt is read once: the request is noted on it with the etag the scoring write returned.
    expect(attempts.getCalls - readsBefore).toBe(1);
    expect(attempts.replaceCalls).toBe(2);
    expect(quizResultSchema.parse(result.value)).toEqual(result.value);
    expect(result.value).toMatchObject({
      status: 'passed',
      passed: true,
      correctCount: 3,
      scorePercent: 100,
    });
    const first = result.value.questions[0];
    expect(first?.right).toBe(true);
    expect(first?.correctOptionIds).toEqual(rightOptions(first?.id ?? ''));
    expect(first?.explanation).toMatch(/^Parce que/);
    expect(certificates.requests).toEqual([
      {
        userId: 'u1',
        trainingId: 'hygiene',
        attemptId: view.attemptId,
        passedAt: '2026-11-25T10:00:00.000Z',
        scorePercent: 100,
      },
    ]);
    expect(attempts.all()[0]?.certificate?.requestedAt).toBeDefined();
    const status = await overview.execute({ userId: 'u1', trainingId: 'hygiene' });
    expect(status).toMatchObject({ ok: true, value: { state: 'passed', passed: true } });
    expect(await makeQuizStatus(attempts).passed('u1', 'hygiene')).toBe(true);
    expect(await makeQuizStatus(attempts).passed('u2', 'hygiene')).toBe(false);
  });

  it('refuses a new attempt once passed', async () => {
    const { begin, submit, start, me, allRight } = setup();
    const view = await begin();
    await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    expect(await start.execute(me)).toMatchObject({ ok: false, error: { code: 'already_passed' } });
  });

  it('counts a double submission once and answers it with the stored result', async () => {
    const { begin, submit, me, allRight, allWrong, certificates } = setup();
    const view = await begin();
    const first = await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    // A second submission, even with other answers, does not score again.
    const second = await submit.execute({ ...me, attemptId: view.attemptId, answers: allWrong(view) });
    expect(second).toEqual(first);
    expect(certificates.requests).toHaveLength(1);
  });

  it('scores two concurrent submissions once and asks for one certificate', async () => {
    const { begin, submit, me, allRight, allWrong, certificates, attempts } = setup();
    const view = await begin();
    const [a, b] = await Promise.all([
      submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) }),
      submit.execute({ ...me, attemptId: view.attemptId, answers: allWrong(view) }),
    ]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ ok: true, value: { status: 'passed' } });
    expect(certificates.requests).toHaveLength(1);
    expect(attempts.all()).toHaveLength(1);
  });

  it('refuses answers that do not fit the attempt and records nothing', async () => {
    const { begin, submit, me, attempts } = setup();
    const view = await begin();
    const single = view.questions.find((q) => q.type === 'single');
    const before = JSON.stringify(attempts.all());
    const invalid = [
      [{ questionId: 'not-drawn', optionIds: ['a'] }],
      [{ questionId: view.questions[0]?.id ?? '', optionIds: ['zz'] }],
      [{ questionId: single?.id ?? '', optionIds: ['a', 'b'] }],
    ];
    for (const answers of invalid) {
      const result = await submit.execute({ ...me, attemptId: view.attemptId, answers });
      expect(result).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
    expect(JSON.stringify(attempts.all())).toBe(before);
    expect(attempts.replaceCalls).toBe(0);
  });

  it('expires an attempt submitted after its deadline plus grace; it counts as a failed attempt', async () => {
    const { begin, submit, me, allRight, clock, overview, get } = setup();
    const view = await begin();
    clock.advance(20 * 60_000 + submissionGraceMs + 1);
    const late = await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    expect(late).toMatchObject({ ok: false, error: { code: 'attempt_expired' } });
    const again = await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    expect(again).toMatchObject({ ok: false, error: { code: 'attempt_expired' } });
    const result = await get.execute({ ...me, attemptId: view.attemptId });
    expect(result).toMatchObject({ ok: true, value: { status: 'expired', passed: false, scorePercent: 0 } });
    const status = await overview.execute({ userId: 'u1', trainingId: 'hygiene' });
    // The wait counts from the deadline: 30 minutes after 10:20.
    expect(status).toMatchObject({
      ok: true,
      value: {
        state: 'waiting',
        attemptsUsed: 1,
        attemptsLeft: 2,
        nextAttemptAt: '2026-11-25T10:50:00.000Z',
      },
    });
  });

  it('accepts a submission within the grace period after the deadline', async () => {
    const { begin, submit, me, allRight, clock } = setup();
    const view = await begin();
    clock.advance(20 * 60_000 + submissionGraceMs - 1);
    const result = await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    expect(result).toMatchObject({ ok: true, value: { status: 'passed' } });
  });

  it('makes the learner wait after a failure, then allows the next attempt', async () => {
    const { begin, submit, start, me, allWrong, clock } = setup();
    const view = await begin();
    const failed = await submit.execute({ ...me, attemptId: view.attemptId, answers: allWrong(view) });
    expect(failed).toMatchObject({ ok: true, value: { status: 'failed', passed: false, correctCount: 0 } });
    clock.advance(10 * 60_000);
    const tooSoon = await start.execute(me);
    expect(tooSoon).toMatchObject({
      ok: false,
      error: { code: 'attempt_too_soon', retryAfterSeconds: 20 * 60 },
    });
    clock.advance(20 * 60_000);
    const next = await start.execute(me);
    expect(next).toMatchObject({
      ok: true,
      value: { created: true, view: { number: 2, attemptId: 'hygiene.2' } },
    });
  });

  it('refuses attempts beyond the maximum', async () => {
    const { begin, submit, start, me, allWrong, overview } = setup({
      maxAttempts: 2,
      waitMinutesBetweenAttempts: 0,
    });
    for (let i = 0; i < 2; i++) {
      const view = await begin();
      await submit.execute({ ...me, attemptId: view.attemptId, answers: allWrong(view) });
    }
    expect(await start.execute(me)).toMatchObject({ ok: false, error: { code: 'attempts_exhausted' } });
    const status = await overview.execute({ userId: 'u1', trainingId: 'hygiene' });
    expect(status.ok && quizStatusSchema.parse(status.value)).toMatchObject({
      state: 'exhausted',
      attemptsUsed: 2,
      attemptsLeft: 0,
      lastResult: { status: 'failed', scorePercent: 0 },
    });
  });

  it('allows unlimited attempts without a wait or a time limit when so configured', async () => {
    const { begin, submit, me, allWrong, attempts } = setup({
      maxAttempts: null,
      waitMinutesBetweenAttempts: 0,
      timeLimitMinutes: null,
    });
    for (let i = 0; i < 5; i++) {
      const view = await begin();
      expect(view.deadline).toBeNull();
      await submit.execute({ ...me, attemptId: view.attemptId, answers: allWrong(view) });
    }
    expect(attempts.all().map((a) => a.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
  });

  it('keeps the pass when the certificate request fails, and asks again on the next read', async () => {
    const { begin, submit, get, me, allRight, certificates, attempts, clock } = setup();
    const view = await begin();
    certificates.failures = 1;
    const result = await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    expect(result).toMatchObject({ ok: true, value: { status: 'passed' } });
    expect(certificates.requests).toHaveLength(0);
    expect(attempts.all()[0]?.status).toBe('passed');
    expect(attempts.all()[0]?.certificate?.lastFailureAt).toBe('2026-11-25T10:00:00.000Z');
    clock.advance(1_000);
    expect(await get.execute({ ...me, attemptId: view.attemptId })).toMatchObject({
      ok: true,
      value: { status: 'passed' },
    });
    expect(certificates.requests).toHaveLength(1);
    // Recorded: later reads and resubmissions do not ask again.
    clock.advance(certificateRetryAfterMs * 2);
    await get.execute({ ...me, attemptId: view.attemptId });
    await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    expect(certificates.requests).toHaveLength(1);
  });

  it('asks again for a certificate whose request never completed (the process stopped after the pass)', async () => {
    const { begin, submit, overview, me, allRight, certificates, attempts, clock } = setup();
    const view = await begin();
    await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    // Simulate a crash between the pass and the request: no note about the certificate.
    const [key, stored] = [...attempts.docs.entries()][0] ?? [];
    if (!key || !stored) throw new Error('no attempt');
    const { certificate: _certificate, ...withoutNote } = stored.value;
    attempts.docs.set(key, { ...stored, value: withoutNote });
    certificates.requests.length = 0;
    await overview.execute({ userId: 'u1', trainingId: 'hygiene' });
    expect(certificates.requests).toHaveLength(0); // maybe still under way
    clock.advance(certificateRetryAfterMs);
    await overview.execute({ userId: 'u1', trainingId: 'hygiene' });
    expect(certificates.requests).toHaveLength(1);
  });

  it('hides another learner’s attempts and unknown trainings', async () => {
    const { begin, get, submit, start, allRight, trainings } = setup();
    const view = await begin();
    const other = { userId: 'u2', language: 'fr', trainingId: 'hygiene', attemptId: view.attemptId };
    expect(await get.execute(other)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await submit.execute({ ...other, answers: allRight(view) })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await start.execute({ userId: 'u1', language: 'fr', trainingId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const published = await trainings.get('hygiene');
    if (!published) throw new Error('no training');
    const draft = {
      ...published,
      id: 'draft',
      trainingId: 'draft',
      status: 'draft' as const,
    };
    trainings.trainings.set('draft', draft);
    expect(await start.execute({ userId: 'u1', language: 'fr', trainingId: 'draft' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('reports an attempt in progress in the overview and expires it lazily when read', async () => {
    const { begin, overview, get, me, clock } = setup();
    const view = await begin();
    expect(await overview.execute({ userId: 'u1', trainingId: 'hygiene' })).toMatchObject({
      ok: true,
      value: { state: 'in_progress', currentAttemptId: view.attemptId, attemptsUsed: 1, attemptsLeft: 2 },
    });
    expect(await get.execute({ ...me, attemptId: view.attemptId })).toMatchObject({
      ok: true,
      value: { status: 'in_progress' },
    });
    clock.advance(21 * 60_000);
    expect(await overview.execute({ userId: 'u1', trainingId: 'hygiene' })).toMatchObject({
      ok: true,
      value: { state: 'waiting', currentAttemptId: null, lastResult: { status: 'expired' } },
    });
  });
});

describe('texts frozen at the draw', () => {
  /** The bank reworded (prompts, options, explanations), with the first drawn question deleted. */
  function rewordBank(trainings: MemoryTrainings, deletedId: string): void {
    const reworded = questionBank('hygiene', 6)
      .filter((question) => question.id !== deletedId)
      .map((question) => ({
        ...question,
        prompt: { fr: `Nouvelle ${question.id} ?`, nl: `Nieuwe ${question.id}?` },
        options: question.options.map((option) => ({
          ...option,
          text: { fr: `Autre ${option.id}`, nl: `Ander ${option.id}` },
        })),
        explanation: { fr: 'Nouvelle explication', nl: 'Nieuwe uitleg' },
      }));
    trainings.banks.set('hygiene', reworded);
  }

  it('shows the drawn texts in the attempt and its result after the bank changed', async () => {
    const { begin, get, submit, me, allRight, trainings } = setup();
    const view = await begin();
    const deletedId = view.questions[0]?.id ?? '';
    rewordBank(trainings, deletedId);

    const during = await get.execute({ ...me, attemptId: view.attemptId });
    expect(during).toEqual({ ok: true, value: view });
    expect(view.questions.every((q) => /^Question \d \?$/.test(q.prompt))).toBe(true);
    expect(view.questions.every((q) => q.options.every((o) => /^Réponse [a-d]$/.test(o.text)))).toBe(true);

    const result = await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    expect(result).toMatchObject({ ok: true, value: { status: 'passed', correctCount: 3 } });
    if (!result.ok) return;
    expect(result.value.questions.map((q) => q.prompt)).toEqual(view.questions.map((q) => q.prompt));
    expect(result.value.questions.map((q) => q.options.map((o) => o.text))).toEqual(
      view.questions.map((q) => q.options.map((o) => o.text)),
    );
    const deleted = result.value.questions.find((q) => q.id === deletedId);
    expect(deleted?.prompt).toMatch(/^Question \d \?$/);
    expect(deleted?.explanation).toMatch(/^Parce que \d$/);
    expect(JSON.stringify(result.value)).not.toMatch(/Nouvelle|Autre/);
    // Reading it later gives the same result.
    expect(await get.execute({ ...me, attemptId: view.attemptId })).toEqual(result);
  });

  it('still reads attempts stored before texts were copied, from the bank', async () => {
    const { begin, get, me, attempts } = setup();
    const view = await begin();
    const [key, stored] = [...attempts.docs.entries()][0] ?? [];
    if (!key || !stored) throw new Error('no attempt');
    const legacy = stored.value.questions.map(
      ({ prompt: _prompt, options: _options, explanation: _explanation, ...ids }) => ids,
    );
    attempts.docs.set(key, { ...stored, value: { ...stored.value, questions: legacy } });
    expect(await get.execute({ ...me, attemptId: view.attemptId })).toEqual({ ok: true, value: view });
  });
});

describe('correct answers only when they can no longer help', () => {
  it('hides the correct options and explanations of a failed attempt while attempts are left', async () => {
    const { begin, submit, get, me, allRight, allWrong } = setup();
    const view = await begin();
    // One right answer out of three: below the 60 % pass mark.
    const answers = [...allRight(view).slice(0, 1), ...allWrong(view).slice(1)];
    const failed = await submit.execute({ ...me, attemptId: view.attemptId, answers });
    expect(failed.ok).toBe(true);
    if (!failed.ok) return;
    expect(quizResultSchema.parse(failed.value)).toEqual(failed.value);
    expect(failed.value).toMatchObject({
      status: 'failed',
      correctCount: 1,
      scorePercent: 33.33,
      passPercent: 60,
      answersRevealed: false,
    });
    expect(failed.value.questions.map((q) => q.right)).toEqual([true, false, false]);
    expect(failed.value.questions[1]?.chosenOptionIds).toEqual(['d']);
    for (const question of failed.value.questions) {
      expect(question.correctOptionIds).toBeUndefined();
      expect(question.explanation).toBeUndefined();
      expect(question.options.every((o) => o.correct === undefined)).toBe(true);
    }
    expect(JSON.stringify(failed.value)).not.toMatch(/correct"|Parce que/);
    // The same when read again.
    expect(await get.execute({ ...me, attemptId: view.attemptId })).toEqual(failed);
  });

  it('hides them after an expiry, and from an earlier result while another attempt is in progress', async () => {
    const { begin, get, me, clock } = setup({ maxAttempts: 2, waitMinutesBetweenAttempts: 0 });
    const first = await begin();
    clock.advance(21 * 60_000);
    const expired = await get.execute({ ...me, attemptId: first.attemptId });
    expect(expired).toMatchObject({ ok: true, value: { status: 'expired', answersRevealed: false } });
    // The last attempt allowed is in progress: the first result must not help it.
    await begin();
    const again = await get.execute({ ...me, attemptId: first.attemptId });
    expect(again).toMatchObject({ ok: true, value: { status: 'expired', answersRevealed: false } });
    expect(JSON.stringify(again)).not.toMatch(/correctOptionIds|explanation/);
  });

  it('shows them once no attempt is left, on the last result only', async () => {
    const { begin, submit, get, me, allWrong } = setup({ maxAttempts: 2, waitMinutesBetweenAttempts: 0 });
    const first = await begin();
    const firstResult = await submit.execute({ ...me, attemptId: first.attemptId, answers: allWrong(first) });
    expect(firstResult).toMatchObject({ ok: true, value: { answersRevealed: false } });
    const second = await begin();
    const last = await submit.execute({ ...me, attemptId: second.attemptId, answers: allWrong(second) });
    expect(last.ok).toBe(true);
    if (!last.ok) return;
    expect(last.value).toMatchObject({ status: 'failed', answersRevealed: true });
    for (const question of last.value.questions) {
      expect(question.right).toBe(false);
      expect(question.correctOptionIds).toEqual(rightOptions(question.id));
      expect(question.explanation).toMatch(/^Parce que \d$/);
      expect(
        question.options
          .filter((o) => o.correct)
          .map((o) => o.id)
          .sort(),
      ).toEqual(rightOptions(question.id));
    }
    // An earlier attempt never reveals its answers: another draw's key must not be collected.
    const earlier = await get.execute({ ...me, attemptId: first.attemptId });
    expect(earlier).toMatchObject({ ok: true, value: { status: 'failed', answersRevealed: false } });
    expect(JSON.stringify(earlier)).not.toMatch(/correctOptionIds|explanation/);
  });

  it('shows them on a pass, never on the earlier failed results', async () => {
    const { begin, submit, get, me, allRight, allWrong, clock } = setup();
    const first = await begin();
    await submit.execute({ ...me, attemptId: first.attemptId, answers: allWrong(first) });
    clock.advance(30 * 60_000);
    const second = await begin();
    const passed = await submit.execute({ ...me, attemptId: second.attemptId, answers: allRight(second) });
    expect(passed).toMatchObject({ ok: true, value: { status: 'passed', answersRevealed: true } });
    const earlier = await get.execute({ ...me, attemptId: first.attemptId });
    expect(earlier).toMatchObject({ ok: true, value: { status: 'failed', answersRevealed: false } });
  });
});

describe('a training taken off the catalogue', () => {
  function unpublish(trainings: MemoryTrainings, status: 'draft' | 'archived'): void {
    const training = trainings.trainings.get('hygiene');
    if (!training) throw new Error('no training');
    trainings.trainings.set('hygiene', { ...training, status });
  }

  it('keeps its quiz for enrolled learners who completed the chapters', async () => {
    const { trainings, begin, submit, overview, me, allRight } = setup();
    unpublish(trainings, 'draft');
    expect(await overview.execute({ userId: 'u1', trainingId: 'hygiene' })).toMatchObject({
      ok: true,
      value: { state: 'available' },
    });
    const view = await begin();
    expect(await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) })).toMatchObject(
      { ok: true, value: { status: 'passed' } },
    );
  });

  it('does not exist for learners never enrolled in it', async () => {
    const { trainings, start, overview, completion } = setup();
    completion.complete('u3', 'hygiene');
    for (const status of ['draft', 'archived'] as const) {
      unpublish(trainings, status);
      expect(await start.execute({ userId: 'u3', language: 'fr', trainingId: 'hygiene' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect(await overview.execute({ userId: 'u3', trainingId: 'hygiene' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    }
  });
});

describe('certificate requests sweep', () => {
  it('asks again for the certificate of a pass whose request failed, once, and logs failed retries as errors', async () => {
    const { begin, submit, sweep, me, allRight, certificates, attempts, clock, logs } = setup();
    const view = await begin();
    certificates.failures = 2;
    await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    expect(logs.filter((l) => l.event === 'quiz.certificate_request_failed').map((l) => l.level)).toEqual([
      'warn',
    ]);

    clock.advance(5 * 60_000);
    expect(await sweep.execute()).toEqual({ ok: true, value: { found: 1, requested: 0, failed: 1 } });
    // A failed retry is an error: operators alert on it.
    expect(logs.filter((l) => l.event === 'quiz.certificate_request_failed').map((l) => l.level)).toEqual([
      'warn',
      'error',
    ]);
    expect(certificates.requests).toHaveLength(0);

    clock.advance(5 * 60_000);
    expect(await sweep.execute()).toEqual({ ok: true, value: { found: 1, requested: 1, failed: 0 } });
    expect(certificates.requests).toEqual([
      {
        userId: 'u1',
        trainingId: 'hygiene',
        attemptId: view.attemptId,
        passedAt: '2026-11-25T10:00:00.000Z',
        scorePercent: 100,
      },
    ]);
    expect(attempts.all()[0]?.certificate?.requestedAt).toBe('2026-11-25T10:10:00.000Z');
    expect(await sweep.execute()).toEqual({ ok: true, value: { found: 0, requested: 0, failed: 0 } });
    expect(certificates.requests).toHaveLength(1);
  });

  it('leaves a pass alone while its request may still be under way', async () => {
    const { begin, submit, sweep, me, allRight, certificates, attempts, clock } = setup();
    const view = await begin();
    await submit.execute({ ...me, attemptId: view.attemptId, answers: allRight(view) });
    // As if the process stopped between the pass and the request.
    const [key, stored] = [...attempts.docs.entries()][0] ?? [];
    if (!key || !stored) throw new Error('no attempt');
    const { certificate: _certificate, ...withoutNote } = stored.value;
    attempts.docs.set(key, { ...stored, value: withoutNote });
    certificates.requests.length = 0;
    expect(await sweep.execute()).toEqual({ ok: true, value: { found: 1, requested: 0, failed: 0 } });
    clock.advance(certificateRetryAfterMs);
    expect(await sweep.execute()).toEqual({ ok: true, value: { found: 1, requested: 1, failed: 0 } });
    expect(certificates.requests).toHaveLength(1);
  });
});

describe('round trips to the database', () => {
  // Each round trip is a wait for Cosmos, longer under load: reads that do not need each other's answer
  // are made together.
  function measured() {
    const world = setup();
    const rounds = roundTrips();
    const deps: QuizDeps = {
      attempts: rounds.through(world.attempts),
      trainings: rounds.through(world.trainings),
      completion: rounds.through(world.completion),
      enrolments: rounds.through(world.enrolments),
      certificates: rounds.through(world.certificates),
      clock: world.clock,
      random: seededRandom(3),
      logger: silent,
    };
    const me = { userId: 'u1', language: 'fr', trainingId: 'hygiene' };
    return {
      world,
      rounds,
      me,
      overview: new GetQuizOverview(deps),
      start: new StartQuizAttempt(deps),
      get: new GetQuizAttempt(deps),
      submit: new SubmitQuizAttempt(deps),
    };
  }

  it('the overview reads the training, the attempts and the completion in one round trip', async () => {
    const { rounds, overview, me } = measured();
    const status = await overview.execute(me);
    expect(status.ok && status.value.state).toBe('available');
    expect(rounds.rounds).toBe(1);
  });

  it('a start reads in one round trip, then reads the bank and creates the attempt', async () => {
    const { rounds, start, me } = measured();
    const started = await start.execute(me);
    expect(started.ok && started.value.created).toBe(true);
    expect(rounds.rounds).toBe(3);
  });

  it('reading an attempt and submitting a pass read the training and the attempt at once', async () => {
    const { world, rounds, start, get, submit, me } = measured();
    const started = await start.execute(me);
    if (!started.ok) throw new Error('start failed');
    const view = started.value.view;
    rounds.reset();
    const read = await get.execute({ ...me, attemptId: view.attemptId });
    expect(read.ok).toBe(true);
    expect(rounds.rounds).toBe(1);
    rounds.reset();
    const answers = view.questions.map((q) => ({ questionId: q.id, optionIds: rightOptions(q.id) }));
    const result = await submit.execute({ ...me, attemptId: view.attemptId, answers });
    expect(result.ok && result.value.status).toBe('passed');
    expect(world.certificates.requests).toHaveLength(1);
    // Read (training and attempt) → score → ask for the certificate beside reading the result → note it.
    expect(rounds.rounds).toBe(4);
  });
});

describe('quiz routes', () => {
  it('are all owner-scoped under /me, for signed-in callers who accepted the legal documents', () => {
    const deps = setupDeps();
    const routes = makeQuizRoutes({
      overview: new GetQuizOverview(deps),
      start: new StartQuizAttempt(deps),
      get: new GetQuizAttempt(deps),
      submit: new SubmitQuizAttempt(deps),
    });
    expect(routes.map((r) => `${r.methods.join(',')} ${r.route}`)).toEqual([
      'GET me/trainings/{trainingId}/quiz',
      'POST me/trainings/{trainingId}/quiz/attempts',
      'GET me/trainings/{trainingId}/quiz/attempts/{attemptId}',
      'POST me/trainings/{trainingId}/quiz/attempts/{attemptId}/submission',
    ]);
    for (const route of routes) {
      expect(route.access).toEqual({ kind: 'signed-in' });
      expect(route.requiresLegalAcceptance).toBe(true);
    }
  });
});

function setupDeps(): QuizDeps {
  return {
    attempts: new MemoryQuizAttempts(),
    trainings: new MemoryTrainings(),
    completion: new FakeCompletion(),
    enrolments: new FakeEnrolments(),
    certificates: new FakeCertificateRequests(),
    clock: new ManualClock(),
    random: seededRandom(1),
    logger: silent,
  };
}
