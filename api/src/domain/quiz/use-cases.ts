// The final quiz, enforced here rather than in the browser: unlocking, attempts, waits, deadlines,
// scoring and the certificate request of a pass.
import {
  contentLanguageFor,
  type ContentLanguage,
  type Question,
  type QuizAttemptOrResult,
  type QuizAttemptView,
  type QuizResult,
  type QuizStatusView,
  type Training,
} from '@soins/shared';
import type { TrainingRepository } from '../catalogue/ports';
import type { CertificateRequests } from '../certificates/request-port';
import type { CourseCompletion } from '../learning/completion-port';
import type { QuizStatus } from './status-port';
import type { Clock, Logger } from '../ports';
import { fail, ok, type Result } from '../result';
import { drawQuestions } from './draw';
import {
  countsAgainstLimit,
  submissionGraceMs,
  type Answer,
  type QuizAttempt,
  type QuizAttemptRepository,
  type QuizEnrolments,
  type QuizError,
  type RandomSource,
  type StoredAttempt,
} from './model';
import { answerIssues, score } from './scoring';
import { attemptView, hasFrozenTexts, resultView } from './views';

export interface QuizDeps {
  readonly attempts: QuizAttemptRepository;
  readonly trainings: TrainingRepository;
  readonly completion: CourseCompletion;
  readonly enrolments: QuizEnrolments;
  readonly certificates: CertificateRequests;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
}

/**
 * A passed attempt whose certificate request is neither recorded nor known to have failed is left alone
 * this long: the request is probably still under way (a concurrent submission), and asking twice is
 * harmless but wasteful. After that, or after a recorded failure, any read of the quiz asks again.
 */
export const certificateRetryAfterMs = 60_000;

/** What `ensureCertificate` did: asked (and it was accepted), asked and failed, or had nothing to ask. */
export type CertificateRequestOutcome = 'requested' | 'failed' | 'not_due';

/** Attempt ids name the training and the attempt's number, so two concurrent starts collide on create. */
export const attemptIdFor = (trainingId: string, number: number): string => `${trainingId}.${number}`;

const notFound: QuizError = { code: 'not_found', message: 'no such training or attempt' };

interface Caller {
  readonly userId: string;
  readonly language: string;
}

/** The rules every use case shares: loading, lazy expiry, and the certificate request of a pass. */
class QuizCore {
  constructor(readonly deps: QuizDeps) {}

  /**
   * A training this learner can take the quiz of. Same rule as the course player: a published training,
   * or one taken off the catalogue that the learner is already enrolled in; anything else does not exist
   * for them.
   */
  async training(
    trainingId: string,
    userId: string,
    read: Promise<Training | undefined> = this.deps.trainings.get(trainingId),
  ): Promise<Training | undefined> {
    const training = await read;
    if (!training) return undefined;
    if (training.status === 'published') return training;
    return (await this.deps.enrolments.isEnrolled(userId, trainingId)) ? training : undefined;
  }

  /** The bank, read only when an attempt lacks its own copy of the texts (drawn before they were copied). */
  async bankFor(attempt: QuizAttempt, training: Training): Promise<Question[]> {
    return hasFrozenTexts(attempt) ? [] : this.bank(training);
  }

  /**
   * Correct answers only when they can no longer help, and only those of the learner's own last
   * attempt: once it passed, or when no attempt is left (the maximum is reached). An earlier attempt
   * never reveals its answers, so an account that spends every attempt learns at most one draw's key.
   */
  async revealsAnswers(training: Training, attempt: QuizAttempt): Promise<boolean> {
    const all = (await this.deps.attempts.listFor(attempt.userId, training.id)).map((s) => s.value);
    // Only the last attempt: any later one (reset or not) keeps this one's key hidden.
    if (all.some((other) => other.number > attempt.number)) return false;
    if (attempt.status === 'passed') return true;
    const { maxAttempts } = training.quiz;
    // Attempts reset by an admin do not count: the learner has attempts again.
    const counted = new Set([
      ...all.filter(countsAgainstLimit).map((other) => other.attemptId),
      ...(countsAgainstLimit(attempt) ? [attempt.attemptId] : []),
    ]).size;
    return maxAttempts !== null && counted >= maxAttempts;
  }

  async result(training: Training, attempt: QuizAttempt, language: ContentLanguage): Promise<QuizResult> {
    const [bank, reveal] = await Promise.all([
      this.bankFor(attempt, training),
      this.revealsAnswers(training, attempt),
    ]);
    return resultView(attempt, bank, language, reveal);
  }

