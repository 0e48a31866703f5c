import { createFileRoute, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ClarityTracker, ConsentBanner } from '../features/consent';
import { requireSpace } from '../features/identity/guard';
import { prefetchLegalStatus, requireLegalAccepted } from '../features/legal/guard';
import { askPlayerPage, askQuizPage } from '../features/courses/queries';
import { requireProfileComplete } from '../features/learner/onboarding-guard';
import { loadSpaceTexts } from '../i18n';

/**
 * The learner space (pathless): signed-in users with the learner role who accepted the legal documents. Only here
 * is analytics consent asked and Microsoft Clarity run (never in the admin or trainer spaces).
 */
export const Route = createFileRoute('/_learner')({
  // The space's texts are fetched beside its gates, and so is a course page's data (the training; the quiz's status)
  // when the tab already holds a session (a token kept from its previous page): its loader finds it in flight
  // instead of asking after the gates (one more round trip before the page). Were a gate to send the learner
  // elsewhere, the answers are unused.
  beforeLoad: async ({ context, location, matches }) => {
    if (context.auth.isSignedIn()) {
      for (const match of matches) {
        if (match.routeId === '/_learner/learn/$trainingId/')
          void askPlayerPage(context, match.params.trainingId);
        else if (match.routeId === '/_learner/learn/$trainingId/quiz')
          void askQuizPage(context, match.params.trainingId, match.search.attempt);
      }
    }
    const gates = async (): Promise<Awaited<ReturnType<typeof requireSpace>>> => {
      await context.auth.ready();
      prefetchLegalStatus(context);
      const result = await requireSpace(context, location, 'learner');
      await requireLegalAccepted(context, location);
      await requireProfileComplete(context, location);
      return result;
    };
    const [result] = await Promise.all([gates(), loadSpaceTexts(context.i18n.lang, 'learner')]);
    return result;
  },
  component: LearnerLayout,
});

function LearnerLayout(): ReactNode {
  // Its pages are in the header's navigation (folded into the menu on a phone).
  return (
    <div className="space space--learner">
      <ClarityTracker />
      <Outlet />
      {/* After the page: it appears once the profile and the config are known, and would push the page down. */}
      <ConsentBanner />
    </div>
  );
}
