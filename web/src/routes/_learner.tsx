import { createFileRoute, Link, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ClarityTracker, ConsentBanner } from '../features/consent';
import { requireSpace } from '../features/identity/guard';
import { requireLegalAccepted } from '../features/legal/guard';
import { requireProfileComplete } from '../features/learner/onboarding-guard';
import { useT } from '../i18n';

/**
 * The learner space (pathless): signed-in users with the learner role who accepted the legal documents. Only here
 * is analytics consent asked and Microsoft Clarity run (never in the admin or trainer spaces).
 */
export const Route = createFileRoute('/_learner')({
  beforeLoad: async ({ context, location }) => {
    const result = await requireSpace(context, location, 'learner');
    await requireLegalAccepted(context, location);
    await requireProfileComplete(context, location);
    return result;
  },
  component: LearnerLayout,
});

function LearnerLayout(): ReactNode {
  const t = useT();
  return (
    <div className="space space--learner">
      <ConsentBanner />
      <ClarityTracker />
      <nav aria-label={t('learner.nav')} className="space-nav">
        <ul className="space-nav__list">
          <li>
            <Link to="/dashboard" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('learner.nav.dashboard')}
            </Link>
          </li>
          <li>
            <Link to="/news" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('learner.nav.news')}
            </Link>
          </li>
          <li>
            <Link to="/catalogue" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('courses.nav.catalogue')}
            </Link>
          </li>
          <li>
            <Link to="/sessions" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('learner.nav.sessions')}
            </Link>
          </li>
          <li>
            <Link to="/certificates" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('courses.nav.certificates')}
            </Link>
          </li>
          <li>
            <Link to="/profile" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('learner.nav.profile')}
            </Link>
          </li>
          <li>
            <Link
              to="/account/subscription"
              className="space-nav__link"
              activeProps={{ 'aria-current': 'page' }}
            >
              {t('learner.nav.subscription')}
            </Link>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
