// In-memory ports for the course player's unit tests (integration tests use Cosmos and Azurite).
import type { Question, Training } from '@soins/shared';
import type { TrainingRepository } from '../../src/domain/catalogue/ports';
import type {
  ChapterProgress,
  EnrolmentRecord,
  LearningRepository,
  Versioned,
  VideoFiles,
  WatchClock,
} from '../../src/domain/learning/model';

/** TrainingRepository over a map (what the catalogue's Cosmos adapter does, without Cosmos). */
export class MemoryTrainingRepository implements TrainingRepository {
  readonly trainings = new Map<string, Training>();

  constructor(initial: readonly Training[] = []) {
    for (const training of initial) this.trainings.set(training.trainingId, training);
  }

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
    this.trainings.set(training.trainingId, training);
    return Promise.resolve();
  }
  questions(): Promise<Question[]> {
    return Promise.resolve([]);
  }
  replaceQuestions(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Same semantics as the Cosmos repository: etags change on every write, a stale etag is refused.
 * `beforeNextReplace` runs once just before a replace, to simulate a concurrent writer.
 */
export class MemoryLearningRepository implements LearningRepository {
  readonly docs = new Map<string, { value: EnrolmentRecord | ChapterProgress; etag: string }>();
  writes = 0;
  beforeNextReplace: (() => void) | undefined;
  private version = 0;

  private key(userId: string, id: string): string {
    return `${userId}/${id}`;
  }
  private put(key: string, value: EnrolmentRecord | ChapterProgress): void {
    this.version += 1;
    this.writes += 1;
    this.docs.set(key, { value: structuredClone(value), etag: `e${this.version}` });
  }
  private read<T>(key: string): Versioned<T> | undefined {
    const doc = this.docs.get(key);
    return doc ? { value: structuredClone(doc.value) as T, etag: doc.etag } : undefined;
  }
  private replaceIf(key: string, value: EnrolmentRecord | ChapterProgress, etag: string): boolean {
    const hook = this.beforeNextReplace;
    this.beforeNextReplace = undefined;
    hook?.();
    if (this.docs.get(key)?.etag !== etag) return false;
    this.put(key, value);
    return true;
  }

  /** Changes a stored progress document behind the use case's back (a concurrent request). */
  touchProgress(progress: ChapterProgress): void {
    this.put(this.key(progress.userId, `progress:${progress.trainingId}:${progress.chapterId}`), progress);
  }

  getEnrolment(userId: string, trainingId: string): Promise<Versioned<EnrolmentRecord> | undefined> {
    return Promise.resolve(this.read<EnrolmentRecord>(this.key(userId, `enrolment:${trainingId}`)));
  }
  createEnrolment(enrolment: EnrolmentRecord): Promise<boolean> {
    const key = this.key(enrolment.userId, `enrolment:${enrolment.trainingId}`);
    if (this.docs.has(key)) return Promise.resolve(false);
    this.put(key, enrolment);
    return Promise.resolve(true);
  }
  replaceEnrolment(enrolment: EnrolmentRecord, etag: string): Promise<boolean> {
    return Promise.resolve(
      this.replaceIf(this.key(enrolment.userId, `enrolment:${enrolment.trainingId}`), enrolment, etag),
    );
  }
  listEnrolments(userId: string): Promise<EnrolmentRecord[]> {
    return Promise.resolve(
      [...this.docs.entries()]
        .filter(([key]) => key.startsWith(`${userId}/enrolment:`))
        .map(([, doc]) => structuredClone(doc.value) as EnrolmentRecord),
    );
  }
  getProgress(
    userId: string,
    trainingId: string,
    chapterId: string,
  ): Promise<Versioned<ChapterProgress> | undefined> {
    return Promise.resolve(
      this.read<ChapterProgress>(this.key(userId, `progress:${trainingId}:${chapterId}`)),
    );
  }
  createProgress(progress: ChapterProgress): Promise<boolean> {
    const key = this.key(progress.userId, `progress:${progress.trainingId}:${progress.chapterId}`);
    if (this.docs.has(key)) return Promise.resolve(false);
    this.put(key, progress);
    return Promise.resolve(true);
  }
  replaceProgress(progress: ChapterProgress, etag: string): Promise<boolean> {
    return Promise.resolve(
      this.replaceIf(
        this.key(progress.userId, `progress:${progress.trainingId}:${progress.chapterId}`),
        progress,
        etag,
      ),
    );
  }
  listProgress(userId: string, trainingId?: string): Promise<ChapterProgress[]> {
    const prefix = `${userId}/progress:${trainingId === undefined ? '' : `${trainingId}:`}`;
    return Promise.resolve(
      [...this.docs.entries()]
        .filter(([key]) => key.startsWith(prefix))
        .map(([, doc]) => structuredClone(doc.value) as ChapterProgress),
    );
  }

  /** Watch clocks by user, apart from `docs` (so `writes` and `beforeNextReplace` concern progress only). */
  readonly clocks = new Map<string, { value: WatchClock; etag: string }>();
  getWatchClock(userId: string): Promise<Versioned<WatchClock> | undefined> {
    const doc = this.clocks.get(userId);
    return Promise.resolve(doc ? { value: structuredClone(doc.value), etag: doc.etag } : undefined);
  }
  saveWatchClock(clock: WatchClock, etag: string | undefined): Promise<boolean> {
    if (this.clocks.get(clock.userId)?.etag !== etag) return Promise.resolve(false);
    this.version += 1;
    this.clocks.set(clock.userId, { value: structuredClone(clock), etag: `c${this.version}` });
    return Promise.resolve(true);
  }
}

export class FakeVideoFiles implements VideoFiles {
  readonly issued: { blobName: string; minutes: number }[] = [];
  readLink(blobName: string, minutes: number): Promise<{ url: string; expiresAt: Date }> {
    this.issued.push({ blobName, minutes });
    return Promise.resolve({
      url: `https://videos.example/${blobName}?sig=x`,
      expiresAt: new Date(Date.parse('2026-11-25T10:00:00Z') + minutes * 60_000),
    });
  }
}

/** A valid published training with three chapters (60 s, 120 s, 30 s) under the `watched` 90 % rule. */
export function sampleTraining(over: Partial<Training> = {}): Training {
  const trainingId = over.trainingId ?? 'wound-care';
  return {
    id: trainingId,
    trainingId,
    kind: 'training',
    status: 'published',
    languages: ['fr', 'nl'],
    title: { fr: 'Soins des plaies', nl: 'Wondzorg' },
    summary: { fr: 'Les bases', nl: 'De basis' },
    professions: ['nurse'],
    accreditedHours: 1.5,
    organiser: 'SOINS+',
    free: false,
    completionRule: { kind: 'watched', percent: 90 },
    chapters: [
      {
        id: 'intro',
        title: { fr: 'Introduction', nl: 'Inleiding' },
        durationSeconds: 60,
        video: { fr: `${trainingId}/intro.fr.mp4`, nl: `${trainingId}/intro.nl.mp4` },
      },
      {
        id: 'cleaning',
        title: { fr: 'Nettoyage', nl: 'Reiniging' },
        durationSeconds: 120,
        video: { fr: `${trainingId}/cleaning.fr.mp4` },
      },
      {
        id: 'dressing',
        title: { fr: 'Pansement', nl: 'Verband' },
        durationSeconds: 30,
        video: { nl: `${trainingId}/dressing.nl.mp4` },
      },
    ],
    quiz: {
      questionsPerAttempt: 5,
      passPercent: 80,
      maxAttempts: null,
      waitMinutesBetweenAttempts: 0,
      timeLimitMinutes: null,
    },
    publishedAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...over,
  };
}
