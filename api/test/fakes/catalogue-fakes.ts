// Trainings, questions and in-memory ports for the catalogue tests.
import type { ContentLanguage, Question, Training } from '@soins/shared';
import type { QuizSnapshot, TrainingStore } from '../../src/domain/catalogue/ports';
import { nextBank } from '../../src/domain/catalogue/publishing';
import type { Versioned } from '../../src/domain/ports';

export function sampleTraining(id: string, overrides: Partial<Training> = {}): Training {
  return {
    id,
    trainingId: id,
    kind: 'training',
    status: 'draft',
    languages: ['fr', 'nl'],
    title: { fr: `Formation ${id}`, nl: `Opleiding ${id}` },
    summary: { fr: `Résumé ${id}`, nl: `Samenvatting ${id}` },
    professions: ['nurse'],
    accreditedHours: 1.5,
    organiser: 'SOINS+',
    free: false,
    completionRule: { kind: 'watched', percent: 90 },
    chapters: [
      {
        id: 'intro',
        title: { fr: 'Introduction', nl: 'Inleiding' },
        durationSeconds: 6,
        video: { fr: `${id}/intro.fr.mp4`, nl: `${id}/intro.nl.mp4` },
      },
    ],
    quiz: {
      questionsPerAttempt: 2,
      passPercent: 80,
      maxAttempts: 3,
      waitMinutesBetweenAttempts: 1,
      timeLimitMinutes: 15,
    },
    updatedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

export function sampleQuestion(
  trainingId: string,
  id: string,
  languages: readonly ContentLanguage[] = ['fr', 'nl'],
): Question {
  const text = (fr: string, nl: string) => ({
    ...(languages.includes('fr') ? { fr } : {}),
    ...(languages.includes('nl') ? { nl } : {}),
  });
  return {
    id,
    trainingId,
    kind: 'question',
    type: 'single',
    prompt: text(`Question ${id} ?`, `Vraag ${id}?`),
    options: [
      { id: 'a', text: text('Oui', 'Ja'), correct: true },
      { id: 'b', text: text('Non', 'Nee'), correct: false },
    ],
    explanation: text('Parce que.', 'Omdat.'),
  };
}

/**
 * TrainingStore over maps, with the Cosmos adapter's semantics: every write changes the ETag, a stale one
 * is refused, snapshots are immutable. `beforeNextReplace` runs once just before a replace (a concurrent
 * writer).
 */
export class MemoryTrainingRepository implements TrainingStore {
  readonly trainings = new Map<string, Training>();
  readonly etags = new Map<string, string>();
  readonly snapshots = new Map<string, QuizSnapshot>();
  listPublishedCalls = 0;
  beforeNextReplace: (() => void) | undefined;
  private version = 0;

  private put(training: Training): string {
    const etag = `etag-${String(++this.version)}`;
    this.trainings.set(training.id, structuredClone(training));
    this.etags.set(training.id, etag);
    return etag;
  }

  get(trainingId: string): Promise<Training | undefined> {
    return Promise.resolve(structuredClone(this.trainings.get(trainingId)));
  }
  getVersioned(trainingId: string): Promise<Versioned<Training> | undefined> {
    const value = this.trainings.get(trainingId);
    const etag = this.etags.get(trainingId);
    return Promise.resolve(value && etag ? { value: structuredClone(value), etag } : undefined);
  }
  listPublished(): Promise<Training[]> {
    this.listPublishedCalls++;
    return Promise.resolve([...this.trainings.values()].filter((t) => t.status === 'published'));
  }
  listAll(): Promise<Training[]> {
    return Promise.resolve([...this.trainings.values()]);
  }
  save(training: Training): Promise<void> {
    const bank = training.bank ?? this.trainings.get(training.id)?.bank;
    this.put({ ...training, ...(bank ? { bank } : {}) });
    return Promise.resolve();
  }
  create(training: Training): Promise<string | undefined> {
    if (this.trainings.has(training.id)) return Promise.resolve(undefined);
    return Promise.resolve(this.put(training));
  }
  replace(training: Training, etag: string): Promise<string | undefined> {
    const hook = this.beforeNextReplace;
    this.beforeNextReplace = undefined;
    hook?.();
    if (this.etags.get(training.id) !== etag) return Promise.resolve(undefined);
    return Promise.resolve(this.put(training));
  }
  async questions(trainingId: string): Promise<Question[]> {
    const bank = this.trainings.get(trainingId)?.bank;
    const snapshot = bank ? await this.snapshot(trainingId, bank.revision) : undefined;
    return [...(snapshot?.questions ?? [])];
  }
  async replaceQuestions(trainingId: string, questions: readonly Question[]): Promise<void> {
    const stored = await this.getVersioned(trainingId);
    if (!stored) throw new Error(`no training ${trainingId}`);
    const revision = `seed-${String(++this.version)}`;
    const bank = nextBank(stored.value, revision, questions.length);
    await this.createSnapshot({
      trainingId,
      revision,
      version: bank.version,
      settings: stored.value.quiz,
      questions: structuredClone([...questions]),
      createdAt: '2026-11-25T10:00:00.000Z',
    });
    this.put({ ...stored.value, bank });
  }
  snapshot(trainingId: string, revision: string): Promise<QuizSnapshot | undefined> {
    return Promise.resolve(structuredClone(this.snapshots.get(`${trainingId}/${revision}`)));
  }
  createSnapshot(snapshot: QuizSnapshot): Promise<void> {
    const key = `${snapshot.trainingId}/${snapshot.revision}`;
    if (this.snapshots.has(key)) throw new Error(`snapshot ${key} exists`);
    this.snapshots.set(key, structuredClone(snapshot));
    return Promise.resolve();
  }
  deleteSnapshot(trainingId: string, revision: string): Promise<void> {
    this.snapshots.delete(`${trainingId}/${revision}`);
    return Promise.resolve();
  }
}

/** Blob names that exist (MediaFiles.exists only). */
export class MemoryFileIndex {
  readonly names = new Set<string>();
  exists(blobName: string): Promise<boolean> {
    return Promise.resolve(this.names.has(blobName));
  }
}