  async ownAttempt(
    userId: string,
    trainingId: string,
    attemptId: string,
  ): Promise<StoredAttempt | undefined> {
    const stored = await this.deps.attempts.get(userId, attemptId);
    return stored?.value.trainingId === trainingId ? stored : undefined;
  }

  /** The learner's attempts, with any attempt past its deadline recorded as expired first. */
  async attemptsOf(userId: string, trainingId: string): Promise<StoredAttempt[]> {
    return this.settleAll(await this.deps.attempts.listFor(userId, trainingId));
  }

  settleAll(stored: readonly StoredAttempt[]): Promise<StoredAttempt[]> {
    return Promise.all(stored.map((attempt) => this.settle(attempt)));
  }

  /**
   * Where the learner stands, read in one round trip: the training (undefined when this learner may not
   * take its quiz), her attempts as stored (not settled yet: nothing is written before the training is
   * known) and whether the course is completed. None of these reads needs another's answer.
   */
  async standing(
    userId: string,
    trainingId: string,
  ): Promise<{ training: Training | undefined; listed: StoredAttempt[]; completed: boolean }> {
    const read = this.deps.trainings.get(trainingId);
    const [training, listed, completed] = await Promise.all([
      this.training(trainingId, userId, read),
      this.deps.attempts.listFor(userId, trainingId),
      this.deps.completion.completedTraining(userId, trainingId, { training: read }),
    ]);
    return { training, listed, completed };
  }

  /** The training and the learner's own attempt, read at once (neither read needs the other's answer). */
  async trainingAndAttempt(
    userId: string,
    trainingId: string,
    attemptId: string,
  ): Promise<{ training: Training | undefined; attempt: StoredAttempt | undefined }> {
    const [training, attempt] = await Promise.all([
      this.training(trainingId, userId),
      this.ownAttempt(userId, trainingId, attemptId),
    ]);
    return { training, attempt };
  }

  isPastDeadline(attempt: QuizAttempt): boolean {
    return (
      attempt.deadline !== null &&
      this.deps.clock.now().getTime() > Date.parse(attempt.deadline) + submissionGraceMs
    );
  }

  /** Records an attempt in progress past its deadline (+ grace) as expired: a failed attempt, no answers. */
  async settle(stored: StoredAttempt): Promise<StoredAttempt> {
    let current = stored;
    for (let round = 0; round < 3; round++) {
      if (current.value.status !== 'in_progress' || !this.isPastDeadline(current.value)) return current;
      const expired: QuizAttempt = {
        ...current.value,
        status: 'expired',
        // The attempt ended at its deadline, whenever it is noticed; the wait before the next one counts from there.
        submittedAt: current.value.deadline ?? this.deps.clock.now().toISOString(),
        answers: [],
        correctCount: 0,
        scorePercent: 0,
      };
      if (await this.deps.attempts.replace(expired, current.etag)) {
        this.deps.logger.info('quiz.attempt_expired', {
          attemptId: expired.attemptId,
          trainingId: expired.trainingId,
        });
      }
      const reread = await this.deps.attempts.get(current.value.userId, current.value.attemptId);
      if (!reread) return current;
      current = reread;
    }
    return current;
  }

  /**
   * Asks for the certificate of a passed attempt unless it was already asked for. The pass is recorded
   * before this runs, so a failure here never loses it: the next read or submission asks again, and so
   * does the sweep timer (`SweepCertificateRequests`) if the learner never comes back.
   */
  async ensureCertificate(
    stored: StoredAttempt,
    options: { justPassed: boolean } = { justPassed: false },
  ): Promise<CertificateRequestOutcome> {
    const attempt = stored.value;
    if (attempt.status !== 'passed' || attempt.certificate?.requestedAt) return 'not_due';
    const now = this.deps.clock.now();
    const endedAt = Date.parse(attempt.submittedAt ?? attempt.startedAt);
    const due =
      options.justPassed ||
      attempt.certificate?.lastFailureAt !== undefined ||
      now.getTime() - endedAt >= certificateRetryAfterMs;
    if (!due) return 'not_due';
    try {
      await this.deps.certificates.request({
        userId: attempt.userId,
        trainingId: attempt.trainingId,
        attemptId: attempt.attemptId,
        passedAt: attempt.submittedAt ?? now.toISOString(),
        scorePercent: attempt.scorePercent ?? 0,
        ...(attempt.quizVersion !== undefined ? { quizVersion: attempt.quizVersion } : {}),
      });
    } catch (error) {
      const fields = {
        attemptId: attempt.attemptId,
        trainingId: attempt.trainingId,
        retry: !options.justPassed,
        errorName: error instanceof Error ? error.name : typeof error,
      };
      // A first failure is retried soon; a failed retry means requests keep failing: operators alert on it.
      if (options.justPassed) this.deps.logger.warn('quiz.certificate_request_failed', fields);
      else this.deps.logger.error('quiz.certificate_request_failed', fields);
      await this.recordCertificate(stored, { lastFailureAt: now.toISOString() });
      return 'failed';
    }
    await this.recordCertificate(stored, { requestedAt: now.toISOString() });
    return 'requested';
  }

