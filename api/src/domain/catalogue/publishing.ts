// Admin publishing (the course builder): create and edit trainings under optimistic concurrency (the
// second of two concurrent saves is refused, nothing is lost), replace the quiz in versions, and move a
// training through draft → published → archived. Publishing refuses an incomplete training with the list
// of what is missing. Every change invalidates the cached catalogue and is audited.
import {
  bankSizeFactor,
  trainingTextProblems,
  type AdminQuestion,
  type AdminTrainingUpsert,
  type ContentLanguage,
  type FieldError,
  type LocalizedText,
  type Question,
  type QuizBankRef,
  type QuizSettings,
  type Training,
  type TrainingTransition,
} from '@soins/shared';
import { changedValues, type AuditLog, type AuditValues } from '../audit';
import { sameEtag, type Clock, type Precondition } from '../ports';
import { fail, ok, type Result } from '../result';
import { cachePrefixes, type ReadThroughCache } from './cache';
import type { MediaFiles, QuizSnapshot, TrainingStore } from './ports';

export type PublishingError =
  | { code: 'not_found'; message: string }
  | { code: 'validation_failed'; message: string; errors: FieldError[] }
  | { code: 'training_not_publishable'; message: string; errors: FieldError[] }
  | { code: 'quiz_bank_too_small'; message: string; errors: FieldError[] }
  | { code: 'precondition_failed'; message: string }
  | { code: 'precondition_required'; message: string };

export interface PublishingDeps {
  readonly trainings: TrainingStore;
  readonly files: Pick<MediaFiles, 'exists'>;
  readonly cache: ReadThroughCache;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Fresh ids for quiz snapshots. */
  readonly newId: () => string;
}

/** Quiz settings of a training created without any (the seeded trainings' rules). */
export const defaultQuizSettings: QuizSettings = {
  questionsPerAttempt: 5,
  passPercent: 80,
  maxAttempts: 3,
  waitMinutesBetweenAttempts: 60,
  timeLimitMinutes: 30,
};

const notFound: PublishingError = { code: 'not_found', message: 'no such training' };
const stale: PublishingError = {
  code: 'precondition_failed',
  message: 'the training changed since it was read; reload it',
};

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

/** The bank is large enough for the settings: at least twice the questions drawn per attempt. */
export function bankSizeProblem(questionCount: number, settings: QuizSettings): FieldError | undefined {
  const needed = bankSizeFactor * settings.questionsPerAttempt;
  return questionCount >= needed
    ? undefined
    : {
        path: 'questions',
        message: `the bank has ${questionCount} questions; ${needed} are needed for ${settings.questionsPerAttempt} per attempt`,
      };
}

/**
 * Why a training cannot be published (empty when it can): chapters, their videos per language (present
 * and stored), translations, and a quiz bank large enough for its settings. `missingFiles` holds the blob
 * names the storage does not have.
 */
export function publishProblems(
  training: Training,
  questions: readonly Question[],
  missingFiles: ReadonlySet<string> = new Set(),
): FieldError[] {
  const problems: FieldError[] = [];
  if (training.chapters.length === 0) {
    problems.push({ path: 'chapters', message: 'the training has no chapter' });
  }
  problems.push(...trainingTextProblems(training));
  training.chapters.forEach((chapter, index) => {
    for (const language of training.languages) {
      const video = chapter.video[language];
      if (!video) {
        problems.push({
          path: `chapters.${index}.video.${language}`,
          message: `chapter ${chapter.id} has no ${language} video`,
        });
      } else if (missingFiles.has(video)) {
        problems.push({
          path: `chapters.${index}.video.${language}`,
          message: `the ${language} video file of chapter ${chapter.id} is missing from storage`,
        });
      }
    }
    if (chapter.durationSeconds <= 0 && training.languages.some((language) => chapter.video[language])) {
      problems.push({
        path: `chapters.${index}.durationSeconds`,
        message: `chapter ${chapter.id} has no duration`,
      });
    }
    for (const field of ['captions', 'handout'] as const) {
      for (const [language, blob] of Object.entries(chapter[field] ?? {})) {
        if (blob && missingFiles.has(blob)) {
          problems.push({
            path: `chapters.${index}.${field}.${language}`,
            message: `the ${language} ${field} file of chapter ${chapter.id} is missing from storage`,
          });
        }
      }
    }
  });
  if (!training.bank || questions.length === 0) {
    problems.push({ path: 'questions', message: 'the training has no quiz questions' });
  } else {
    const size = bankSizeProblem(questions.length, training.quiz);
    if (size) problems.push(size);
    problems.push(...questionTextProblems(questions, training.languages));
  }
  return problems;
}

