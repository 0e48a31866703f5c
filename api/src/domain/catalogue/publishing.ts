// Admin publishing: create/replace a training, replace its question bank, publish and unpublish.
// Every change invalidates the cached catalogue.
import type {
  AdminQuestion,
  AdminTrainingUpsert,
  ContentLanguage,
  FieldError,
  LocalizedText,
  Question,
  Training,
} from '@soins/shared';
import type { Clock } from '../ports';
import { fail, ok, type Result } from '../result';
import { cachePrefixes, type ReadThroughCache } from './cache';
import type { TrainingRepository } from './ports';

export type PublishingError =
  | { code: 'not_found'; message: string }
  | { code: 'validation_failed'; message: string; errors: FieldError[] }
  | { code: 'training_not_publishable'; message: string; errors: FieldError[] };

export interface PublishingDeps {
  readonly trainings: TrainingRepository;
  readonly cache: ReadThroughCache;
  readonly clock: Clock;
}

const missing = (text: LocalizedText | undefined, language: ContentLanguage): boolean =>
  text === undefined || text[language] === undefined;

/** Texts of a question missing in one of the training's languages (paths relative to the bank body). */
export function questionTextProblems(
  questions: readonly Pick<Question, 'prompt' | 'options' | 'explanation'>[],
  languages: readonly ContentLanguage[],
): FieldError[] {
  const problems: FieldError[] = [];
  questions.forEach((question, index) => {
    for (const language of languages) {
      if (missing(question.prompt, language)) {
        problems.push({
          path: `questions.${index}.prompt.${language}`,
          message: `missing the ${language} text`,
        });
      }
      question.options.forEach((option, optionIndex) => {
        if (missing(option.text, language)) {
          problems.push({
            path: `questions.${index}.options.${optionIndex}.text.${language}`,
            message: `missing the ${language} text`,
          });
        }
      });
      if (question.explanation !== undefined && missing(question.explanation, language)) {
        problems.push({
          path: `questions.${index}.explanation.${language}`,
          message: `missing the ${language} text`,
        });
      }
    }
  });
  return problems;
}

/** Why a training cannot be published (empty when it can): videos per language and the quiz bank. */
export function publishProblems(training: Training, questions: readonly Question[]): FieldError[] {
  const problems: FieldError[] = [];
  training.chapters.forEach((chapter, index) => {
    for (const language of training.languages) {
      if (!chapter.video[language]) {
        problems.push({
          path: `chapters.${index}.video.${language}`,
          message: `chapter ${chapter.id} has no ${language} video`,
        });
      }
    }
  });
  if (questions.length < training.quiz.questionsPerAttempt) {
    problems.push({
      path: 'questions',
      message: `the bank has ${questions.length} questions, the quiz draws ${training.quiz.questionsPerAttempt}`,
    });
  }
  problems.push(...questionTextProblems(questions, training.languages));
  return problems;
}

export class ListAdminTrainings {
  constructor(private readonly deps: Pick<PublishingDeps, 'trainings'>) {}

  async execute(): Promise<(Training & { questionCount: number })[]> {
    const all = await this.deps.trainings.listAll();
    return Promise.all(
      all.map(async (training) => ({
        ...training,
        questionCount: (await this.deps.trainings.questions(training.id)).length,
      })),
    );
  }
}

/**
 * Creates a draft or replaces a training's content. Status and publication date are kept; a published
 * training must stay publishable, so an edit that would break it is refused.
 */
export class UpsertTraining {
  constructor(private readonly deps: PublishingDeps) {}