  /**
   * Best effort: the request is idempotent, so losing this note only costs a repeated request. The
   * attempt as the caller holds it is written first (no read when its etag still holds).
   */
  private async recordCertificate(
    known: StoredAttempt,
    note: { requestedAt: string } | { lastFailureAt: string },
  ): Promise<void> {
    const attempt = known.value;
    for (let round = 0; round < 3; round++) {
      const current = round === 0 ? known : await this.deps.attempts.get(attempt.userId, attempt.attemptId);
      if (!current || current.value.certificate?.requestedAt) return;
      const certificate = { ...current.value.certificate, ...note };
      if (await this.deps.attempts.replace({ ...current.value, certificate }, current.etag)) return;
    }
  }

  /** The training's current bank, found from the training as just read (not read again). */
  async bank(training: Training): Promise<Question[]> {
    return this.deps.trainings.questions(training.id, { training });
  }
}

/** When the learner may start again after a failed or expired attempt, if they must wait. */
function nextAllowedAt(training: Training, attempts: readonly QuizAttempt[]): Date | undefined {
  const last = attempts.filter((attempt) => attempt.status !== 'in_progress').at(-1);
  if (!last || last.status === 'passed') return undefined;
  const ended = Date.parse(last.submittedAt ?? last.startedAt);
  return new Date(ended + training.quiz.waitMinutesBetweenAttempts * 60_000);
}

/** `POST .../quiz/attempts`: resumes the attempt in progress, or draws a new one if the rules allow. */
export class StartQuizAttempt {
  private readonly core: QuizCore;

  constructor(private readonly deps: QuizDeps) {
    this.core = new QuizCore(deps);
  }

  async execute(
    input: Caller & { trainingId: string },
  ): Promise<Result<{ view: QuizAttemptView; created: boolean }, QuizError>> {
    const first = await this.core.standing(input.userId, input.trainingId);
    const { training } = first;
    if (!training) return fail(notFound);
    const language = contentLanguageFor(training, input.language);
    for (let round = 0; round < 3; round++) {
      // Whether the chapters are completed is read beside the attempts (one round trip instead of two);
      // it is only needed when no attempt is in progress, which is the usual case here.
      const [stored, completed] =
        round === 0
          ? [await this.core.settleAll(first.listed), first.completed]
          : await Promise.all([
              this.core.attemptsOf(input.userId, training.id),
              this.deps.completion.completedTraining(input.userId, training.id, { training }),
            ]);
      // Every attempt numbers the next one (ids stay unique); only those not reset count.
      const numbered = stored.map((s) => s.value);
      const attempts = numbered.filter(countsAgainstLimit);
      const passed = stored.find((s) => s.value.status === 'passed');
      if (passed) {
        await this.core.ensureCertificate(passed);
        return fail({ code: 'already_passed', message: 'this quiz is already passed' });
      }
      const current = attempts.find((attempt) => attempt.status === 'in_progress');
      if (current)
        return ok({
          view: attemptView(current, await this.core.bankFor(current, training), language),
          created: false,
        });
      if (!completed) {
        return fail({ code: 'quiz_locked', message: 'complete every chapter first' });
      }
      const { maxAttempts, waitMinutesBetweenAttempts, questionsPerAttempt, timeLimitMinutes, passPercent } =
        training.quiz;
      if (maxAttempts !== null && attempts.length >= maxAttempts) {
        return fail({ code: 'attempts_exhausted', message: `${maxAttempts} attempts allowed` });
      }
      const now = this.deps.clock.now();
      const allowedAt = nextAllowedAt(training, attempts);
      if (waitMinutesBetweenAttempts > 0 && allowedAt && allowedAt > now) {
        return fail({
          code: 'attempt_too_soon',
          message: `next attempt allowed at ${allowedAt.toISOString()}`,
          retryAfterSeconds: Math.ceil((allowedAt.getTime() - now.getTime()) / 1000),
        });
      }
      const bank = await this.core.bank(training);
      if (bank.length === 0) return fail({ code: 'conflict', message: 'this quiz has no questions yet' });
      const number = Math.max(0, ...numbered.map((attempt) => attempt.number)) + 1;
      const attempt: QuizAttempt = {
        attemptId: attemptIdFor(training.id, number),
        userId: input.userId,
        trainingId: training.id,
        number,
        status: 'in_progress',
        startedAt: now.toISOString(),
        deadline:
          timeLimitMinutes === null
            ? null
            : new Date(now.getTime() + timeLimitMinutes * 60_000).toISOString(),
        passPercent,
        ...(training.bank ? { quizVersion: training.bank.version } : {}),
        questions: drawQuestions(bank, questionsPerAttempt, this.deps.random),
      };
      if (await this.deps.attempts.create(attempt)) {
        this.deps.logger.info('quiz.attempt_started', {
          attemptId: attempt.attemptId,
          trainingId: training.id,
        });
        return ok({ view: attemptView(attempt, bank, language), created: true });
      }
      // A concurrent start created this attempt first: the next round resumes it.
    }
    return fail({ code: 'conflict', message: 'the quiz changed concurrently, try again' });
  }
}

