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
    const header = request.headers.get('x-authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header.trim());
    if (!match?.[1]) return fail({ code: 'unauthorized' as const, message: 'invalid credentials' });
    const identity = await deps.verifier.verify(match[1]);
    if (!identity) return fail({ code: 'unauthorized' as const, message: 'invalid credentials' });
    return deps.resolveCaller.execute(identity);
  };
}
