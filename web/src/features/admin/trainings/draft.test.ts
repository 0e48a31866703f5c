import type { Training } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import {
  chapterIds,
  draftOf,
  emptyDraft,
  moveChapter,
  onlyMediaChanged,
  slugify,
  upsertBody,
  validateDraft,
  withServerMedia,
} from './draft';
import { describeProblem } from './problems';
import { bankBody, emptyQuestion, quizDraftOf, validateQuiz } from './quiz-draft';
import { filterTrainings, validateTrainingsSearch } from './search';
import { makeTranslate } from '../../../i18n';

const training: Training = {
  id: 'soins-palliatifs',
  trainingId: 'soins-palliatifs',
  kind: 'training',
  status: 'draft',
  languages: ['fr', 'nl'],
  title: { fr: 'Soins palliatifs', nl: 'Palliatieve zorg' },
  summary: { fr: 'Résumé', nl: 'Samenvatting' },
  professions: ['nurse'],
  accreditedHours: 1.5,
  organiser: 'SOINS+',
  free: true,
  completionRule: { kind: 'watched', percent: 90 },
  chapters: [
    { id: 'intro', title: { fr: 'Intro', nl: 'Inleiding' }, durationSeconds: 0, video: {} },
    {
      id: 'deux',
      title: { fr: 'Deux', nl: 'Twee' },
      durationSeconds: 4,
      video: { fr: 'soins-palliatifs/deux/a.fr.mp4' },
      completionRule: { kind: 'launch' },
      preview: true,
    },
  ],
  quiz: {
    questionsPerAttempt: 2,
    passPercent: 80,
    maxAttempts: null,
    waitMinutesBetweenAttempts: 0,
    timeLimitMinutes: null,
  },
  updatedAt: '2026-11-25T10:00:00.000Z',
};

