import { useRouteContext } from '@tanstack/react-router';
import type { RouterContext } from './router-context';

/** The router context (auth, api, queryClient, i18n) from any component. */
export function useAppContext(): RouterContext {
  return useRouteContext({ from: '__root__' });
}
