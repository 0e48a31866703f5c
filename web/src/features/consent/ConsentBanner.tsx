import { useId, useState, type ReactNode } from 'react';
import { Link, useRouterState } from '@tanstack/react-router';
import { useT } from '../../i18n';
import { Button, MAIN_CONTENT_ID } from '../../ui';
import { useClarityProjectId } from './queries';
import { useAnalyticsConsent } from './store';
import './consent.css';

/**
 * Asks once for analytics consent (Microsoft Clarity), in the page flow rather than as a dialog: nothing is
 * blocked, both choices are plain buttons, and the choice can be changed later on the subscription page.
 * Shown only when analytics is configured and the learner has not chosen yet.
 */
export function ConsentBanner(): ReactNode {
  const t = useT();
  const projectId = useClarityProjectId();
  const { choice, choose } = useAnalyticsConsent();
  const titleId = useId();
  // It waits for the page above it: shown under a page still loading, it was pushed down when the page came (a
  // layout shift of its whole height). Once shown, it stays through later navigations.
  const pageLoaded = useRouterState({ select: (state) => state.status === 'idle' && !state.isLoading });
  const [shown, setShown] = useState(pageLoaded);
  if (pageLoaded && !shown) setShown(true);
  if (!projectId || choice !== undefined || !shown) return null;
  const decide = (next: 'granted' | 'denied'): void => {
    choose(next);
    // The banner disappears: keep keyboard users in the page rather than on a removed button (where they are:
    // the banner is at the page's end).
    document.getElementById(MAIN_CONTENT_ID)?.focus({ preventScroll: true });
  };
  return (
    <section className="consent-banner" aria-labelledby={titleId}>
      <h2 id={titleId} className="consent-banner__title">
        {t('consent.banner.title')}
      </h2>
      <p className="consent-banner__body">
        {t('consent.banner.body')}{' '}
        <Link to="/account/subscription" hash="analytics-settings">
          {t('consent.banner.more')}
        </Link>
      </p>
      <div className="cluster">
        <Button
          onClick={() => {
            decide('granted');
          }}
        >
          {t('consent.accept')}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            decide('denied');
          }}
        >
          {t('consent.refuse')}
        </Button>
      </div>
    </section>
  );
}