describe('the training form model', () => {
  it('round-trips a training through the form, chapter rules, free previews and files included', () => {
    const body = upsertBody(draftOf(training));
    expect(body).toEqual({
      languages: ['fr', 'nl'],
      title: training.title,
      summary: training.summary,
      professions: ['nurse'],
      accreditedHours: 1.5,
      organiser: 'SOINS+',
      free: true,
      completionRule: { kind: 'watched', percent: 90 },
      chapters: [
        { id: 'intro', title: { fr: 'Intro', nl: 'Inleiding' }, durationSeconds: 0, video: {} },
        {
          id: 'deux',
          title: { fr: 'Deux', nl: 'Twee' },
          durationSeconds: 4,
          video: { fr: 'soins-palliatifs/deux/a.fr.mp4' },
          completionRule: { kind: 'launch' },
          preview: true,
        },
      ],
    });
  });

  it('checks the fields, in the user’s language (message keys), and accepts decimal commas', () => {
    const draft = { ...emptyDraft(), id: 'Pas un id', accreditedHours: '1,5', percent: '150' };
    expect(validateDraft(draft, { requireId: true })).toEqual({
      id: 'builder.error.id',
      title: 'builder.error.title',
      summary: 'builder.error.summary',
      percent: 'builder.error.percent',
    });
    expect(upsertBody({ ...draftOf(training), accreditedHours: '2,5' }).accreditedHours).toBe(2.5);
  });

  it('derives ids for new chapters from their titles, unique in the training', () => {
    const draft = draftOf(training);
    const added = [
      ...draft.chapters,
      { ...draft.chapters[0], key: 'k1', id: undefined, title: { fr: 'Intro', nl: '' } },
      { ...draft.chapters[0], key: 'k2', id: undefined, title: { fr: '', nl: '' } },
    ] as typeof draft.chapters;
    expect(chapterIds(added)).toEqual(['intro', 'deux', 'intro-2', 'chapitre-4']);
    expect(slugify('Hygiène des mains : 5 moments')).toBe('hygiene-des-mains-5-moments');
  });

  it('moves a chapter by drag or keyboard, clamped at both ends', () => {
    expect(moveChapter(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveChapter(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    const same = ['a', 'b'];
    expect(moveChapter(same, 0, -1)).toBe(same);
  });

  it('takes the files an upload attached, and tells an upload from someone else’s edit', () => {
    const draft = { ...draftOf(training), title: { fr: 'Titre en cours', nl: 'Palliatieve zorg' } };
    const uploaded: Training = {
      ...training,
      chapters: training.chapters.map((c) =>
        c.id === 'intro' ? { ...c, video: { nl: 'soins-palliatifs/intro/b.nl.mp4' }, durationSeconds: 6 } : c,
      ),
      updatedAt: '2026-11-25T10:05:00.000Z',
    };
    const merged = withServerMedia(draft, uploaded);
    expect(merged.title.fr).toBe('Titre en cours');
    expect(merged.chapters[0]?.media).toMatchObject({
      video: { nl: 'soins-palliatifs/intro/b.nl.mp4' },
      durationSeconds: 6,
    });
    expect(onlyMediaChanged(training, uploaded)).toBe(true);
    expect(onlyMediaChanged(training, { ...uploaded, organiser: 'Quelqu’un d’autre' })).toBe(false);
  });
});

describe('the quiz form model', () => {
  it('requires twice the questions drawn per attempt, and the right number of correct answers', () => {
    const draft = quizDraftOf(training.quiz, []);
    const one = { ...emptyQuestion(), prompt: { fr: 'Q ?', nl: 'V?' } };
    const filled = {
      ...one,
      options: one.options.map((o, i) => ({ ...o, text: { fr: `R${String(i)}`, nl: `A${String(i)}` } })),
    };
    expect(validateQuiz({ ...draft, questions: [filled, filled, filled] }, ['fr', 'nl'])).toEqual({
      questions: 'builder.quiz.error.tooSmall',
    });
    const none = { ...filled, options: filled.options.map((o) => ({ ...o, correct: false })) };
    expect(validateQuiz({ ...draft, questions: [filled, filled, filled, none] }, ['fr', 'nl'])).toEqual({
      'questions.3.correct': 'builder.quiz.error.single',
    });
    const body = bankBody({ ...draft, questions: [filled, filled, filled, filled] }, ['fr', 'nl']);
    expect(body.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(body.questions[0]?.options.map((o) => [o.id, o.correct])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(body.settings).toEqual(training.quiz);
  });
});

describe('publish problems', () => {
  it('says what is missing in the admin’s language, chapters and questions numbered from 1', () => {
    const fr = makeTranslate('fr');
    const nl = makeTranslate('nl');
    expect(
      describeProblem(fr, { path: 'chapters.1.video.nl', message: 'chapter deux has no nl video' }),
    ).toBe('Chapitre 2 : vidéo en néerlandais manquante.');
    expect(
      describeProblem(nl, {
        path: 'chapters.0.video.fr',
        message: 'the fr video file of chapter intro is missing from storage',
      }),
    ).toBe('Hoofdstuk 1: het bestand van de video in het Frans is niet te vinden, verzend het opnieuw.');
    expect(describeProblem(fr, { path: 'title.nl', message: 'missing the nl title' })).toBe(
      'Titre en néerlandais manquant.',
    );
    expect(describeProblem(fr, { path: 'questions', message: 'the training has no quiz questions' })).toBe(
      'Écrivez le questionnaire (onglet Questionnaire).',
    );
    expect(describeProblem(fr, { path: 'questions.2.options.1.text.fr', message: 'x' })).toBe(
      'Question 3 : une réponse n’a pas de texte en français.',
    );
    expect(describeProblem(fr, { path: 'chapters', message: 'the training has no chapter' })).toBe(
      'Ajoutez au moins un chapitre.',
    );
  });
});

describe('the trainings list', () => {
  it('keeps valid search params only, and filters by words and status', () => {
    expect(validateTrainingsSearch({ q: '  hygiène ', status: 'published' })).toEqual({
      q: 'hygiène',
      status: 'published',
    });
    expect(validateTrainingsSearch({ status: 'deleted', q: 3 })).toEqual({ q: '3' });
    const items = [
      { ...training, status: 'published' as const },
      { ...training, id: 'autre', title: { fr: 'Hygiène des mains' }, status: 'draft' as const },
    ];
    expect(filterTrainings(items, { q: 'HYGIENE' }).map((t) => t.id)).toEqual(['autre']);
    expect(filterTrainings(items, { status: 'published' }).map((t) => t.id)).toEqual(['soins-palliatifs']);
    expect(filterTrainings(items, { q: 'palliatieve soins+' })).toHaveLength(1);
  });
});
