// Trainings, questions and in-memory ports for the catalogue tests.
import type { ContentLanguage, Question, Training } from '@soins/shared';
import type { TrainingRepository } from '../../src/domain/catalogue/ports';
import type { LogFields, Logger } from '../../src/domain/ports';

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

export class MemoryTrainingRepository implements TrainingRepository {
  readonly trainings = new Map<string, Training>();
  readonly banks = new Map<string, Question[]>();
  listPublishedCalls = 0;

  get(trainingId: string): Promise<Training | undefined> {
    return Promise.resolve(this.trainings.get(trainingId));
  }
  listPublished(): Promise<Training[]> {
    this.listPublishedCalls++;
    return Promise.resolve([...this.trainings.values()].filter((t) => t.status === 'published'));
  }
  listAll(): Promise<Training[]> {
    return Promise.resolve([...this.trainings.values()]);
  }
  save(training: Training): Promise<void> {
    this.trainings.set(training.id, structuredClone(training));
    return Promise.resolve();
  }
  questions(trainingId: string): Promise<Question[]> {
    return Promise.resolve([...(this.banks.get(trainingId) ?? [])]);
  }
  replaceQuestions(trainingId: string, questions: readonly Question[]): Promise<void> {
    this.banks.set(trainingId, structuredClone([...questions]));
    return Promise.resolve();
  }
}

export class RecordingLogger implements Logger {
  readonly lines: { level: string; event: string; fields?: LogFields }[] = [];
  info(event: string, fields?: LogFields): void {
    this.lines.push({ level: 'info', event, ...(fields ? { fields } : {}) });
  }
  warn(event: string, fields?: LogFields): void {
    this.lines.push({ level: 'warn', event, ...(fields ? { fields } : {}) });
  }
  error(event: string, fields?: LogFields): void {
    this.lines.push({ level: 'error', event, ...(fields ? { fields } : {}) });
  }
}
