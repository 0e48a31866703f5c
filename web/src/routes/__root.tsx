import { createRootRouteWithContext, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { AppHeader } from '../features/identity/AppHeader';
import { SiteFooter } from '../features/privacy/SiteFooter';
import { useT } from '../i18n';
import type { RouterContext } from '../router-context';
import { MAIN_CONTENT_ID, SkipLink } from '../ui/SkipLink';
import { ToastProvider } from '../ui/Toast';
import { ErrorPage } from './-components/ErrorPage';
import { NotFound } from './-components/NotFound';

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: NotFound,
  errorComponent: ErrorPage,
});

/** Frame of every page: skip link, banner, one main landmark that the skip link targets, the footer, the toasts. */
function RootLayout(): ReactNode {
  const t = useT();
  return (
    <ToastProvider closeLabel={t('common.close')} regionLabel={t('common.notifications')}>
      <SkipLink />
      <AppHeader />
      <main id={MAIN_CONTENT_ID} className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
      <SiteFooter />
    </ToastProvider>
  );
}
