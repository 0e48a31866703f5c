import { createFileRoute, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useAppContext } from '../app-context';
import { ClarityTracker, ConsentBanner } from '../features/consent';
import { allowVisitors } from '../features/identity/guard';
import { useAuthStatus, useProfile } from '../features/identity/hooks';
import { askCataloguePage, askTrainingPage } from '../features/courses/queries';
import { requireProfileComplete } from '../features/learner/onboarding-guard';
import { prefetchLegalStatus, requireLegalAccepted } from '../features/legal/guard';

/**
 * The public catalogue: visitors see the trainings, their prices and free preview chapters before signing up.
 * A signed-in learner sees the same pages inside her space (its gates, consent and analytics as on every learner
 * page); nothing here needs an account to be read.
 */
export const Route = createFileRoute('/catalogue')({
  beforeLoad: async ({ context, location, matches }) => {
    // The page's data is public: its request starts now, beside the sign-in checks below, and the page's loader
    // finds it in flight (it would otherwise wait for them: one more round trip before a signed-in learner's list).
    for (const match of matches) {
      if (match.routeId === '/catalogue/') void askCataloguePage(context, match.search);
      else if (match.routeId === '/catalogue/$trainingId')
        void askTrainingPage(context, match.params.trainingId);
    }
    // A visitor's tab never loads MSAL here (`status` is idle without a session).
    if (context.auth.status() === 'loading') await context.auth.ready();
    prefetchLegalStatus(context);
    return allowVisitors(context, location, async (at) => {
      await requireLegalAccepted(context, at);
      await requireProfileComplete(context, at);
    });
  },
  component: CatalogueLayout,
});

function CatalogueLayout(): ReactNode {
  const { auth } = useAppContext();
  useAuthStatus();
  const profile = useProfile();
  const learner = auth.isSignedIn() && profile?.roles.includes('learner') === true;
  return (
    <div className="space space--catalogue">
      {learner ? <ClarityTracker /> : null}
      <Outlet />
      {/* After the page: it appears once the profile and the config are known, and would push the page down. */}
      {learner ? <ConsentBanner /> : null}
    </div>
  );
}
