import type { HttpRequest } from '@azure/functions';
import type { TokenVerifier } from '../../domain/identity/model';
import type { ResolveCaller } from '../../domain/identity/use-cases';
import { fail } from '../../domain/result';
import type { Authenticate } from '../http-kit';

/**
 * The token travels in `X-Authorization`: Static Web Apps overwrites `Authorization` on requests it
 * forwards to the Functions backend, so a token there is never trusted (the local gateway does the same).
 */
export function makeAuthenticate(deps: {
  verifier: TokenVerifier;
  resolveCaller: ResolveCaller;
}): Authenticate {
  return async (request: HttpRequest) => {
    const token = bearerTokenOf(request);
    if (!token) return fail({ code: 'unauthorized' as const, message: 'invalid credentials' });
    const identity = await deps.verifier.verify(token);
    if (!identity) return fail({ code: 'unauthorized' as const, message: 'invalid credentials' });
    return deps.resolveCaller.execute(identity);
  };
}

/** The access token of `X-Authorization: Bearer <jwt>`, if well-formed. */
export function bearerTokenOf(request: HttpRequest): string | undefined {
  const header = request.headers.get('x-authorization') ?? '';
  return /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header.trim())?.[1];
}
