import { createRootRouteWithContext, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { RouterContext } from '../router-context';
import { Header, MAIN_CONTENT_ID, SkipLink } from '../ui';
import { ErrorPage } from './-components/ErrorPage';
import { NotFound } from './-components/NotFound';

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: NotFound,
  errorComponent: ErrorPage,
});

/** Frame of every page: skip link, banner, and one main landmark that the skip link targets. */
function RootLayout(): ReactNode {
  return (
    <>
      <SkipLink />
      <Header />
      <main id={MAIN_CONTENT_ID} className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
