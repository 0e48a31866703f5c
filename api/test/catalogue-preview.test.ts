// Free preview chapters: only a chapter marked `preview` in a published training gives a video link to anyone;
// every other chapter, training or state is not found, and nothing else of the training is reachable.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Training } from '@soins/shared';
import { toTrainingDetail } from '../src/domain/catalogue/catalogue';
import { OpenPreviewVideo, previewLinkMinutes } from '../src/domain/catalogue/preview';
import { FakeVideoFiles, MemoryTrainingRepository, sampleTraining } from './fakes/learning-fakes';

let trainings: MemoryTrainingRepository;
let files: FakeVideoFiles;

function add(over: Partial<Training> = {}): Training {
  const base = sampleTraining(over);
  const training: Training = {
    ...base,
    chapters: base.chapters.map((chapter) =>
      chapter.id === 'intro' ? { ...chapter, preview: true } : chapter,
    ),
    ...over,
  };
  trainings.trainings.set(training.trainingId, training);
  return training;
}

const open = (trainingId: string, chapterId: string, language: 'fr' | 'nl' = 'fr') =>
  new OpenPreviewVideo({ trainings, files }).execute({ trainingId, chapterId, language });

beforeEach(() => {
  trainings = new MemoryTrainingRepository();
  files = new FakeVideoFiles();
});

describe('preview chapters', () => {
  it('links anyone to a preview chapter’s video for a few minutes, in the wanted language', async () => {
    add();
    expect(await open('wound-care', 'intro', 'nl')).toEqual({
      ok: true,
      value: {
        url: 'https://videos.example/wound-care/intro.nl.mp4?sig=x',
        expiresAt: new Date(Date.parse('2026-11-25T10:00:00Z') + previewLinkMinutes * 60_000).toISOString(),
        language: 'nl',
      },
    });
    expect(files.issued).toEqual([{ blobName: 'wound-care/intro.nl.mp4', minutes: previewLinkMinutes }]);
    expect(previewLinkMinutes).toBeLessThanOrEqual(10);
  });

  it.each([
    ['a chapter not marked preview', 'wound-care', 'cleaning', {}],
    ['an unknown chapter', 'wound-care', 'nope', {}],
    ['an unknown training', 'nope', 'intro', {}],
    ['a draft training', 'wound-care', 'intro', { status: 'draft' as const }],
    ['an archived training', 'wound-care', 'intro', { status: 'archived' as const }],
  ])('answers not found for %s, and mints no link', async (_name, trainingId, chapterId, over) => {
    add(over);
    expect(await open(trainingId, chapterId)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(files.issued).toEqual([]);
  });

  it('says on the public detail which chapters are previews (absent means not)', () => {
    const detail = toTrainingDetail(add(), 'fr');
    expect(detail.chapters.map((c) => [c.id, c.preview])).toEqual([
      ['intro', true],
      ['cleaning', false],
      ['dressing', false],
    ]);
  });
});
