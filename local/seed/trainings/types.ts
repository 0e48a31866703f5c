import type { AdminQuestion, AdminTrainingUpsert, QuizSettings } from '@soins/shared';

/** A demo training as seeded: the admin-editable content, published, with its question bank. */
export interface SeedTraining {
  readonly id: string;
  readonly content: AdminTrainingUpsert & { readonly quiz: QuizSettings };
  readonly questions: readonly AdminQuestion[];
}

/** Blob name in `videos` (and file under local/seed/media) of a chapter's clip in one language. */
export const videoBlobName = (trainingId: string, chapterId: string, language: 'fr' | 'nl'): string =>
  `${trainingId}/${chapterId}.${language}.mp4`;

export const bothVideos = (trainingId: string, chapterId: string) => ({
  fr: videoBlobName(trainingId, chapterId, 'fr'),
  nl: videoBlobName(trainingId, chapterId, 'nl'),
});
