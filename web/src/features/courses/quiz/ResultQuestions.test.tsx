// Server-rendered markup of the quiz correction: right/wrong always, correct answers only when sent.
import type { QuizResult } from '@soins/shared';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../i18n';
import { ResultQuestions } from './ResultQuestions';

const base: QuizResult = {
  attemptId: 'hygiene.1',
  trainingId: 'hygiene',
  status: 'failed',
  passed: false,
  language: 'fr',
  number: 1,
  startedAt: '2026-11-25T10:00:00.000Z',
  deadline: null,
  submittedAt: '2026-11-25T10:05:00.000Z',
  correctCount: 1,
  questionCount: 2,
  scorePercent: 50,
  passPercent: 60,
  answersRevealed: false,
  questions: [
    {
      id: 'q1',
      type: 'single',
      prompt: 'Combien de moments ?',
      options: [
        { id: 'a', text: 'Cinq', chosen: true },
        { id: 'b', text: 'Trois', chosen: false },
      ],
      chosenOptionIds: ['a'],
      right: true,
    },
    {
      id: 'q2',
      type: 'single',
      prompt: 'Quel produit ?',
      options: [
        { id: 'a', text: 'Solution hydroalcoolique', chosen: false },
        { id: 'b', text: 'Eau seule', chosen: true },
      ],
      chosenOptionIds: ['b'],
      right: false,
    },
  ],
};

/** The same result with the answers revealed (passed, or no attempt left). */
const revealed: QuizResult = {
  ...base,
  answersRevealed: true,
  questions: base.questions.map((q) => ({
    ...q,
    correctOptionIds: ['a'],
    options: q.options.map((o) => ({ ...o, correct: o.id === 'a' })),
    explanation: `Parce que ${q.id}`,
  })),
};

function render(result: QuizResult, lang: 'fr' | 'nl' = 'fr'): string {
  return renderToStaticMarkup(
    <I18nProvider initialLang={lang}>
      <ResultQuestions result={result} />
    </I18nProvider>,
  );
}

describe('quiz correction', () => {
  it('shows right/wrong and the chosen options, and says when the correct answers will be shown', () => {
    const html = render(base);
    expect(html).toContain('bonne réponse');
    expect(html).toContain('mauvaise réponse');
    expect(html.match(/Votre réponse/g)).toHaveLength(2);
    expect(html).toContain(
      'Les bonnes réponses seront affichées lorsque vous aurez réussi le questionnaire.',
    );
    expect(html).not.toContain('Bonne réponse<');
    expect(html).not.toContain('result-option--correct');
    expect(html).not.toContain('Explication');
  });

  it('says it in Dutch too', () => {
    expect(render(base, 'nl')).toContain('De juiste antwoorden worden getoond zodra u geslaagd bent.');
  });

  it('marks the correct options and shows the explanations once they are sent', () => {
    const html = render(revealed);
    expect(html.match(/result-option--correct/g)).toHaveLength(2);
    expect(html.match(/>Bonne réponse</g)).toHaveLength(2);
    expect(html).toContain('Parce que q2');
    expect(html).not.toContain('Les bonnes réponses seront affichées');
  });
});