/** Every file a training names (videos, captions, handouts). */
export function mediaBlobsOf(training: Training): string[] {
  return training.chapters.flatMap((chapter) =>
    [chapter.video, chapter.captions ?? {}, chapter.handout ?? {}].flatMap((files) =>
      Object.values(files).filter((blob): blob is string => typeof blob === 'string'),
    ),
  );
}

/** The settings audited for a training: everything but the texts and the chapters' files. */
export function trainingSettings(training: Training): AuditValues {
  return {
    status: training.status,
    languages: [...training.languages],
    professions: [...training.professions],
    accreditedHours: training.accreditedHours,
    organiser: training.organiser,
    free: training.free,
    completionRule:
      training.completionRule.kind === 'launch' ? 'launch' : `watched:${training.completionRule.percent}`,
    chapters: training.chapters.map((chapter) => chapter.id),
    // Free previews open a chapter to anyone: who opened which is worth keeping.
    previewChapters: training.chapters
      .filter((chapter) => chapter.preview === true)
      .map((chapter) => chapter.id),
    thumbnail: training.thumbnail ?? null,
    ...quizValues(training.quiz, training.bank),
  };
}

function quizValues(settings: QuizSettings, bank: QuizBankRef | undefined): AuditValues {
  return {
    questionsPerAttempt: settings.questionsPerAttempt,
    passPercent: settings.passPercent,
    maxAttempts: settings.maxAttempts,
    waitMinutesBetweenAttempts: settings.waitMinutesBetweenAttempts,
    timeLimitMinutes: settings.timeLimitMinutes,
    quizVersion: bank?.version ?? null,
    questionCount: bank?.questionCount ?? 0,
  };
}

const sameSettings = (a: QuizSettings, b: QuizSettings): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The next quiz of a training: a new snapshot, the same version while the current one was never
 * published, else the next one. A training that was ever published makes every new version live at once
 * (enrolled learners may take the quiz whatever its status), so the new version is published too.
 */
export function nextBank(training: Training, revision: string, questionCount: number): QuizBankRef {
  const current = training.bank;
  const published = current?.published === true || training.status !== 'draft';
  return {
    revision,
    version: current ? (current.published ? current.version + 1 : current.version) : 1,
    published,
    questionCount,
  };
}

class PublishingCore {
  constructor(readonly deps: PublishingDeps) {}

  /** Blob names the training refers to that storage lacks. */
  async missingFiles(training: Training): Promise<Set<string>> {
    const blobs = [...new Set(mediaBlobsOf(training))];
    const present = await Promise.all(blobs.map((blob) => this.deps.files.exists(blob)));
    return new Set(blobs.filter((_blob, index) => !present[index]));
  }

  async problems(training: Training, questions?: readonly Question[]): Promise<FieldError[]> {
    const bank = questions ?? (await this.deps.trainings.questions(training.id));
    return publishProblems(training, bank, await this.missingFiles(training));
  }

  async audit(
    actorId: string,
    action: string,
    trainingId: string,
    values?: { before: AuditValues; after: AuditValues },
  ): Promise<void> {
    const changed = values ? changedValues(values.before, values.after) : undefined;
    await this.deps.audit.record({
      actor: actorId,
      action,
      target: { type: 'training', id: trainingId },
      at: this.deps.clock.now().toISOString(),
      ...(changed ?? {}),
    });
  }

  /** Writes a snapshot, then swaps the training onto it; the snapshot is removed again if the swap loses. */
  async swapQuiz(
    stored: { value: Training; etag: string },
    next: (bank: QuizBankRef) => Training,
    quiz: { settings: QuizSettings; questions: readonly Question[] },
  ): Promise<{ training: Training; etag: string } | undefined> {
    const revision = this.deps.newId();
    const bank = nextBank(stored.value, revision, quiz.questions.length);
    const snapshot: QuizSnapshot = {
      trainingId: stored.value.id,
      revision,
      version: bank.version,
      settings: quiz.settings,
      questions: quiz.questions,
      createdAt: this.deps.clock.now().toISOString(),
    };
    await this.deps.trainings.createSnapshot(snapshot);
    const training = next(bank);
    const etag = await this.deps.trainings.replace(training, stored.etag);
    if (etag === undefined) {
      await this.deps.trainings.deleteSnapshot(stored.value.id, revision);
      return undefined;
    }
    // A version nobody could draw from is not history: drop it.
    const previous = stored.value.bank;
    if (previous && !previous.published) {
      await this.deps.trainings.deleteSnapshot(stored.value.id, previous.revision);
    }
    return { training, etag };
  }
}

export class ListAdminTrainings {
  constructor(private readonly deps: Pick<PublishingDeps, 'trainings'>) {}

