import { createRouter } from '@tanstack/react-router';
import type { RouterContext } from './router-context';
import { routeTree } from './routeTree.gen';
import { ErrorPage } from './routes/-components/ErrorPage';
import { NotFound } from './routes/-components/NotFound';
import { PendingPage } from './routes/-components/PendingPage';

export function createAppRouter(context: RouterContext) {
  return createRouter({
    routeTree,
    context,
    defaultPreload: 'intent',
    // Loaders read through TanStack Query, which owns caching: the router must not add its own.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
    // Every route without its own components gets these (never the built-in error view, which shows messages).
    defaultErrorComponent: ErrorPage,
    defaultNotFoundComponent: NotFound,
    defaultPendingComponent: PendingPage,
    defaultPendingMs: 300,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
