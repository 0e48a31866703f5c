// Analytics consent and the Microsoft Clarity decision, as pure functions: what the stored choice says, whether
// Clarity may run on a page, and whether a checkout's conversion was already counted. DOM and storage stay in
// clarity.ts and store.ts.

/** localStorage key of the learner's analytics choice; bump the version to ask everyone again. */
export const CONSENT_STORAGE_KEY = 'soins.analytics-consent.v1';
/** sessionStorage key of the checkout sessions whose conversion event was already sent in this tab. */
export const CONVERSION_STORAGE_KEY = 'soins.clarity-conversions.v1';
/** Clarity custom event sent once per confirmed checkout session. */
export const CONVERSION_EVENT = 'subscription_confirmed';

export type ConsentChoice = 'granted' | 'denied';

export interface StoredConsent {
  readonly choice: ConsentChoice;
  /** ISO 8601: when the learner chose. */
  readonly at: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The stored choice, or undefined when there is none or it cannot be trusted (then the banner asks again). */
export function parseStoredConsent(raw: string | null | undefined): StoredConsent | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { choice, at } = value;
  if (choice !== 'granted' && choice !== 'denied') return undefined;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return undefined;
  return { choice, at };
}

export function serializeConsent(choice: ConsentChoice, now: Date): string {
  return JSON.stringify({ choice, at: now.toISOString() } satisfies StoredConsent);
}

/** Clarity project ids are short alphanumeric strings; anything else is ignored (no Clarity). */
const PROJECT_ID = /^[a-z0-9]{1,32}$/i;

/** `clarityProjectId` of the runtime config (`GET /api/auth/config`), when it is a valid id. */
export function clarityProjectIdOf(config: unknown): string | undefined {
  if (!isRecord(config)) return undefined;
  const id = config.clarityProjectId;
  return typeof id === 'string' && PROJECT_ID.test(id) ? id : undefined;
}

export function clarityTagUrl(projectId: string): string {
  return `https://www.clarity.ms/tag/${encodeURIComponent(projectId)}`;
}

const under = (pathname: string, prefix: string): boolean =>
  pathname === prefix || pathname.startsWith(`${prefix}/`);

/** Pages of the learner space (the `/_learner` layout); a new learner route is recorded only once listed here. */
const LEARNER_PREFIXES = [
  '/dashboard',
  '/profile',
  '/account',
  '/billing',
  '/catalogue',
  '/learn',
  '/certificates',
] as const;
/** Spaces where Clarity never runs, whatever the consent. */
const EXCLUDED_PREFIXES = ['/admin', '/trainer'] as const;
/** The final quiz is an assessment: never recorded (answers on screen). */
const QUIZ_PAGE = /^\/learn\/[^/]+\/quiz(?:\/|$)/;

export function isLearnerPath(pathname: string): boolean {
  if (EXCLUDED_PREFIXES.some((prefix) => under(pathname, prefix))) return false;
  if (QUIZ_PAGE.test(pathname)) return false;
  return LEARNER_PREFIXES.some((prefix) => under(pathname, prefix));
}

export type ClarityAction = 'run' | 'stop' | 'none';

/**
 * What to do with Clarity on a page: `run` (load it, or keep it running) only on a learner page, with a configured
 * project id and the learner's consent; `stop` when it was loaded and one of those no longer holds (an admin or
 * trainer page, consent withdrawn); otherwise `none`: it is never loaded.
 */
export function clarityAction(input: {
  readonly projectId: string | undefined;
  readonly consent: ConsentChoice | undefined;
  readonly pathname: string;
  readonly loaded: boolean;
}): ClarityAction {
  const allowed =
    input.projectId !== undefined && input.consent === 'granted' && isLearnerPath(input.pathname);
  if (allowed) return 'run';
  return input.loaded ? 'stop' : 'none';
}

/**
 * Whether the conversion of this checkout session is still to be sent, and the storage value that remembers it.
 * A reload of the success page, or a second tab of the same session, does not count twice.
 */
export function recordConversion(
  raw: string | null | undefined,
  sessionId: string,
): { readonly send: boolean; readonly next: string } {
  let seen: string[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) seen = parsed.filter((v): v is string => typeof v === 'string');
  } catch {
    seen = [];
  }
  if (seen.includes(sessionId)) return { send: false, next: JSON.stringify(seen) };
  // A tab never holds many checkouts; keep the last few.
  return { send: true, next: JSON.stringify([...seen, sessionId].slice(-20)) };
}
