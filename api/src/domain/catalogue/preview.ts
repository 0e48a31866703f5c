// Free preview chapters: a visitor (signed in or not) watches the video of a chapter an admin marked
// `preview` in a published training, through a short-lived read-only link. Nothing else of the training's
// content is reachable this way: any other chapter, a draft or an unknown id is simply not found.
import { contentLanguages, type ContentLanguage, type PreviewLink } from '@soins/shared';
import type { VideoFiles } from '../learning/model';
import { fail, ok, type Result } from '../result';
import type { TrainingRepository } from './ports';

/** Preview links live at most this long; the page asks for a new one when it expires. */
export const previewLinkMinutes = 5;

export type PreviewError = { code: 'not_found'; message: string };

export class OpenPreviewVideo {
  constructor(private readonly deps: { trainings: TrainingRepository; files: VideoFiles }) {}

  async execute(input: {
    trainingId: string;
    chapterId: string;
    /** The video's language wanted (the other one is used when the chapter has none in it). */
    language: ContentLanguage;
  }): Promise<Result<PreviewLink, PreviewError>> {
    const notFound = fail({ code: 'not_found' as const, message: 'no preview chapter with this id' });
    const training = await this.deps.trainings.get(input.trainingId);
    if (training?.status !== 'published') return notFound;
    const chapter = training.chapters.find((c) => c.id === input.chapterId);
    if (chapter?.preview !== true) return notFound;
    const language = [input.language, ...contentLanguages.filter((l) => l !== input.language)].find(
      (l) => training.languages.includes(l) && chapter.video[l] !== undefined,
    );
    const blobName = language === undefined ? undefined : chapter.video[language];
    if (language === undefined || blobName === undefined) return notFound;
    const link = await this.deps.files.readLink(blobName, previewLinkMinutes);
    return ok({ url: link.url, expiresAt: link.expiresAt.toISOString(), language });
  }
}
