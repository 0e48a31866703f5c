import type { QueryClient } from '@tanstack/react-query';
import type { ApiClient } from './api/client';
import type { Auth } from './features/identity/auth';
import type { I18n } from './i18n';

/** What every route's loaders and guards receive. */
export interface RouterContext {
  readonly i18n: I18n;
  /** The signed-in account and token source (MSAL). Roles are not here: they come from the profile query. */
  readonly auth: Auth;
  /**
   * Server state (TanStack Query). Loaders call `queryClient.query({ ...options, staleTime: 'static' })`, which
   * replaces the deprecated `ensureQueryData` in TanStack Query 5.10x (same semantics).
   */
  readonly queryClient: QueryClient;
  /** Calls `/api` with `X-Authorization` and `Accept-Language`. */
  readonly api: ApiClient;
}
