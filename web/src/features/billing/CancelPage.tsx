import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { buttonClass, useDocumentTitle } from '../../ui';

/** /billing/cancel: the learner left Stripe Checkout without paying. */
export function CancelPage(): ReactNode {
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
        <Link to="/account/subscription" className={buttonClass()}>
          {t('billing.cancel.toPlans')}
        </Link>
        <Link to="/dashboard" className={buttonClass('secondary')}>
          {t('billing.success.toDashboard')}
        </Link>
      </div>
    </>
  );
}
