import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useT } from '../../i18n';
import { Button, buttonClass, Loading } from '../../ui';
import { useEntitlement } from './useEntitlement';
import './billing.css';

export interface SubscriptionRequiredProps {
  /** Shown only to an entitled learner (active subscription, or past_due within the grace period). */
  readonly children: ReactNode;
  /** Heading level of the call to action inside the page outline. */
  readonly level?: 2 | 3;
}

/**
 * Gate for paid content: its children for a subscribed learner, otherwise a call to action to the subscription
 * page. The api enforces the same rule on every paid route; this only avoids showing a door that is locked.
 */
export function SubscriptionRequired({ children, level = 2 }: SubscriptionRequiredProps): ReactNode {
  const t = useT();
  const { entitled, isPending, error, refetch } = useEntitlement();
  const Heading = level === 2 ? 'h2' : 'h3';
  if (isPending) return <Loading label={t('billing.gate.loading')} />;
  if (entitled === undefined)
    return (
      <div className="state state--error" role="alert">
        <Heading className="state__title">{t('billing.gate.errorTitle')}</Heading>
        <div className="state__body">
          <p>{problemMessage(t, error)}</p>
        </div>
        <div className="state__action">
          <Button variant="secondary" onClick={() => void refetch()}>
            {t('billing.retry')}
          </Button>
        </div>
      </div>
    );
  if (entitled) return children;
  return (
    <div className="state billing-gate">
      <Heading className="state__title">{t('billing.gate.title')}</Heading>
      <div className="state__body">
        <p>{t('billing.gate.body')}</p>
      </div>
      <div className="state__action">
        <Link to="/account/subscription" className={buttonClass()}>
          {t('billing.gate.cta')}
        </Link>
      </div>
    </div>
  );
}
