import { createFileRoute, Link, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { leaveClarityBehind } from '../features/consent/clarity';
import { requireSpace } from '../features/identity/guard';
import { loadSpaceTexts, useT } from '../i18n';

/** The admin space: signed-in users with the admin role. */
export const Route = createFileRoute('/admin')({
  // The space's texts are fetched beside the sign-in checks (they are not in the first chunk).
  beforeLoad: async ({ context, location }) => {
    const [space] = await Promise.all([
      leaveClarityBehind(location.href).then(() => requireSpace(context, location, 'admin')),
      loadSpaceTexts(context.i18n.lang, 'staff'),
    ]);
    return space;
  },
  component: AdminLayout,
});

function AdminLayout(): ReactNode {
  const t = useT();
  return (
    <div className="space space--admin">
      <p className="page-header__eyebrow">{t('admin.title')}</p>
      <nav aria-label={t('admin.nav')} className="space-nav">
        <ul className="space-nav__list">
          <li>
            <Link
              to="/admin"
              className="space-nav__link"
              activeOptions={{ exact: true, includeSearch: false }}
              activeProps={{ 'aria-current': 'page' }}
            >
              {t('admin.nav.users')}
            </Link>
          </li>
          <li>
            <Link to="/admin/trainings" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('admin.nav.trainings')}
            </Link>
          </li>
          <li>
            <Link to="/admin/sessions" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('admin.nav.sessions')}
            </Link>
          </li>
          <li>
            <Link to="/admin/diplomas" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('admin.nav.diplomas')}
            </Link>
          </li>
          <li>
            <Link to="/admin/legal" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('admin.nav.legal')}
            </Link>
          </li>
          <li>
            <Link to="/admin/reporting" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('admin.nav.reporting')}
            </Link>
          </li>
          <li>
            <Link to="/admin/privacy" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('admin.nav.privacy')}
            </Link>
          </li>
          <li>
            <Link to="/admin/operations" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('admin.nav.operations')}
            </Link>
          </li>
          <li>
            <Link to="/admin/news" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('admin.nav.news')}
            </Link>
          </li>
          <li>
            <Link to="/admin/audit" className="space-nav__link" activeProps={{ 'aria-current': 'page' }}>
              {t('admin.nav.audit')}
            </Link>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