/** `GET .../quiz/attempts/{attemptId}`: the attempt in progress, or its result once it is over. */
export class GetQuizAttempt {
  private readonly core: QuizCore;

  constructor(deps: QuizDeps) {
    this.core = new QuizCore(deps);
  }

  async execute(
    input: Caller & { trainingId: string; attemptId: string },
  ): Promise<Result<QuizAttemptOrResult, QuizError>> {
    const { training, attempt: found } = await this.core.trainingAndAttempt(
      input.userId,
      input.trainingId,
      input.attemptId,
    );
    if (!training || !found) return fail(notFound);
    const stored = await this.core.settle(found);
    await this.core.ensureCertificate(stored);
    const language = contentLanguageFor(training, input.language);
    return ok(
      stored.value.status === 'in_progress'
        ? attemptView(stored.value, await this.core.bankFor(stored.value, training), language)
        : await this.core.result(training, stored.value, language),
    );
  }
}

/**
 * `POST .../submission`: scores the answers once. The transition from `in_progress` is guarded by the
 * etag, so of two submissions (even concurrent) one scores and the other returns the stored result.
 */
export class SubmitQuizAttempt {
  private readonly core: QuizCore;

  constructor(private readonly deps: QuizDeps) {
    this.core = new QuizCore(deps);
  }

  async execute(
    input: Caller & { trainingId: string; attemptId: string; answers: readonly Answer[] },
  ): Promise<Result<QuizResult, QuizError>> {
    const found = await this.core.trainingAndAttempt(input.userId, input.trainingId, input.attemptId);
    const { training } = found;
    let stored = found.attempt;
    if (!training || !stored) return fail(notFound);
    const language: ContentLanguage = contentLanguageFor(training, input.language);
    let raced = false;
    for (let round = 0; round < 3 && stored; round++) {
      const attempt: QuizAttempt = stored.value;
      if (attempt.status === 'expired') {
        return fail({ code: 'attempt_expired', message: 'the time allowed for this attempt is over' });
      }
      if (attempt.status !== 'in_progress') {
        // Already scored: the same result again. A submission that just lost the race leaves the
        // certificate request to the winner.
        if (!raced) await this.core.ensureCertificate(stored);
        return ok(await this.core.result(training, attempt, language));
      }
      if (this.core.isPastDeadline(attempt)) {
        stored = await this.core.settle(stored);
        continue;
      }
      const issues = answerIssues(attempt.questions, input.answers);
      if (issues.length > 0) {
        return fail({
          code: 'validation_failed',
          message: 'the answers do not fit this attempt',
          errors: issues,
        });
      }
      const result = score(attempt.questions, input.answers, attempt.passPercent);
      const scored: QuizAttempt = {
        ...attempt,
        status: result.passed ? 'passed' : 'failed',
        submittedAt: this.deps.clock.now().toISOString(),
        answers: input.answers.map((answer) => ({
          questionId: answer.questionId,
          optionIds: [...answer.optionIds],
        })),
        correctCount: result.correctCount,
        scorePercent: result.scorePercent,
      };
      const etag = await this.deps.attempts.replace(scored, stored.etag);
      if (etag) {
        this.deps.logger.info('quiz.attempt_scored', {
          attemptId: scored.attemptId,
          trainingId: scored.trainingId,
          status: scored.status,
          scorePercent: scored.scorePercent,
        });
        // The pass is stored first; only then is the certificate asked for (beside reading the result,
        // which does not depend on the request).
        const [, view] = await Promise.all([
          result.passed
            ? this.core.ensureCertificate({ value: scored, etag }, { justPassed: true })
            : undefined,
          this.core.result(training, scored, language),
        ]);
        return ok(view);
      }
      raced = true;
      stored = await this.deps.attempts.get(input.userId, input.attemptId);
    }
    return fail({ code: 'conflict', message: 'the attempt changed concurrently, try again' });
  }
}

