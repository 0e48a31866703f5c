// In-memory ports for the quiz unit tests (integration tests use Cosmos).
import type { Question, Training } from '@soins/shared';
import { mulberry32 } from './mulberry32';
import type { TrainingRepository } from '../../src/domain/catalogue/ports';
import type { CertificateRequests, PassedTraining } from '../../src/domain/certificates/request-port';
import type { CourseCompletion } from '../../src/domain/learning/completion-port';
import type {
  QuizAttempt,
  QuizAttemptRepository,
  QuizEnrolments,
  RandomSource,
  StoredAttempt,
} from '../../src/domain/quiz/model';

/** Same semantics as the Cosmos adapter: create fails on an existing id, replace is etag-guarded. */
export class MemoryQuizAttempts implements QuizAttemptRepository {
  readonly docs = new Map<string, StoredAttempt>();
  private version = 0;
  replaceCalls = 0;
  getCalls = 0;

  private key(userId: string, attemptId: string): string {
    return `${userId}/${attemptId}`;
  }

  private nextEtag(): string {
    this.version += 1;
    return `"${this.version}"`;
  }

  async create(attempt: QuizAttempt): Promise<boolean> {
    await Promise.resolve();
    const key = this.key(attempt.userId, attempt.attemptId);
    if (this.docs.has(key)) return false;
    this.docs.set(key, { value: structuredClone(attempt), etag: this.nextEtag() });
    return true;
  }

  async get(userId: string, attemptId: string): Promise<StoredAttempt | undefined> {
    await Promise.resolve();
    this.getCalls += 1;
    const stored = this.docs.get(this.key(userId, attemptId));
    return stored ? structuredClone(stored) : undefined;
  }

  async listFor(userId: string, trainingId: string): Promise<StoredAttempt[]> {
    await Promise.resolve();
    return [...this.docs.values()]
      .filter((s) => s.value.userId === userId && s.value.trainingId === trainingId)
      .map((s) => structuredClone(s))
      .sort((a, b) => a.value.number - b.value.number);
  }

  async listByUser(userId: string): Promise<StoredAttempt[]> {
    await Promise.resolve();
    return [...this.docs.values()]
      .filter((s) => s.value.userId === userId)
      .map((s) => structuredClone(s))
      .sort(
        (a, b) => a.value.trainingId.localeCompare(b.value.trainingId) || a.value.number - b.value.number,
      );
  }

  async replace(attempt: QuizAttempt, etag: string): Promise<string | undefined> {
    await Promise.resolve();
    this.replaceCalls += 1;
    const key = this.key(attempt.userId, attempt.attemptId);
    const current = this.docs.get(key);
    if (!current || current.etag !== etag) return undefined;
    const next = this.nextEtag();
    this.docs.set(key, { value: structuredClone(attempt), etag: next });
    return next;
  }

  async listAwaitingCertificate(limit: number): Promise<StoredAttempt[]> {
    await Promise.resolve();
    return [...this.docs.values()]
      .filter((s) => s.value.status === 'passed' && !s.value.certificate?.requestedAt)
      .map((s) => structuredClone(s))
      .sort((a, b) => (a.value.submittedAt ?? '').localeCompare(b.value.submittedAt ?? ''))
      .slice(0, limit);
  }

  all(): QuizAttempt[] {
    return [...this.docs.values()].map((s) => s.value);
  }
}

export class MemoryTrainings implements TrainingRepository {
  readonly trainings = new Map<string, Training>();
  readonly banks = new Map<string, Question[]>();

  get(trainingId: string): Promise<Training | undefined> {
    return Promise.resolve(this.trainings.get(trainingId));
  }
  listPublished(): Promise<Training[]> {
    return Promise.resolve([...this.trainings.values()].filter((t) => t.status === 'published'));
  }
  listAll(): Promise<Training[]> {
    return Promise.resolve([...this.trainings.values()]);
  }
  save(training: Training): Promise<void> {
    this.trainings.set(training.id, training);
    return Promise.resolve();
  }
  questions(trainingId: string): Promise<Question[]> {
    return Promise.resolve([...(this.banks.get(trainingId) ?? [])]);
  }
  replaceQuestions(trainingId: string, questions: readonly Question[]): Promise<void> {
    this.banks.set(trainingId, [...questions]);
    return Promise.resolve();
  }
}

