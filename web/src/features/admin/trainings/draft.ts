// The training editor's form model, free of React: what the admin types (strings, both languages side by
// side) to and from the api's training, field checks in the user's language, chapter order and the files
// the api attached after an upload. Nothing here imports zod at run time.
import type {
  AdminTrainingUpsert,
  Chapter,
  CompletionRule,
  ContentLanguage,
  LocalizedText,
  Profession,
  QuizSettings,
  Training,
} from '@soins/shared';
import type { MessageKey } from '../../../i18n';

export const CONTENT_LANGUAGES: readonly ContentLanguage[] = ['fr', 'nl'];
export const PROFESSIONS: readonly Profession[] = ['nurse', 'midwife', 'other'];

export interface Bilingual {
  readonly fr: string;
  readonly nl: string;
}

/** The files of a chapter as the api set them (never typed by the admin). */
export type ChapterMedia = Pick<Chapter, 'video' | 'videoInfo' | 'captions' | 'handout' | 'durationSeconds'>;

export interface ChapterDraft {
  /** A stable key for React and the reordering announcements. */
  readonly key: string;
  /** The chapter id once the api knows it; undefined for a chapter not saved yet. */
  readonly id: string | undefined;
  readonly title: Bilingual;
  /** `inherit`: the training's rule. */
  readonly rule: 'inherit' | 'launch' | 'watched';
  readonly percent: string;
  /** A free preview: visitors may watch it from the training's public page. */
  readonly preview: boolean;
  readonly media: ChapterMedia;
}

export interface TrainingDraft {
  readonly id: string;
  readonly languages: readonly ContentLanguage[];
  readonly title: Bilingual;
  readonly summary: Bilingual;
  readonly description: Bilingual;
  readonly professions: readonly Profession[];
  readonly accreditedHours: string;
  readonly organiser: string;
  readonly thumbnail: string;
  readonly free: boolean;
  readonly rule: 'launch' | 'watched';
  readonly percent: string;
  readonly chapters: readonly ChapterDraft[];
}

/** Quiz rules a new training starts with (the demo trainings' rules). */
export const DEFAULT_QUIZ: QuizSettings = {
  questionsPerAttempt: 5,
  passPercent: 80,
  maxAttempts: 3,
  waitMinutesBetweenAttempts: 60,
  timeLimitMinutes: 30,
};

const bilingual = (text: LocalizedText | undefined): Bilingual => ({
  fr: text?.fr ?? '',
  nl: text?.nl ?? '',
});

let keys = 0;
export const newKey = (): string => `chapter-${String(++keys)}`;

export function emptyDraft(): TrainingDraft {
  return {
    id: '',
    languages: ['fr', 'nl'],
    title: { fr: '', nl: '' },
    summary: { fr: '', nl: '' },
    description: { fr: '', nl: '' },
    professions: ['nurse'],
    accreditedHours: '1',
    organiser: 'SOINS+ Academy',
    thumbnail: '',
    free: false,
    rule: 'watched',
    percent: '90',
    chapters: [],
  };
}

export function draftOf(training: Training): TrainingDraft {
  return {
    id: training.id,
    languages: [...training.languages],
    title: bilingual(training.title),
    summary: bilingual(training.summary),
    description: bilingual(training.description),
    professions: [...training.professions],
    accreditedHours: String(training.accreditedHours),
    organiser: training.organiser,
    thumbnail: training.thumbnail ?? '',
    free: training.free,
    rule: training.completionRule.kind,
    percent: training.completionRule.kind === 'watched' ? String(training.completionRule.percent) : '90',
    chapters: training.chapters.map((chapter) => ({
      key: newKey(),
      id: chapter.id,
      title: bilingual(chapter.title),
      rule: chapter.completionRule?.kind ?? 'inherit',
      percent: chapter.completionRule?.kind === 'watched' ? String(chapter.completionRule.percent) : '90',
      preview: chapter.preview === true,
      media: mediaOf(chapter),
    })),
  };
}

export function mediaOf(chapter: Chapter): ChapterMedia {
  return {
    video: chapter.video,
    durationSeconds: chapter.durationSeconds,
    ...(chapter.videoInfo ? { videoInfo: chapter.videoInfo } : {}),
    ...(chapter.captions ? { captions: chapter.captions } : {}),
    ...(chapter.handout ? { handout: chapter.handout } : {}),
  };
}

