// Search params of the public auth pages, validated by plain typed functions: they run in the initial bundle,
// where zod would add ~25 KB gzip (it is loaded lazily with MSAL and the spaces).
import { sanitizeReturnTo } from './return-to';

export interface SignInSearch {
  readonly returnTo?: string;
  readonly signup?: boolean;
}

export function validateSignInSearch(search: Record<string, unknown>): SignInSearch {
  const returnTo = sanitizeReturnTo(search.returnTo);
  const signup = search.signup === true || search.signup === 'true' ? true : undefined;
  return { ...(returnTo !== undefined ? { returnTo } : {}), ...(signup ? { signup } : {}) };
}