  async execute(input: {
    trainingId: string;
    content: AdminTrainingUpsert;
  }): Promise<Result<{ training: Training; created: boolean }, PublishingError>> {
    const existing = await this.deps.trainings.get(input.trainingId);
    const training: Training = {
      ...input.content,
      id: input.trainingId,
      trainingId: input.trainingId,
      kind: 'training',
      status: existing?.status ?? 'draft',
      ...(existing?.publishedAt ? { publishedAt: existing.publishedAt } : {}),
      updatedAt: this.deps.clock.now().toISOString(),
    };
    if (training.status === 'published') {
      const problems = publishProblems(training, await this.deps.trainings.questions(training.id));
      if (problems.length > 0) {
        return fail({
          code: 'training_not_publishable',
          message: 'this change would leave a published training incomplete; unpublish it first',
          errors: problems,
        });
      }
    }
    await this.deps.trainings.save(training);
    await this.deps.cache.invalidatePrefix(cachePrefixes.catalogue);
    return ok({ training, created: existing === undefined });
  }
}

export class GetQuestionBank {
  constructor(private readonly deps: Pick<PublishingDeps, 'trainings'>) {}

  async execute(trainingId: string): Promise<Result<Question[], PublishingError>> {
    if (!(await this.deps.trainings.get(trainingId))) {
      return fail({ code: 'not_found', message: 'no such training' });
    }
    return ok(await this.deps.trainings.questions(trainingId));
  }
}

/** Replaces the bank: texts in every language of the training, at least one attempt's worth. */
export class ReplaceQuestionBank {
  constructor(private readonly deps: PublishingDeps) {}

  async execute(input: {
    trainingId: string;
    questions: readonly AdminQuestion[];
  }): Promise<Result<Question[], PublishingError>> {
    const training = await this.deps.trainings.get(input.trainingId);
    if (!training) return fail({ code: 'not_found', message: 'no such training' });
    const errors = questionTextProblems(input.questions, training.languages);
    if (input.questions.length < training.quiz.questionsPerAttempt) {
      errors.push({
        path: 'questions',
        message: `at least ${training.quiz.questionsPerAttempt} questions are needed (questions per attempt)`,
      });
    }
    if (errors.length > 0) {
      return fail({ code: 'validation_failed', message: 'the question bank is incomplete', errors });
    }
    const questions: Question[] = input.questions.map((question) => ({
      ...question,
      trainingId: training.id,
      kind: 'question',
    }));
    await this.deps.trainings.replaceQuestions(training.id, questions);
    await this.deps.cache.invalidatePrefix(cachePrefixes.catalogue);
    return ok(questions);
  }
}

export class PublishTraining {
  constructor(private readonly deps: PublishingDeps) {}

  async execute(trainingId: string): Promise<Result<Training, PublishingError>> {
    const training = await this.deps.trainings.get(trainingId);
    if (!training) return fail({ code: 'not_found', message: 'no such training' });
    const problems = publishProblems(training, await this.deps.trainings.questions(trainingId));
    if (problems.length > 0) {
      return fail({
        code: 'training_not_publishable',
        message: 'the training is incomplete',
        errors: problems,
      });
    }
    const now = this.deps.clock.now().toISOString();
    // Publishing twice keeps the first publication date.
    const published: Training = {
      ...training,
      status: 'published',
      publishedAt: training.status === 'published' && training.publishedAt ? training.publishedAt : now,
      updatedAt: now,
    };
    await this.deps.trainings.save(published);
    await this.deps.cache.invalidatePrefix(cachePrefixes.catalogue);
    return ok(published);
  }
}

export class UnpublishTraining {
  constructor(private readonly deps: PublishingDeps) {}

  async execute(trainingId: string): Promise<Result<Training, PublishingError>> {
    const training = await this.deps.trainings.get(trainingId);
    if (!training) return fail({ code: 'not_found', message: 'no such training' });
    const { publishedAt: _publishedAt, ...rest } = training;
    const draft: Training = { ...rest, status: 'draft', updatedAt: this.deps.clock.now().toISOString() };
    await this.deps.trainings.save(draft);
    await this.deps.cache.invalidatePrefix(cachePrefixes.catalogue);
    return ok(draft);
  }
}
