// Search params of the subscription, cancel and success pages. Plain checks, not zod, in a module of their own:
// route search validation runs in the SPA's first chunk, which must not carry the subscription pages' code.
import { isSafeReturnPath } from '@soins/shared/return-path';
import { sanitizeReturnTo } from '../identity/return-to';

/** `?returnTo=`: the page of the app the learner came from (e.g. a training), carried through Stripe Checkout. */
function returnPathOf(value: unknown): string | undefined {
  const path = sanitizeReturnTo(value);
  return path !== undefined && isSafeReturnPath(path) ? path : undefined;
}

export interface ReturnSearch {
  readonly returnTo?: string;
}

/** Search params of the subscription and cancel pages: an unsafe `returnTo` is dropped, never followed. */
export function validateReturnSearch(search: Record<string, unknown>): ReturnSearch {
  const returnTo = returnPathOf(search.returnTo);
  return returnTo === undefined ? {} : { returnTo };
}

export interface SuccessSearch extends ReturnSearch {
  readonly session_id?: string;
}

// Stripe Checkout session ids (cs_test_…, cs_live_…); anything else is dropped, never shown or stored.
const CHECKOUT_SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/** `?session_id=&returnTo=` of /billing/success; an invalid value is dropped rather than an error page. */
export function validateSuccessSearch(search: Record<string, unknown>): SuccessSearch {
  const sessionId = search.session_id;
  return {
    ...(typeof sessionId === 'string' && CHECKOUT_SESSION_ID.test(sessionId)
      ? { session_id: sessionId }
      : {}),
    ...validateReturnSearch(search),
  };
}