/** Chapters completed per `userId/trainingId`. */
export class FakeCompletion implements CourseCompletion {
  readonly completed = new Set<string>();
  complete(userId: string, trainingId: string): void {
    this.completed.add(`${userId}/${trainingId}`);
  }
  completedTraining(userId: string, trainingId: string): Promise<boolean> {
    return Promise.resolve(this.completed.has(`${userId}/${trainingId}`));
  }
}

/** Enrolments per `userId/trainingId`. */
export class FakeEnrolments implements QuizEnrolments {
  readonly enrolled = new Set<string>();
  enrol(userId: string, trainingId: string): void {
    this.enrolled.add(`${userId}/${trainingId}`);
  }
  isEnrolled(userId: string, trainingId: string): Promise<boolean> {
    return Promise.resolve(this.enrolled.has(`${userId}/${trainingId}`));
  }
}

/** Records every request; `failures` makes the next N requests throw (a queue outage). */
export class FakeCertificateRequests implements CertificateRequests {
  readonly requests: PassedTraining[] = [];
  failures = 0;
  async request(passed: PassedTraining): Promise<void> {
    await Promise.resolve();
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('certificate queue unavailable');
    }
    this.requests.push(passed);
  }
}

/** A deterministic random source (mulberry32), so draws and shuffles are reproducible. */
export function seededRandom(seed: number): RandomSource {
  const next = mulberry32(seed);
  return { int: (maxExclusive) => Math.floor(next() * maxExclusive) };
}

/** A published training with a quiz, in French and Dutch. */
export function quizTraining(id: string, quiz: Partial<Training['quiz']> = {}): Training {
  return {
    id,
    trainingId: id,
    kind: 'training',
    status: 'published',
    languages: ['fr', 'nl'],
    title: { fr: 'Hygiène des mains', nl: 'Handhygiëne' },
    summary: { fr: 'Les cinq moments', nl: 'De vijf momenten' },
    professions: ['nurse', 'midwife'],
    accreditedHours: 1.5,
    organiser: 'SOINS+',
    free: false,
    completionRule: { kind: 'watched', percent: 90 },
    chapters: [
      { id: 'intro', title: { fr: 'Introduction', nl: 'Inleiding' }, durationSeconds: 120, video: {} },
    ],
    quiz: {
      questionsPerAttempt: 3,
      passPercent: 60,
      maxAttempts: 3,
      waitMinutesBetweenAttempts: 30,
      timeLimitMinutes: 20,
      ...quiz,
    },
    publishedAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
  };
}

/**
 * A bank of `size` questions: even ones single-choice (option `a` correct), odd ones multiple-choice
 * (`a` and `c` correct).
 */
export function questionBank(trainingId: string, size: number): Question[] {
  return Array.from({ length: size }, (_, index) => {
    const multiple = index % 2 === 1;
    return {
      id: `q${index + 1}`,
      trainingId,
      kind: 'question' as const,
      type: multiple ? ('multiple' as const) : ('single' as const),
      prompt: { fr: `Question ${index + 1} ?`, nl: `Vraag ${index + 1}?` },
      options: ['a', 'b', 'c', 'd'].map((id) => ({
        id,
        text: { fr: `Réponse ${id}`, nl: `Antwoord ${id}` },
        correct: id === 'a' || (multiple && id === 'c'),
      })),
      explanation: { fr: `Parce que ${index + 1}`, nl: `Omdat ${index + 1}` },
    };
  });
}

/** The right answer to a question of `questionBank`. */
export function rightOptions(questionId: string): string[] {
  const index = Number(questionId.slice(1)) - 1;
  return index % 2 === 1 ? ['a', 'c'] : ['a'];
}
