// The final quiz through the real stack: the api bundle in the local host, the Cosmos emulator, tokens
// from the local identity provider, the course player's real completion and the real certificates module.
import type { CosmosClient } from '@azure/cosmos';
import {
  courseViewSchema,
  myCertificatesSchema,
  problemSchema,
  quizAttemptViewSchema,
  quizResultSchema,
  quizStatusSchema,
  type QuizAttemptView,
  type QuizResult,
  type Training,
} from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import { createCosmosClient } from '../src/adapters/cosmos/client';
import { CosmosQuizAttemptRepository } from '../src/adapters/cosmos/quiz-attempt-repository';
import { CosmosTrainingRepository } from '../src/adapters/cosmos/training-repository';
import { StartQuizAttempt, SubmitQuizAttempt, type QuizDeps } from '../src/domain/quiz/use-cases';
import { certificateSweepTimer, cryptoRandom } from '../src/functions/quiz/compose';
import { FakeCertificateRequests, questionBank, quizTraining, rightOptions } from './fakes/quiz-fakes';

const emulators = inject('emulators');
const database = 'soins-quiz';
let stack: ApiStack;
let cosmos: CosmosClient;
let trainings: CosmosTrainingRepository;

beforeAll(async () => {
  stack = await startApiStack(emulators, database, { approvedDiplomas: true });
  cosmos = createCosmosClient({
    COSMOS_ENDPOINT: emulators.cosmosEndpoint,
    COSMOS_KEY: emulators.cosmosKey,
    COSMOS_ALLOW_INSECURE_EMULATOR: true,
  });
  trainings = new CosmosTrainingRepository(cosmos, database);
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

/** A free training (no subscription needed) whose chapters complete when opened. */
async function seedTraining(id: string, quiz: Partial<Training['quiz']> = {}): Promise<void> {
  const training: Training = {
    ...quizTraining(id, quiz),
    free: true,
    completionRule: { kind: 'launch' },
    chapters: ['one', 'two'].map((chapter) => ({
      id: chapter,
      title: { fr: `Chapitre ${chapter}`, nl: `Hoofdstuk ${chapter}` },
      durationSeconds: 60,
      video: { fr: `${id}/${chapter}.fr.mp4`, nl: `${id}/${chapter}.nl.mp4` },
    })),
  };
  await trainings.save(training);
  await trainings.replaceQuestions(id, questionBank(id, 6));
}

/** Enrols and opens every chapter through the course player's own routes. */
async function completeChapters(caller: Caller, trainingId: string): Promise<void> {
  expect((await stack.call(caller, 'POST', `me/trainings/${trainingId}/enrolment`)).status).toBeLessThan(300);
  for (const chapter of ['one', 'two']) {
    const opened = await stack.call(caller, 'GET', `me/trainings/${trainingId}/chapters/${chapter}/video`);
    expect(opened.status).toBe(200);
  }
}

const quizPath = (trainingId: string) => `me/trainings/${trainingId}/quiz`;

async function status(caller: Caller, trainingId: string) {
  const response = await stack.call(caller, 'GET', quizPath(trainingId));
  expect(response.status).toBe(200);
  return quizStatusSchema.parse(await response.json());
}

async function start(caller: Caller, trainingId: string): Promise<{ status: number; view: QuizAttemptView }> {
  const response = await stack.call(caller, 'POST', `${quizPath(trainingId)}/attempts`);
  expect([200, 201]).toContain(response.status);
  return { status: response.status, view: quizAttemptViewSchema.parse(await response.json()) };
}

function submit(
  caller: Caller,
  view: QuizAttemptView,
  answers: { questionId: string; optionIds: string[] }[],
) {
  return stack.call(caller, 'POST', `${quizPath(view.trainingId)}/attempts/${view.attemptId}/submission`, {
    json: { answers },
  });
}

const allRight = (view: QuizAttemptView) =>
  view.questions.map((q) => ({ questionId: q.id, optionIds: rightOptions(q.id) }));
const allWrong = (view: QuizAttemptView) =>
  view.questions.map((q) => ({ questionId: q.id, optionIds: ['d'] }));

async function problemOf(response: Response) {
  return problemSchema.parse(await response.json());
}

describe('final quiz', () => {
  it('stays locked until every chapter is completed, then draws one attempt without the answers', async () => {
    await seedTraining('quiz-flow');
    expect(await status('learner', 'quiz-flow')).toMatchObject({
      state: 'locked',
      chaptersCompleted: false,
      attemptsUsed: 0,
      attemptsLeft: 3,
    });
    const locked = await stack.call('learner', 'POST', `${quizPath('quiz-flow')}/attempts`);
    expect(locked.status).toBe(403);
    expect((await problemOf(locked)).code).toBe('quiz_locked');

    await completeChapters('learner', 'quiz-flow');
    expect((await status('learner', 'quiz-flow')).state).toBe('available');
    const first = await start('learner', 'quiz-flow');
    expect(first.status).toBe(201);
    expect(first.view.language).toBe('fr');
    expect(first.view.questions).toHaveLength(3);
    expect(first.view.questions[0]?.prompt).toMatch(/^Question \d \?$/);
    expect(JSON.stringify(first.view)).not.toMatch(/correct|explanation/);

    // Starting again resumes the same draw.
    const again = await start('learner', 'quiz-flow');
    expect(again.status).toBe(200);
    expect(again.view).toEqual(first.view);
    const read = await stack.call(
      'learner',
      'GET',
      `${quizPath('quiz-flow')}/attempts/${first.view.attemptId}`,
    );
    expect(quizAttemptViewSchema.parse(await read.json())).toEqual(first.view);
    expect(await status('learner', 'quiz-flow')).toMatchObject({
      state: 'in_progress',
      currentAttemptId: first.view.attemptId,
      attemptsUsed: 1,
    });

    // Another learner cannot read or submit it.
    const foreign = `${quizPath('quiz-flow')}/attempts/${first.view.attemptId}`;
    expect((await stack.call('otherLearner', 'GET', foreign)).status).toBe(404);
    expect((await submit('otherLearner', first.view, allRight(first.view))).status).toBe(404);

    // Answers that do not fit the attempt are refused and nothing is recorded.
    const single = first.view.questions.find((q) => q.type === 'single');
    for (const answers of [
      [{ questionId: 'not-drawn', optionIds: ['a'] }],
      [{ questionId: first.view.questions[0]?.id ?? '', optionIds: ['zz'] }],
      [{ questionId: single?.id ?? '', optionIds: ['a', 'b'] }],
    ]) {
      const refused = await submit('learner', first.view, answers);
      expect(refused.status).toBe(400);
      const problem = await problemOf(refused);
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors?.[0]?.path).toMatch(/^answers\.0\./);
    }
    expect((await status('learner', 'quiz-flow')).state).toBe('in_progress');
  });

  it('scores two concurrent submissions once and asks for one certificate', async () => {
    const { view } = await start('learner', 'quiz-flow');
    // A double click: the same answers sent twice at once.
    const responses = await Promise.all([
      submit('learner', view, allRight(view)),
      submit('learner', view, allRight(view)),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const [a, b] = await Promise.all(responses.map((r) => r.text()));
    expect(a).toBe(b);
    const result: QuizResult = quizResultSchema.parse(JSON.parse(a ?? ''));
    expect(result).toMatchObject({ status: 'passed', passed: true, correctCount: 3, scorePercent: 100 });
    expect(result.questions.every((q) => q.right && q.explanation?.startsWith('Parce que'))).toBe(true);

    // A later resubmission answers the same stored result; the attempt page shows it too.
    const resubmitted = await submit('learner', view, allWrong(view));
    expect(await resubmitted.text()).toBe(a);
    const read = await stack.call('learner', 'GET', `${quizPath('quiz-flow')}/attempts/${view.attemptId}`);
    expect(quizResultSchema.parse(await read.json())).toEqual(result);

    const doc = await cosmos
      .database(database)
      .container('learning')
      .item(`attempt:${view.attemptId}`, stack.idOf('learner'))
      .read<{ kind: string; status: string; certificate?: { requestedAt?: string } }>();
    expect(doc.resource).toMatchObject({ kind: 'quiz-attempt', status: 'passed' });
    expect(doc.resource?.certificate?.requestedAt).toBeDefined();

    expect(await status('learner', 'quiz-flow')).toMatchObject({
      state: 'passed',
      passed: true,
      lastResult: { attemptId: view.attemptId, status: 'passed', scorePercent: 100 },
    });
    // The course player reads the pass through the quiz's status (wired in main.ts).
    const courseResponse = await stack.call('learner', 'GET', 'me/trainings/quiz-flow');
    const courseBody = await courseResponse.text();
    expect(courseResponse.status, courseBody).toBe(200);
    const course = courseViewSchema.parse(JSON.parse(courseBody));
    expect(course.nextStep).toEqual({ kind: 'done' });
    const anotherStart = await stack.call('learner', 'POST', `${quizPath('quiz-flow')}/attempts`);
    expect(anotherStart.status).toBe(409);
    expect((await problemOf(anotherStart)).code).toBe('already_passed');

    // The certificates module receives the request and issues exactly one certificate.
    const deadline = Date.now() + 30_000;
    let issued = 0;
    while (Date.now() < deadline) {
      await stack.host.queues.idle();
      const mine = myCertificatesSchema.parse(
        await (await stack.call('learner', 'GET', 'me/certificates')).json(),
      );
      issued = mine.items.filter((c) => c.trainingId === 'quiz-flow').length;
      if (issued > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(issued).toBe(1);
  }, 60_000);

  it('shows the attempt in the learner’s language', async () => {
    await completeChapters('otherLearner', 'quiz-flow');
    const { view } = await start('otherLearner', 'quiz-flow');
    expect(view.language).toBe('nl');
    expect(view.questions[0]?.prompt).toMatch(/^Vraag \d\?$/);
    expect(view.questions[0]?.options[0]?.text).toMatch(/^Antwoord [a-d]$/);
  });

  it('makes the learner wait after a failure (Retry-After), and stops at the maximum', async () => {
    await seedTraining('quiz-wait', { maxAttempts: 2, waitMinutesBetweenAttempts: 30 });
    await completeChapters('learner', 'quiz-wait');
    const { view } = await start('learner', 'quiz-wait');
    const failed = quizResultSchema.parse(await (await submit('learner', view, allWrong(view))).json());
    expect(failed).toMatchObject({
      status: 'failed',
      passed: false,
      correctCount: 0,
      answersRevealed: false,
    });
    // An attempt is left: which questions were wrong, but not the right answers nor the explanations.
    expect(failed.questions.every((q) => !q.right)).toBe(true);
    expect(JSON.stringify(failed)).not.toMatch(/correctOptionIds|"correct"|explanation|Parce que/);

    const tooSoon = await stack.call('learner', 'POST', `${quizPath('quiz-wait')}/attempts`);
    expect(tooSoon.status).toBe(429);
    expect((await problemOf(tooSoon)).code).toBe('attempt_too_soon');
    const retryAfter = Number(tooSoon.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(29 * 60);
    expect(retryAfter).toBeLessThanOrEqual(30 * 60);
    const waiting = await status('learner', 'quiz-wait');
    expect(waiting).toMatchObject({ state: 'waiting', attemptsUsed: 1, attemptsLeft: 1 });
    expect(Date.parse(waiting.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());

    await seedTraining('quiz-once', { maxAttempts: 1, waitMinutesBetweenAttempts: 0 });
    await completeChapters('learner', 'quiz-once');
    const once = (await start('learner', 'quiz-once')).view;
    const onlyAttempt = await submit('learner', once, allWrong(once));
    expect(onlyAttempt.status).toBe(200);
    // No attempt left: the result now shows the right answers and the explanations.
    const revealed = quizResultSchema.parse(await onlyAttempt.json());
    expect(revealed.answersRevealed).toBe(true);
    expect(revealed.questions[0]?.correctOptionIds).toEqual(rightOptions(revealed.questions[0]?.id ?? ''));
    expect(revealed.questions[0]?.explanation).toMatch(/^Parce que/);
    const exhausted = await stack.call('learner', 'POST', `${quizPath('quiz-once')}/attempts`);
    expect(exhausted.status).toBe(409);
    expect((await problemOf(exhausted)).code).toBe('attempts_exhausted');
    expect((await status('learner', 'quiz-once')).state).toBe('exhausted');
  });

  it('reveals the corrections of the last attempt only: earlier attempts never give the key away', async () => {
    // A learner scripting the api directly: three failed attempts, then every result read back.
    await seedTraining('quiz-key', { maxAttempts: 3, waitMinutesBetweenAttempts: 0 });
    await completeChapters('otherLearner', 'quiz-key');
    const views: QuizAttemptView[] = [];
    for (let n = 0; n < 3; n++) {
      const { view } = await start('otherLearner', 'quiz-key');
      views.push(view);
      const result = quizResultSchema.parse(
        await (await submit('otherLearner', view, allWrong(view))).json(),
      );
      // Attempts left: no correction; the third and last: its own corrections only.
      expect(result.answersRevealed).toBe(n === 2);
    }
    for (const [index, view] of views.entries()) {
      const read = await stack.call(
        'otherLearner',
        'GET',
        `${quizPath('quiz-key')}/attempts/${view.attemptId}`,
      );
      const text = await read.text();
      const result = quizResultSchema.parse(JSON.parse(text));
      const last = index === views.length - 1;
      expect(result.answersRevealed).toBe(last);
      if (!last) expect(text).not.toMatch(/correctOptionIds|"correct"|explanation|Parce que/);
    }
  });

  it('expires an attempt submitted after its deadline: 409, and it counts as a failed attempt', async () => {
    await seedTraining('quiz-timed', { timeLimitMinutes: 1, waitMinutesBetweenAttempts: 0 });
    await completeChapters('learner', 'quiz-timed');
    const { view } = await start('learner', 'quiz-timed');
    expect(view.deadline).not.toBeNull();
    // Move the deadline into the past rather than waiting a minute.
    const item = cosmos
      .database(database)
      .container('learning')
      .item(`attempt:${view.attemptId}`, stack.idOf('learner'));
    const { resource } = await item.read<Record<string, unknown>>();
    if (!resource) throw new Error('no attempt document');
    await item.replace({ ...resource, deadline: new Date(Date.now() - 6_000).toISOString() });

    const late = await submit('learner', view, allRight(view));
    expect(late.status).toBe(409);
    expect((await problemOf(late)).code).toBe('attempt_expired');
    const read = await stack.call('learner', 'GET', `${quizPath('quiz-timed')}/attempts/${view.attemptId}`);
    expect(quizResultSchema.parse(await read.json())).toMatchObject({ status: 'expired', passed: false });
    expect(await status('learner', 'quiz-timed')).toMatchObject({
      state: 'available',
      attemptsUsed: 1,
      attemptsLeft: 2,
      lastResult: { status: 'expired', scorePercent: 0 },
    });
    // The next attempt is a new draw.
    const next = await start('learner', 'quiz-timed');
    expect(next.status).toBe(201);
    expect(next.view.attemptId).not.toBe(view.attemptId);
  });

  it('keeps the quiz of a training taken off the catalogue for enrolled learners only', async () => {
    await seedTraining('quiz-unpublished');
    await completeChapters('learner', 'quiz-unpublished');
    const training = await trainings.get('quiz-unpublished');
    if (!training) throw new Error('no training');
    // Through the api's own store, as the admin routes change it: the cached training is dropped at once.
    await stack.composition.trainings.save({ ...training, status: 'draft' });
    expect((await status('learner', 'quiz-unpublished')).state).toBe('available');
    expect((await start('learner', 'quiz-unpublished')).status).toBe(201);
    expect((await stack.call('otherLearner', 'GET', quizPath('quiz-unpublished'))).status).toBe(404);
  });

  it('asks again from the sweep timer for a certificate whose request failed after the pass', async () => {
    await seedTraining('quiz-sweep');
    await completeChapters('learner', 'quiz-sweep');
    // The pass is recorded by a quiz whose certificate requests fail (a queue outage).
    const failing = new FakeCertificateRequests();
    failing.failures = 1;
    const errors: string[] = [];
    const deps: QuizDeps = {
      attempts: new CosmosQuizAttemptRepository(cosmos, database),
      trainings,
      completion: { completedTraining: () => Promise.resolve(true) },
      enrolments: { isEnrolled: () => Promise.resolve(true) },
      certificates: failing,
      clock: { now: () => new Date() },
      random: cryptoRandom,
      logger: { info: () => undefined, warn: () => undefined, error: (event) => errors.push(event) },
    };
    const learnerId = stack.idOf('learner');
    const started = await new StartQuizAttempt(deps).execute({
      userId: learnerId,
      language: 'fr',
      trainingId: 'quiz-sweep',
    });
    if (!started.ok) throw new Error(`start failed: ${started.error.code}`);
    const view = started.value.view;
    const passed = await new SubmitQuizAttempt(deps).execute({
      userId: learnerId,
      language: 'fr',
      trainingId: 'quiz-sweep',
      attemptId: view.attemptId,
      answers: allRight(view),
    });
    expect(passed).toMatchObject({ ok: true, value: { status: 'passed' } });
    expect(failing.requests).toHaveLength(0);
    const item = cosmos.database(database).container('learning').item(`attempt:${view.attemptId}`, learnerId);
    const before = await item.read<{ certificate?: { requestedAt?: string; lastFailureAt?: string } }>();
    expect(before.resource?.certificate?.lastFailureAt).toBeDefined();
    expect(before.resource?.certificate?.requestedAt).toBeUndefined();

    const fire = () =>
      fetch(`${stack.host.url}/admin/functions/${certificateSweepTimer.name}`, {
        method: 'POST',
        body: '{}',
      });
    expect((await fire()).status).toBe(202);
    const after = await item.read<{ certificate?: { requestedAt?: string } }>();
    expect(after.resource?.certificate?.requestedAt).toBeDefined();
    // A second run finds nothing left to ask for.
    expect((await fire()).status).toBe(202);
    expect(errors).toEqual([]);

    const certificatesOf = async () =>
      myCertificatesSchema
        .parse(await (await stack.call('learner', 'GET', 'me/certificates')).json())
        .items.filter((c) => c.trainingId === 'quiz-sweep');
    const deadline = Date.now() + 30_000;
    let issued = 0;
    while (Date.now() < deadline) {
      await stack.host.queues.idle();
      issued = (await certificatesOf()).length;
      if (issued > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(issued).toBe(1);
    // The certificates module recorded the request of this attempt, once.
    const requests = await cosmos
      .database(database)
      .container('certificates')
      .items.query<{ attemptId: string }>(
        {
          query: 'SELECT * FROM c WHERE c.userId = @u AND c.kind = @k AND c.trainingId = @t',
          parameters: [
            { name: '@u', value: learnerId },
            { name: '@k', value: 'request' },
            { name: '@t', value: 'quiz-sweep' },
          ],
        },
        { partitionKey: learnerId },
      )
      .fetchAll();
    expect(requests.resources.map((r) => r.attemptId)).toEqual([view.attemptId]);
  }, 60_000);

  it('answers 404 for unknown trainings and malformed ids, 401 without a token', async () => {
    expect((await stack.call('learner', 'GET', quizPath('no-such-training'))).status).toBe(404);
    expect((await stack.call('learner', 'GET', `${quizPath('quiz-flow')}/attempts/NOT_AN_ID`)).status).toBe(
      404,
    );
    expect((await stack.call('anonymous', 'GET', quizPath('quiz-flow'))).status).toBe(401);
  });
});
