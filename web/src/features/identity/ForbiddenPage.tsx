import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { buttonClass } from '../../ui/Button';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { SPACE_HOME, type Space } from './access';

/** The 403 page: shown at the address that was refused, with a way back to the user's own space. */
export function ForbiddenPage({ space, home }: { readonly space: Space; readonly home: Space }): ReactNode {
  const t = useT();
  useDocumentTitle(t('forbidden.documentTitle'));
  return (
    <section aria-labelledby="forbidden-title">
      <p className="page-header__eyebrow">403</p>
      <h1 id="forbidden-title">{t('forbidden.title')}</h1>
      <p>{t('forbidden.body', { space: t(`space.${space}`) })}</p>
      <p>
        <Link to={SPACE_HOME[home]} className={buttonClass('primary')}>
          {t('forbidden.back', { space: t(`space.${home}`) })}
        </Link>
      </p>
    </section>
  );
}
