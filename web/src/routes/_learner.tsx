import { createFileRoute, Link, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { requireSpace } from '../features/identity/guard';
import { requireLegalAccepted } from '../features/legal/guard';
import { useT } from '../i18n';

/** The learner space (pathless): signed-in users with the learner role who accepted the legal documents. */
export const Route = createFileRoute('/_learner')({
  beforeLoad: async ({ context, location }) => {
    const result = await requireSpace(context, location, 'learner');
    await requireLegalAccepted(context, location);
    return result;
  },
  component: LearnerLayout,
});

function LearnerLayout(): ReactNode {
  const t = useT();
  return (
    <div className="space space--learner">
      <nav aria-label={t('learner.nav')} className="space-nav">
        <ul className="space-nav__list">
          <li>
            <Link to="/dashboard" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('learner.nav.dashboard')}
            </Link>
          </li>
          <li>
            <Link to="/profile" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('learner.nav.profile')}
            </Link>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
