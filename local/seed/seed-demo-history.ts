// A learner with a history, so the admin's learner record has something to show and act on after
// `npm start`: Claire Martin (demo learner) followed both demo trainings. She passed the hand-hygiene
// quiz (her certificate is issued by the real workflow: request → queue → orchestration → PDF → email)
// and used every attempt at the chronic-wound-care quiz (an admin can give them back). Written through
// the api's own repositories and quiz rules, idempotently: nothing is written twice, and an admin's
// later changes (a reset, a revocation) are kept across restarts.
import type { CosmosClient } from '@azure/cosmos';
import type { Training } from '@soins/shared';
import { CosmosLearningRepository } from '../../api/src/adapters/cosmos/learning-repository';
import { CosmosQuizAttemptRepository } from '../../api/src/adapters/cosmos/quiz-attempt-repository';
import type { TrainingRepository } from '../../api/src/domain/catalogue/ports';
import type { CertificateRequests } from '../../api/src/domain/certificates/request-port';
import { drawQuestions } from '../../api/src/domain/quiz/draw';
import type { QuizAttempt } from '../../api/src/domain/quiz/model';
import { score } from '../../api/src/domain/quiz/scoring';
import { attemptIdFor } from '../../api/src/domain/quiz/use-cases';

/** The demo learner with a history (`demo-users.json`). */
export const demoHistorySubject = 'demo-learner-claire';

export interface DemoHistoryReport {
  readonly enrolments: number;
  readonly attempts: number;
  readonly certificatesRequested: number;
}

/** A fixed, deterministic source: the seeded attempts are the same on every machine. */
const fixedRandom = { int: (maxExclusive: number) => 7 % maxExclusive };

const day = (daysAgo: number, now: Date, hour = 9): string =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo, hour)).toISOString();

export async function seedDemoHistory(deps: {
  cosmos: CosmosClient;
  database: string;
  trainings: TrainingRepository;
  certificateRequests: CertificateRequests;
  userId: string;
  now?: Date;
}): Promise<DemoHistoryReport> {
  const now = deps.now ?? new Date();
  const learning = new CosmosLearningRepository(deps.cosmos, deps.database);
  const attempts = new CosmosQuizAttemptRepository(deps.cosmos, deps.database);
  const { userId } = deps;
  let enrolments = 0;
  let created = 0;
  let certificatesRequested = 0;

  /** Enrolled `daysAgo`, every chapter watched to the end the same day. */
  async function followed(training: Training, daysAgo: number): Promise<void> {
    const enrolledAt = day(daysAgo, now, 8);
    const completedAt = day(daysAgo, now, 9);
    for (const chapter of training.chapters) {
      await learning.createProgress({
        userId,
        trainingId: training.trainingId,
        chapterId: chapter.id,
        intervals: [[0, chapter.durationSeconds]],
        position: chapter.durationSeconds,
        openedAt: enrolledAt,
        linkIssuedAt: enrolledAt,
        lastReportAt: completedAt,
        completedAt,
        updatedAt: completedAt,
      });
    }
    const last = training.chapters.at(-1)?.id;
    const enrolled = await learning.createEnrolment({
      userId,
      trainingId: training.trainingId,
      enrolledAt,
      ...(last ? { lastChapterId: last } : {}),
      completedAt,
    });
    if (enrolled) enrolments += 1;
  }

  /** Attempt `number`, submitted `daysAgo`, all right or all wrong. */
  async function attempt(training: Training, number: number, daysAgo: number, right: boolean) {
    const bank = await deps.trainings.questions(training.trainingId);
    const questions = drawQuestions(bank, training.quiz.questionsPerAttempt, fixedRandom);
    const answers = questions.map((question) => ({
      questionId: question.questionId,
      optionIds: right
        ? [...question.correctOptionIds]
        : question.optionIds.filter((id) => !question.correctOptionIds.includes(id)).slice(0, 1),
    }));
    const result = score(questions, answers, training.quiz.passPercent);
    const startedAt = day(daysAgo, now, 10);
    const submittedAt = day(daysAgo, now, 11);
    const stored: QuizAttempt = {
      attemptId: attemptIdFor(training.trainingId, number),
      userId,
      trainingId: training.trainingId,
      number,
      status: result.passed ? 'passed' : 'failed',
      startedAt,
      deadline: null,
      passPercent: training.quiz.passPercent,
      questions,
      submittedAt,
      answers,
      correctCount: result.correctCount,
      scorePercent: result.scorePercent,
      ...(result.passed ? { certificate: { requestedAt: submittedAt } } : {}),
    };
    const written = await attempts.create(stored);
    if (written) created += 1;
    return { written, stored };
  }

  const hygiene = await deps.trainings.get('hand-hygiene');
  if (hygiene) {
    await followed(hygiene, 20);
    const { written, stored } = await attempt(hygiene, 1, 20, true);
    // Asked once, when the pass is first written; the workflow (idempotent) does the rest.
    if (written) {
      await deps.certificateRequests.request({
        userId,
        trainingId: hygiene.trainingId,
        attemptId: stored.attemptId,
        passedAt: stored.submittedAt ?? day(20, now, 11),
        scorePercent: stored.scorePercent ?? 100,
      });
      certificatesRequested += 1;
    }
  }
  const wounds = await deps.trainings.get('chronic-wound-care');
  if (wounds) {
    await followed(wounds, 10);
    const allowed = wounds.quiz.maxAttempts ?? 3;
    for (let number = 1; number <= allowed; number++) await attempt(wounds, number, 10 - number, false);
  }
  return { enrolments, attempts: created, certificatesRequested };
}
