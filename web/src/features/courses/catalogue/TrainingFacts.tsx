import type { ContentLanguage, Profession } from '@soins/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n';
import { formatDuration, formatHours, formatList } from '../format';
import { useLabels } from '../labels';

/** The key facts of a training (catalogue card and detail page): hours, languages, chapters or professions, organiser. */
export function TrainingFacts({
  hours,
  languages,
  organiser,
  chapters,
  professions,
}: {
  readonly hours: number;
  readonly languages: readonly ContentLanguage[];
  readonly organiser: string;
  readonly chapters?: { readonly count: number; readonly durationSeconds: number };
  readonly professions?: readonly Profession[];
}): ReactNode {
  const { t, lang } = useI18n();
  const labels = useLabels();
  return (
    <dl className="facts">
      <div>
        <dt>{t('courses.facts.hours')}</dt>
        <dd>{formatHours(lang, hours)}</dd>
      </div>
      <div>
        <dt>{t('courses.facts.languages')}</dt>
        <dd>
          {formatList(
            lang,
            languages.map((l) => labels.language(l)),
          )}
        </dd>
      </div>
      {chapters ? (
        <div>
          <dt>{t('courses.facts.chapters')}</dt>
          <dd>
            {t('courses.facts.chaptersValue', {
              count: chapters.count,
              duration: formatDuration(lang, chapters.durationSeconds),
            })}
          </dd>
        </div>
      ) : null}
      {professions ? (
        <div>
          <dt>{t('courses.facts.professions')}</dt>
          <dd>
            {formatList(
              lang,
              professions.map((p) => labels.profession(p)),
            )}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>{t('courses.facts.organiser')}</dt>
        <dd>{organiser}</dd>
      </div>
    </dl>
  );
}