  async execute(): Promise<(Training & { questionCount: number })[]> {
    const all = await this.deps.trainings.listAll();
    return all.map((training) => ({ ...training, questionCount: training.bank?.questionCount ?? 0 }));
  }
}

/**
 * Creates a draft or replaces a training's content. A replace names the version it edits (If-Match);
 * without it, or against a stale one, nothing is written. Status, publication date and bank are kept; a
 * published training must stay publishable, so an edit that would break it is refused.
 */
export class UpsertTraining {
  private readonly core: PublishingCore;

  constructor(deps: PublishingDeps) {
    this.core = new PublishingCore(deps);
  }

  async execute(input: {
    trainingId: string;
    content: AdminTrainingUpsert;
    precondition: Precondition;
    actorId: string;
  }): Promise<Result<{ training: Training; etag: string; created: boolean }, PublishingError>> {
    const { deps } = this.core;
    const { quiz, ...content } = input.content;
    const existing = await deps.trainings.getVersioned(input.trainingId);
    const now = deps.clock.now().toISOString();
    if (!existing) {
      if (input.precondition.ifMatch !== undefined) return fail(stale);
      const training: Training = {
        ...content,
        quiz: quiz ?? defaultQuizSettings,
        id: input.trainingId,
        trainingId: input.trainingId,
        kind: 'training',
        status: 'draft',
        updatedAt: now,
      };
      const etag = await deps.trainings.create(training);
      if (etag === undefined) return fail(stale);
      await deps.cache.invalidatePrefix(cachePrefixes.catalogue);
      await this.core.audit(input.actorId, 'training.create', training.id, {
        before: {},
        after: trainingSettings(training),
      });
      return ok({ training, etag, created: true });
    }
    if (input.precondition.ifNoneMatch) return fail(stale);
    if (input.precondition.ifMatch === undefined) {
      return fail({
        code: 'precondition_required',
        message: 'send If-Match with the ETag of the version you edited',
      });
    }
    if (!sameEtag(input.precondition.ifMatch, existing.etag)) return fail(stale);
    const before = existing.value;
    const settings = quiz ?? before.quiz;
    const base = (bank: QuizBankRef | undefined): Training => ({
      ...content,
      quiz: settings,
      id: before.id,
      trainingId: before.trainingId,
      kind: 'training',
      status: before.status,
      ...(bank ? { bank } : {}),
      ...(before.publishedAt ? { publishedAt: before.publishedAt } : {}),
      updatedAt: now,
    });
    const quizChanged = !sameSettings(settings, before.quiz);
    const questions = before.bank ? await deps.trainings.questions(before.id) : [];
    if (quizChanged && before.bank) {
      const size = bankSizeProblem(questions.length, settings);
      if (size) {
        return fail({ code: 'quiz_bank_too_small', message: 'the bank is too small', errors: [size] });
      }
    }
    const draft = base(before.bank);
    if (draft.status === 'published') {
      const problems = await this.core.problems(draft, questions);
      if (problems.length > 0) {
        return fail({
          code: 'training_not_publishable',
          message: 'this change would leave a published training incomplete; unpublish it first',
          errors: problems,
        });
      }
    }
    let saved: { training: Training; etag: string } | undefined;
    if (quizChanged && before.bank) {
      saved = await this.core.swapQuiz(existing, base, { settings, questions });
    } else {
      const etag = await deps.trainings.replace(draft, existing.etag);
      saved = etag === undefined ? undefined : { training: draft, etag };
    }
    if (!saved) return fail(stale);
    await deps.cache.invalidatePrefix(cachePrefixes.catalogue);
    await this.core.audit(input.actorId, quizChanged ? 'quiz.update' : 'training.update', before.id, {
      before: trainingSettings(before),
      after: trainingSettings(saved.training),
    });
    return ok({ ...saved, created: false });
  }
}

export interface QuestionBankView {
  readonly questions: Question[];
  readonly settings: QuizSettings;
  readonly version: number | null;
  readonly published: boolean;
  readonly etag: string;
}

export class GetQuestionBank {
  constructor(private readonly deps: Pick<PublishingDeps, 'trainings'>) {}

  async execute(trainingId: string): Promise<Result<QuestionBankView, PublishingError>> {
    const stored = await this.deps.trainings.getVersioned(trainingId);
    if (!stored) return fail(notFound);
    const { bank, quiz } = stored.value;
    return ok({
      questions: bank ? await this.deps.trainings.questions(trainingId) : [],
      settings: quiz,
      version: bank?.version ?? null,
      published: bank?.published ?? false,
      etag: stored.etag,
    });
  }
}

/**
 * Replaces the quiz (questions, and settings when given) as one new snapshot: at least twice the
 * questions drawn per attempt; a version learners may have drawn from stays as it was (attempts and
 * certificates name it) and the edit becomes the next version.
 */
