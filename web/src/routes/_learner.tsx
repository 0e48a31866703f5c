import { createFileRoute, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ClarityTracker, ConsentBanner } from '../features/consent';
import { requireSpace } from '../features/identity/guard';
import { prefetchLegalStatus, requireLegalAccepted } from '../features/legal/guard';
import { requireProfileComplete } from '../features/learner/onboarding-guard';

/**
 * The learner space (pathless): signed-in users with the learner role who accepted the legal documents. Only here
 * is analytics consent asked and Microsoft Clarity run (never in the admin or trainer spaces).
 */
export const Route = createFileRoute('/_learner')({
  beforeLoad: async ({ context, location }) => {
    await context.auth.ready();
    prefetchLegalStatus(context);
    const result = await requireSpace(context, location, 'learner');
    await requireLegalAccepted(context, location);
    await requireProfileComplete(context, location);
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
