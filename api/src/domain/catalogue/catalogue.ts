// The public catalogue: published trainings, searched and filtered in code (the catalogue is small and
// its source list is cached), rendered in the reader's language.
import {
  contentLanguageFor,
  localized,
  trainingSchema,
  type CatalogueItem,
  type CatalogueList,
  type CatalogueQuery,
  type ContentLanguage,
  type Training,
  type TrainingDetail,
} from '@soins/shared';
import { z } from 'zod';
import { fail, ok, type Result } from '../result';
import { cachePrefixes, cacheTtlSeconds, type ReadThroughCache } from './cache';
import type { TrainingRepository } from './ports';

/** Lower-case, without accents and extra spaces: "Hygiène  DES mains" → "hygiene des mains". */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const texts = (text: { fr?: string; nl?: string }): string[] =>
  [text.fr, text.nl].filter((t): t is string => t !== undefined);

/**
 * Published trainings matching the query: every word of `q` appears in the title or summary (either
 * language), and the filters hold. Title matches come first; otherwise the input order is kept.
 */
export function searchTrainings(trainings: readonly Training[], query: CatalogueQuery): Training[] {
  const terms = normalizeForSearch(query.q ?? '')
    .split(' ')
    .filter(Boolean);
  const matches: { training: Training; inTitle: boolean }[] = [];
  for (const training of trainings) {
    if (training.status !== 'published') continue;
    if (query.profession && !training.professions.includes(query.profession)) continue;
    if (query.language && !training.languages.includes(query.language)) continue;
    if (query.minHours !== undefined && training.accreditedHours < query.minHours) continue;
    if (query.maxHours !== undefined && training.accreditedHours > query.maxHours) continue;
    if (terms.length === 0) {
      matches.push({ training, inTitle: true });
      continue;
    }
    const title = normalizeForSearch(texts(training.title).join(' '));
    const everything = `${title} ${normalizeForSearch(texts(training.summary).join(' '))}`;
    if (!terms.every((term) => everything.includes(term))) continue;
    matches.push({ training, inTitle: terms.every((term) => title.includes(term)) });
  }
  return [...matches.filter((m) => m.inTitle), ...matches.filter((m) => !m.inTitle)].map((m) => m.training);
}

/** The language the texts are shown in: the shared rule (the reader's when offered, else the first). */
export const displayLanguage = (training: Training, wanted: ContentLanguage): ContentLanguage =>
  contentLanguageFor(training, wanted);

/** Only absolute links are shown; a bare blob name needs a read link the catalogue does not mint. */
function publicThumbnail(thumbnail: string | undefined): string | undefined {
  return thumbnail && /^(https:\/\/|\/)/.test(thumbnail) ? thumbnail : undefined;
}

export function toCatalogueItem(training: Training, wanted: ContentLanguage): CatalogueItem {
  const language = displayLanguage(training, wanted);
  const thumbnailUrl = publicThumbnail(training.thumbnail);
  return {
    id: training.id,
    language,
    title: localized(training.title, language),
    summary: localized(training.summary, language),
    languages: [...training.languages],
    professions: [...training.professions],
    accreditedHours: training.accreditedHours,
    organiser: training.organiser,
    ...(thumbnailUrl ? { thumbnailUrl } : {}),
    free: training.free,
    chapterCount: training.chapters.length,
    totalDurationSeconds: Math.round(training.chapters.reduce((sum, c) => sum + c.durationSeconds, 0)),
    ...(training.publishedAt ? { publishedAt: training.publishedAt } : {}),
  };
}

export function toTrainingDetail(training: Training, wanted: ContentLanguage): TrainingDetail {
  const item = toCatalogueItem(training, wanted);
  return {
    ...item,
    ...(training.description ? { description: localized(training.description, item.language) } : {}),
    chapters: training.chapters.map((chapter) => ({
      id: chapter.id,
      title: localized(chapter.title, item.language),
      durationSeconds: chapter.durationSeconds,
      videoLanguages: training.languages.filter((language) => chapter.video[language] !== undefined),
      preview: chapter.preview === true,
    })),
    quiz: {
      questionsPerAttempt: training.quiz.questionsPerAttempt,
      passPercent: training.quiz.passPercent,
      maxAttempts: training.quiz.maxAttempts,
      timeLimitMinutes: training.quiz.timeLimitMinutes,
      waitMinutesBetweenAttempts: training.quiz.waitMinutesBetweenAttempts,
    },
    completionRule: training.completionRule,
  };
}

const publishedKey = `${cachePrefixes.catalogue}published:v1`;
const publishedListSchema = z.array(trainingSchema);

/**
 * Reads of the public catalogue. The cache holds one entry, the published trainings, so arbitrary
 * queries cannot flood it; search and rendering run in code on every request.
 */
export class BrowseCatalogue {
  constructor(private readonly deps: { trainings: TrainingRepository; cache: ReadThroughCache }) {}

  async list(query: CatalogueQuery, language: ContentLanguage): Promise<CatalogueList> {
    const published = await this.published();
    return { language, items: searchTrainings(published, query).map((t) => toCatalogueItem(t, language)) };
  }

  async detail(
    trainingId: string,
    language: ContentLanguage,
  ): Promise<Result<TrainingDetail, { code: 'not_found'; message: string }>> {
    const training = (await this.published()).find((t) => t.id === trainingId);
    if (!training) return fail({ code: 'not_found', message: 'no published training with this id' });
    return ok(toTrainingDetail(training, language));
  }

  private async published(): Promise<Training[]> {
    const list = await this.deps.cache.getOrCompute(
      publishedKey,
      { ttlSeconds: cacheTtlSeconds, parse: (value) => publishedListSchema.parse(value) },
      () => this.deps.trainings.listPublished(),
    );
    return list ?? [];
  }
}