/** Lower-case ascii letters, digits and dashes: "Hygiène des mains" → "hygiene-des-mains". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Ids for chapters not saved yet, from their title, unique within the training. */
export function chapterIds(chapters: readonly ChapterDraft[]): string[] {
  const taken = new Set(chapters.flatMap((chapter) => (chapter.id ? [chapter.id] : [])));
  return chapters.map((chapter, index) => {
    if (chapter.id) return chapter.id;
    const base = slugify(chapter.title.fr || chapter.title.nl) || `chapitre-${String(index + 1)}`;
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${String(n)}`;
    taken.add(candidate);
    return candidate;
  });
}

const text = (value: Bilingual, languages: readonly ContentLanguage[]): LocalizedText | undefined => {
  const out: { fr?: string; nl?: string } = {};
  for (const language of CONTENT_LANGUAGES) {
    const trimmed = value[language].trim();
    if (trimmed && languages.includes(language)) out[language] = trimmed;
  }
  return out.fr !== undefined || out.nl !== undefined ? out : undefined;
};

const number = (value: string): number => Number(value.replace(',', '.').trim());

function ruleOf(kind: 'launch' | 'watched', percent: string): CompletionRule {
  return kind === 'launch' ? { kind: 'launch' } : { kind: 'watched', percent: Math.round(number(percent)) };
}

/** Field errors (path → message key), in the order the form shows them. */
export type DraftErrors = Readonly<Record<string, MessageKey>>;

export function validateDraft(draft: TrainingDraft, options: { requireId: boolean }): DraftErrors {
  const errors: Record<string, MessageKey> = {};
  if (options.requireId && !ID_PATTERN.test(draft.id)) errors.id = 'builder.error.id';
  if (draft.languages.length === 0) errors.languages = 'builder.error.languages';
  if (!text(draft.title, draft.languages)) errors.title = 'builder.error.title';
  if (!text(draft.summary, draft.languages)) errors.summary = 'builder.error.summary';
  if (draft.professions.length === 0) errors.professions = 'builder.error.professions';
  const hours = number(draft.accreditedHours);
  if (!(hours > 0 && hours <= 200)) errors.accreditedHours = 'builder.error.hours';
  if (!draft.organiser.trim()) errors.organiser = 'builder.error.organiser';
  const thumbnail = draft.thumbnail.trim();
  if (thumbnail && !/^(https:\/\/\S+|\/[^\s/]\S*)$/.test(thumbnail))
    errors.thumbnail = 'builder.error.thumbnail';
  const percentOk = (value: string): boolean => {
    const percent = number(value);
    return Number.isInteger(percent) && percent >= 1 && percent <= 100;
  };
  if (draft.rule === 'watched' && !percentOk(draft.percent)) errors.percent = 'builder.error.percent';
  draft.chapters.forEach((chapter, index) => {
    if (!text(chapter.title, draft.languages))
      errors[`chapters.${String(index)}.title`] = 'builder.error.chapterTitle';
    if (chapter.rule === 'watched' && !percentOk(chapter.percent)) {
      errors[`chapters.${String(index)}.percent`] = 'builder.error.percent';
    }
  });
  return errors;
}

/** The body of `PUT /api/manage/trainings/{id}` (the draft must be valid). */
export function upsertBody(draft: TrainingDraft, quiz?: QuizSettings): AdminTrainingUpsert {
  const ids = chapterIds(draft.chapters);
  const description = text(draft.description, draft.languages);
  const thumbnail = draft.thumbnail.trim();
  return {
    languages: CONTENT_LANGUAGES.filter((language) => draft.languages.includes(language)),
    title: text(draft.title, draft.languages) ?? { fr: '' },
    summary: text(draft.summary, draft.languages) ?? { fr: '' },
    ...(description ? { description } : {}),
    professions: PROFESSIONS.filter((profession) => draft.professions.includes(profession)),
    accreditedHours: number(draft.accreditedHours),
    organiser: draft.organiser.trim(),
    ...(thumbnail ? { thumbnail } : {}),
    free: draft.free,
    completionRule: ruleOf(draft.rule, draft.percent),
    chapters: draft.chapters.map((chapter, index) => ({
      id: ids[index] ?? `chapitre-${String(index + 1)}`,
      title: text(chapter.title, draft.languages) ?? { fr: '' },
      ...chapter.media,
      ...(chapter.rule === 'inherit' ? {} : { completionRule: ruleOf(chapter.rule, chapter.percent) }),
      ...(chapter.preview ? { preview: true } : {}),
    })),
    ...(quiz ? { quiz } : {}),
  };
}

/** The chapters after moving the one at `from` by `by` places (clamped); the same array when it cannot move. */
export function moveChapter<T>(chapters: readonly T[], from: number, to: number): readonly T[] {
  const target = Math.max(0, Math.min(chapters.length - 1, to));
  if (from === target || from < 0 || from >= chapters.length) return chapters;
  const next = [...chapters];
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(target, 0, moved);
  return next;
}

/** After an upload: the draft's chapters take the files the api now has (titles and order stay the admin's). */
export function withServerMedia(draft: TrainingDraft, training: Training): TrainingDraft {
  const byId = new Map(training.chapters.map((chapter) => [chapter.id, chapter]));
  return {
    ...draft,
    chapters: draft.chapters.map((chapter) => {
      const saved = chapter.id ? byId.get(chapter.id) : undefined;
      return saved ? { ...chapter, media: mediaOf(saved) } : chapter;
    }),
  };
}

/** The training without what uploads change (files, durations, dates): two equal ones differ only by uploads. */
export function contentWithoutMedia(training: Training): unknown {
  const { updatedAt: _updatedAt, chapters, ...rest } = training;
  return {
    ...rest,
    chapters: chapters.map(
      ({ video: _v, videoInfo: _i, captions: _c, handout: _h, durationSeconds: _d, ...chapter }) => chapter,
    ),
  };
}

/** Whether `after` is `before` with only files changed (an upload), so its ETag can be adopted safely. */
export function onlyMediaChanged(before: Training, after: Training): boolean {
  return JSON.stringify(contentWithoutMedia(before)) === JSON.stringify(contentWithoutMedia(after));
}