export class ReplaceQuestionBank {
  private readonly core: PublishingCore;

  constructor(deps: PublishingDeps) {
    this.core = new PublishingCore(deps);
  }

  async execute(input: {
    trainingId: string;
    questions: readonly AdminQuestion[];
    settings?: QuizSettings | undefined;
    precondition: Precondition;
    actorId: string;
  }): Promise<Result<QuestionBankView & { training: Training }, PublishingError>> {
    const { deps } = this.core;
    const stored = await deps.trainings.getVersioned(input.trainingId);
    if (!stored) return fail(notFound);
    if (input.precondition.ifMatch === undefined) {
      return fail({
        code: 'precondition_required',
        message: 'send If-Match with the ETag of the training you edited',
      });
    }
    if (!sameEtag(input.precondition.ifMatch, stored.etag)) return fail(stale);
    const before = stored.value;
    const settings = input.settings ?? before.quiz;
    const size = bankSizeProblem(input.questions.length, settings);
    if (size) return fail({ code: 'quiz_bank_too_small', message: 'the bank is too small', errors: [size] });
    const questions: Question[] = input.questions.map((question) => ({
      ...question,
      trainingId: before.id,
      kind: 'question',
    }));
    const next = (bank: QuizBankRef): Training => ({
      ...before,
      quiz: settings,
      bank,
      updatedAt: deps.clock.now().toISOString(),
    });
    if (before.status === 'published') {
      const problems = await this.core.problems(
        next({ revision: 'check', version: 1, published: true, questionCount: questions.length }),
        questions,
      );
      if (problems.length > 0) {
        return fail({
          code: 'training_not_publishable',
          message: 'this change would leave a published training incomplete',
          errors: problems,
        });
      }
    }
    const saved = await this.core.swapQuiz(stored, next, { settings, questions });
    if (!saved) return fail(stale);
    await deps.cache.invalidatePrefix(cachePrefixes.catalogue);
    await this.core.audit(input.actorId, 'quiz.update', before.id, {
      before: quizValues(before.quiz, before.bank),
      after: quizValues(saved.training.quiz, saved.training.bank),
    });
    const bank = saved.training.bank;
    return ok({
      questions,
      settings,
      version: bank?.version ?? null,
      published: bank?.published ?? false,
      etag: saved.etag,
      training: saved.training,
    });
  }
}

/**
 * Moves a training between draft, published and archived. Publishing checks the training is complete
 * (and makes its quiz version the published one); unpublishing makes it a draft again, archiving takes it
 * off the catalogue for good (learners already enrolled keep it). Repeating a transition changes nothing.
 */
export class ChangeTrainingStatus {
  private readonly core: PublishingCore;

  constructor(deps: PublishingDeps) {
    this.core = new PublishingCore(deps);
  }

  async execute(input: {
    trainingId: string;
    transition: TrainingTransition;
    precondition: Precondition;
    actorId: string;
  }): Promise<Result<{ training: Training; etag: string }, PublishingError>> {
    const { deps } = this.core;
    const stored = await deps.trainings.getVersioned(input.trainingId);
    if (!stored) return fail(notFound);
    if (input.precondition.ifMatch !== undefined && !sameEtag(input.precondition.ifMatch, stored.etag)) {
      return fail(stale);
    }
    const training = stored.value;
    const now = deps.clock.now().toISOString();
    let next: Training;
    if (input.transition === 'publish') {
      const problems = await this.core.problems(training);
      if (problems.length > 0) {
        return fail({
          code: 'training_not_publishable',
          message: 'the training is incomplete',
          errors: problems,
        });
      }
      next = {
        ...training,
        status: 'published',
        // Publishing twice keeps the first publication date.
        publishedAt: training.status === 'published' && training.publishedAt ? training.publishedAt : now,
        ...(training.bank ? { bank: { ...training.bank, published: true } } : {}),
        updatedAt: now,
      };
    } else {
      const { publishedAt: _publishedAt, ...rest } = training;
      next = { ...rest, status: input.transition === 'archive' ? 'archived' : 'draft', updatedAt: now };
    }
    if (next.status === training.status && input.transition !== 'publish') {
      return ok({ training, etag: stored.etag });
    }
    const etag = await deps.trainings.replace(next, stored.etag);
    if (etag === undefined) return fail(stale);
    await deps.cache.invalidatePrefix(cachePrefixes.catalogue);
    const action =
      input.transition === 'publish'
        ? 'training.publish'
        : input.transition === 'archive'
          ? 'training.archive'
          : 'training.unpublish';
    await this.core.audit(input.actorId, action, training.id, {
      before: { status: training.status },
      after: { status: next.status },
    });
    return ok({ training: next, etag });
  }
}
