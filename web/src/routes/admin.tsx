import { createFileRoute, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { requireSpace } from '../features/identity/guard';
import { useT } from '../i18n';

/** The admin space: signed-in users with the admin role. */
export const Route = createFileRoute('/admin')({
  beforeLoad: ({ context, location }) => requireSpace(context, location, 'admin'),
  component: AdminLayout,
});

function AdminLayout(): ReactNode {
  const t = useT();
  return (
    <div className="space space--admin">
      <p className="page-header__eyebrow">{t('admin.title')}</p>
      <Outlet />
    </div>
  );
}
