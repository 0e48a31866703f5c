import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useT } from '../../i18n';
import { buttonClass, Loading, useDocumentTitle, useToast } from '../../ui';
import { useConversionEvent } from '../consent';
import { CONFIRM_TIMEOUT_MS, confirmationInterval, confirmationPhase, returnLocation } from './logic';
import { subscriptionQueryOptions } from './queries';
import './billing.css';

/**
 * /billing/success: Stripe sent the learner back; the subscription becomes active when the webhook has been
 * processed, a second or two later. Polls until then (or gives up after a minute with a way forward).
 */
export function SuccessPage({
  sessionId,
  returnTo,
}: {
  readonly sessionId: string | undefined;
  /** The page the learner came from (validated): once the subscription is confirmed, she goes back there. */
  readonly returnTo?: string | undefined;
}): ReactNode {
  const { api } = useAppContext();
  const t = useT();
  const navigate = useNavigate();
  const toast = useToast();
  const [startedAt] = useState(() => Date.now());
  const [, setTick] = useState(0);
  const subscription = useQuery({
    ...subscriptionQueryOptions(api),
    staleTime: 0,
    refetchInterval: (query) => confirmationInterval(query.state.data, Date.now() - startedAt),
  });
  const phase = confirmationPhase(subscription.data, Date.now() - startedAt);
  useDocumentTitle(
    t(phase === 'confirmed' ? 'billing.success.documentTitle' : 'billing.success.waitingTitle'),
  );
  useConversionEvent(sessionId, phase === 'confirmed');

  // Confirmed: back to the training she came from, with the news in a toast (the conversion is counted above).
  useEffect(() => {
    if (phase !== 'confirmed' || returnTo === undefined) return;
    toast.show(t('billing.success.returning'));
    void navigate({ ...returnLocation(returnTo), replace: true });
  }, [phase, returnTo, navigate, toast, t]);

  // Re-render when the wait is over, even if no answer changed.
  useEffect(() => {
    const timer = setTimeout(() => {
      setTick((n) => n + 1);
    }, CONFIRM_TIMEOUT_MS + 50);
    return () => {
      clearTimeout(timer);
    };
  }, []);

  // Move focus to the outcome heading so screen-reader and keyboard users land on it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (phase !== 'waiting') heading.current?.focus();
  }, [phase]);

  return (
    <>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('space.learner')}</p>
        <h1 ref={heading} tabIndex={-1}>
          {t(
            phase === 'confirmed'
              ? 'billing.success.title'
              : phase === 'timedOut'
                ? 'billing.success.timeoutTitle'
                : 'billing.success.waitingTitle',
          )}
        </h1>
      </header>
      <div className="stack" aria-busy={phase === 'waiting'}>
        {phase === 'waiting' ? <Loading label={t('billing.success.waiting')} /> : null}
        {phase === 'confirmed' ? (
          <>
            <p role="status">{t('billing.success.body')}</p>
            <div className="cluster">
              <Link to="/dashboard" className={buttonClass()}>
                {t('billing.success.toDashboard')}
              </Link>
              <Link to="/account/subscription" className={buttonClass('secondary')}>
                {t('billing.success.toSubscription')}
              </Link>
            </div>
          </>
        ) : null}
        {phase === 'timedOut' ? (
          <>
            <p role="alert">{t('billing.success.timeoutBody')}</p>
            <Link to="/account/subscription" className={buttonClass('secondary')}>
              {t('billing.success.toSubscription')}
            </Link>
          </>
        ) : null}
      </div>
    </>
  );
}
