// Checks the body of `GET /api/auth/config` against `AuthConfig` (shared) without zod, which would add ~26 KB gzip
// to the sign-in path. The api builds this body from its own validated configuration; this guards against a
// wrong deployment (e.g. an older api) with one clear error instead of an obscure MSAL failure.
import type { AuthConfig } from '@soins/shared';

export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(isNonEmptyString);

function isHttpsUrl(value: unknown): value is string {
  if (!isNonEmptyString(value)) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

export function parseAuthConfig(value: unknown): AuthConfig {
  const problems: string[] = [];
  if (!isRecord(value)) throw new AuthConfigError('auth config: not an object');
  const {
    authority,
    clientId,
    scopes,
    knownAuthorities,
    protocolMode,
    redirectPath,
    postLogoutPath,
    environment,
  } = value;
  // MSAL only talks to an https authority.
  if (!isHttpsUrl(authority)) problems.push('authority must be an https URL');
  if (!isNonEmptyString(clientId)) problems.push('clientId is required');
  if (!isStringArray(scopes) || scopes.length === 0) problems.push('scopes must be a non-empty list');
  if (!isStringArray(knownAuthorities)) problems.push('knownAuthorities must be a list');
  if (protocolMode !== 'OIDC' && protocolMode !== 'AAD') problems.push('protocolMode must be OIDC or AAD');
  if (!isNonEmptyString(redirectPath) || !redirectPath.startsWith('/'))
    problems.push('redirectPath must be a path');
  if (!isNonEmptyString(postLogoutPath) || !postLogoutPath.startsWith('/'))
    problems.push('postLogoutPath must be a path');
  if (environment !== 'local' && environment !== 'test' && environment !== 'azure')
    problems.push('environment must be local, test or azure');
  if (value.sentryDsn !== undefined && !isHttpsUrl(value.sentryDsn))
    problems.push('sentryDsn must be an https URL');
  if (problems.length > 0) throw new AuthConfigError(`auth config: ${problems.join('; ')}`);
  return value as AuthConfig;
}