/** `GET .../quiz`: where the learner stands (settings, attempts used and left, waits, last result). */
export class GetQuizOverview {
  private readonly core: QuizCore;

  constructor(private readonly deps: QuizDeps) {
    this.core = new QuizCore(deps);
  }

  async execute(input: { userId: string; trainingId: string }): Promise<Result<QuizStatusView, QuizError>> {
    const { training, listed, completed } = await this.core.standing(input.userId, input.trainingId);
    if (!training) return fail(notFound);
    const stored = await this.core.settleAll(listed);
    const passedAttempt = stored.find((s) => s.value.status === 'passed');
    if (passedAttempt) await this.core.ensureCertificate(passedAttempt);
    const attempts = stored.map((s) => s.value).filter(countsAgainstLimit);
    const now = this.deps.clock.now();
    const { quiz } = training;
    const current = attempts.find((attempt) => attempt.status === 'in_progress');
    const exhausted = quiz.maxAttempts !== null && attempts.length >= quiz.maxAttempts;
    const allowedAt = nextAllowedAt(training, attempts);
    const waiting = allowedAt !== undefined && allowedAt > now;
    const state: QuizStatusView['state'] = passedAttempt
      ? 'passed'
      : current
        ? 'in_progress'
        : !completed
          ? 'locked'
          : exhausted
            ? 'exhausted'
            : waiting
              ? 'waiting'
              : 'available';
    const last = attempts.filter((attempt) => attempt.status !== 'in_progress').at(-1);
    return ok({
      trainingId: training.id,
      state,
      settings: {
        questionsPerAttempt: quiz.questionsPerAttempt,
        passPercent: quiz.passPercent,
        maxAttempts: quiz.maxAttempts,
        waitMinutesBetweenAttempts: quiz.waitMinutesBetweenAttempts,
        timeLimitMinutes: quiz.timeLimitMinutes,
      },
      chaptersCompleted: completed,
      passed: passedAttempt !== undefined,
      attemptsUsed: attempts.length,
      attemptsLeft: quiz.maxAttempts === null ? null : Math.max(0, quiz.maxAttempts - attempts.length),
      nextAttemptAt: state === 'waiting' && allowedAt ? allowedAt.toISOString() : null,
      currentAttemptId: current?.attemptId ?? null,
      lastResult:
        last && last.status !== 'in_progress'
          ? {
              attemptId: last.attemptId,
              status: last.status,
              scorePercent: last.scorePercent ?? 0,
              submittedAt: last.submittedAt ?? last.startedAt,
            }
          : null,
    });
  }
}

/** How many passed attempts one sweep looks at, at most (the next run, 5 minutes later, takes the rest). */
export const certificateSweepLimit = 100;

/**
 * Timer `quiz-certificate-requests-sweep`: asks again for the certificate of every passed attempt whose
 * request is not recorded as made (it failed, or the process stopped in between), so a pass never waits
 * for the learner to reopen the quiz. Same rule and idempotence as the reads: `ensureCertificate`.
 */
export class SweepCertificateRequests {
  private readonly core: QuizCore;

  constructor(private readonly deps: QuizDeps) {
    this.core = new QuizCore(deps);
  }

  async execute(): Promise<Result<{ found: number; requested: number; failed: number }, never>> {
    const awaiting = await this.deps.attempts.listAwaitingCertificate(certificateSweepLimit);
    let requested = 0;
    let failed = 0;
    for (const stored of awaiting) {
      const outcome = await this.core.ensureCertificate(stored);
      if (outcome === 'requested') requested += 1;
      if (outcome === 'failed') failed += 1;
    }
    if (awaiting.length > 0) {
      this.deps.logger.info('quiz.certificate_sweep', { found: awaiting.length, requested, failed });
    }
    return ok({ found: awaiting.length, requested, failed });
  }
}

/** For the dashboard: has the learner passed this training's quiz? */

export function makeQuizStatus(attempts: QuizAttemptRepository): QuizStatus {
  return {
    passed: async (userId, trainingId) =>
      (await attempts.listFor(userId, trainingId)).some((stored) => stored.value.status === 'passed'),
  };
}
