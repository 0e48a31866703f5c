import type { QuizResult } from '@soins/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n';
import { Badge } from '../../../ui';

/**
 * The correction of an attempt: each question right or wrong with the learner's choices. The api sends
 * the correct options and the explanations only once they can no longer help (passed, or no attempt
 * left); until then a sentence says when they will be shown.
 */
export function ResultQuestions({ result }: { readonly result: QuizResult }): ReactNode {
  const { t, lang } = useI18n();
  const textLang = result.language !== lang ? result.language : undefined;
  return (
    <section aria-labelledby="result-details">
      <h2 id="result-details">{t('courses.quiz.details')}</h2>
      {result.questions.length === 0 ? <p>{t('courses.quiz.noAnswers')}</p> : null}
      {result.questions.length > 0 && !result.answersRevealed ? (
        <p>{t('courses.quiz.answersHidden')}</p>
      ) : null}
      <ol className="result-questions">
        {result.questions.map((q, i) => (
          <li key={q.id} className="card result-question">
            <h3 className="result-question__title">
              {t('courses.quiz.questionOf', { index: i + 1, total: result.questions.length })}
              {' · '}
              <span className={q.right ? 'text-success' : 'text-danger'}>
                {q.right ? t('courses.quiz.right') : t('courses.quiz.wrong')}
              </span>
            </h3>
            <p lang={textLang}>{q.prompt}</p>
            <ul className="result-options">
              {q.options.map((o) => (
                <li
                  key={o.id}
                  className={o.correct === true ? 'result-option result-option--correct' : 'result-option'}
                >
                  <span lang={textLang}>{o.text}</span>
                  {o.chosen ? <Badge>{t('courses.quiz.yourAnswer')}</Badge> : null}
                  {o.correct === true ? <Badge tone="brand">{t('courses.quiz.correctAnswer')}</Badge> : null}
                </li>
              ))}
            </ul>
            {q.explanation ? (
              <p className="result-question__explanation">
                <strong>{t('courses.quiz.explanation')}</strong> <span lang={textLang}>{q.explanation}</span>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
