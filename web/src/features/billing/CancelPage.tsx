import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { buttonClass, useDocumentTitle } from '../../ui';
import { returnLocation } from './logic';

/** /billing/cancel: the learner left Stripe Checkout without paying (and may go back to the training). */
export function CancelPage({ returnTo }: { readonly returnTo?: string | undefined }): ReactNode {
  const t = useT();
  useDocumentTitle(t('billing.cancel.documentTitle'));
  return (
    <>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('space.learner')}</p>
        <h1>{t('billing.cancel.title')}</h1>
        <p className="lead">{t('billing.cancel.body')}</p>
      </header>
      <div className="cluster">
        <Link
          to="/account/subscription"
          search={returnTo === undefined ? {} : { returnTo }}
          className={buttonClass()}
        >
          {t('billing.cancel.toPlans')}
        </Link>
        {returnTo !== undefined ? (
          <Link {...returnLocation(returnTo)} className={buttonClass('secondary')}>
            {t('billing.back.toTraining')}
          </Link>
        ) : null}
        <Link to="/dashboard" className={buttonClass('secondary')}>
          {t('billing.success.toDashboard')}
        </Link>
      </div>
    </>
  );
}
