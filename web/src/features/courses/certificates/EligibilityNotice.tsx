import type { EligibilityGap } from '@soins/shared';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../../i18n';

const STEP: Readonly<Record<EligibilityGap, { text: MessageKey; link: MessageKey; hash: string }>> = {
  profile: {
    text: 'courses.eligibility.profile',
    link: 'courses.eligibility.profileLink',
    hash: 'details-title',
  },
  diploma: {
    text: 'courses.eligibility.diploma',
    link: 'courses.eligibility.diplomaLink',
    hash: 'diploma-title',
  },
};

/**
 * A pass whose certificate waits (`awaiting_eligibility`): what the learner still has to complete, with a link
 * to each. The certificate is issued by itself once the last one is done.
 */
export function EligibilityNotice({
  missing,
  level = 3,
}: {
  readonly missing: readonly EligibilityGap[];
  readonly level?: 2 | 3;
}): ReactNode {
  const { t } = useI18n();
  if (missing.length === 0) return null;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="notice eligibility" aria-labelledby="eligibility-title">
      <Heading id="eligibility-title">{t('courses.eligibility.title')}</Heading>
      <p>{t('courses.eligibility.intro')}</p>
      <ul>
        {missing.map((gap) => (
          <li key={gap}>
            {t(STEP[gap].text)}{' '}
            <Link to="/profile" hash={STEP[gap].hash}>
              {t(STEP[gap].link)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
