import type { I18n } from './i18n';

/**
 * What every route's loaders and guards receive. The next issue adds `auth` (the signed-in user) and
 * `queryClient` (TanStack Query) here.
 */
export interface RouterContext {
  readonly i18n: I18n;
}
