// The SPA's view of authentication. MSAL (~70 KB gzip, plus zod for the config) is not part of the initial bundle.
// It is loaded, together with `GET /api/auth/config`, at bootstrap when this tab may hold a session (MSAL accounts
// in sessionStorage, or the page is the sign-in callback), and otherwise on first need: a guard, a sign-in click.
// So an anonymous visitor's landing page never downloads it. Until it is ready, `isSignedIn()` is false, unless
// the tab kept a token from its previous page (kept-token.ts): then the api is called with it at once and MSAL waits
// until it is needed. Roles are not here: they come from the api's profile.
import type { TokenSource } from '../../api/client';
import { beforeRenewal, type KeptToken } from './kept-token';

export interface AuthAccount {
  readonly name: string | undefined;
  readonly username: string;
}

/** What the redirect back from the provider brought, handled once at bootstrap. */
export type RedirectOutcome =
  | { readonly kind: 'signedIn'; readonly returnTo: string | undefined }
  | { readonly kind: 'failed'; readonly error: unknown };

export interface SignInOptions {
  /** Same-origin path to come back to after sign-in (sanitised; dropped if unsafe). */
  readonly returnTo?: string | undefined;
  /** Open the provider's account creation page instead of its sign-in page. */
  readonly signUp?: boolean;
  /** Ask for the password again even with a provider session (`prompt=login`): a fresh `auth_time`. */
  readonly reauthenticate?: boolean;
}

/** Where the user signs in (for messages: the local provider's certificate must be accepted once). */
export interface AuthSettings {
  readonly authority: string;
  readonly environment: 'local' | 'test' | 'azure';
}

/** The MSAL-backed session, once loaded (see msal-auth.ts). */
export interface AuthSession extends TokenSource {
  readonly settings: AuthSettings;
  readonly redirectOutcome: RedirectOutcome | null;
  isSignedIn(): boolean;
  account(): AuthAccount | null;
  signIn(options?: SignInOptions): Promise<void>;
  signOut(): Promise<void>;
}

export type AuthStatus = 'idle' | 'loading' | 'ready' | 'unavailable';

export interface Auth extends TokenSource {
  readonly status: () => AuthStatus;
  /**
   * Resolves once the sign-in state is known: at once with a kept token, else once MSAL is loaded and initialised
   * (or could not be: 'unavailable'). Never rejects.
   */
  ready(): Promise<void>;
  /** React subscribes here to re-render when the status changes. */
  readonly subscribe: (listener: () => void) => () => void;
  isSignedIn(): boolean;
  account(): AuthAccount | null;
  redirectOutcome(): RedirectOutcome | null;
  /** Known once MSAL is loaded. */
  settings(): AuthSettings | null;
  signIn(options?: SignInOptions): Promise<void>;
  signOut(): Promise<void>;
}

/** Thrown when the identity provider's configuration or MSAL could not be loaded. */
export class AuthUnavailableError extends Error {
  override readonly name = 'AuthUnavailableError';
  constructor(override readonly cause: unknown) {
    super('authentication is unavailable');
  }
}

export function isAuthUnavailableError(error: unknown): error is AuthUnavailableError {
  return error instanceof AuthUnavailableError;
}

/** Wraps the asynchronously loaded session; every method loads it and waits for it where it has to. */
export function createDeferredAuth(
  load: () => Promise<AuthSession>,
  {
    eager = true,
    kept: keptAtStart = null,
    forgetKept = () => undefined,
  }: {
    readonly eager?: boolean;
    /** The token the tab kept from its previous page, if still valid (read at bootstrap). */
    readonly kept?: KeptToken | null;
    /** Removes the kept token from the tab's storage (it must never be used again). */
    readonly forgetKept?: () => void;
  } = {},
): Auth {
  let kept = keptAtStart;
  let session: AuthSession | null = null;
  let failure: unknown = null;
  let status: AuthStatus = 'idle';
  let settled: Promise<void> | null = null;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of listeners) listener();
  };

  const start = (): Promise<void> => {
    if (settled) return settled;
    status = 'loading';
    settled = load().then(
      (loaded) => {
        session = loaded;
        status = 'ready';
        notify();
      },
      (error: unknown) => {
        failure = error;
        status = 'unavailable';
        // The next need tries again (a chunk or the config may have been unreachable for a moment).
        settled = null;
        notify();
      },
    );
    notify();
    return settled;
  };
  if (eager) void start();

  const dropKept = (): void => {
    if (!kept) return;
    kept = null;
    forgetKept();
    notify();
  };

  const requireSession = async (): Promise<AuthSession> => {
    await start();
    if (!session) throw new AuthUnavailableError(failure);
    return session;
  };

  return {
    status: () => status,
    ready: () => (kept && !settled ? Promise.resolve() : start()),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    isSignedIn: () => (session ? session.isSignedIn() : kept !== null),
    account: () => (session ? session.account() : (kept?.account ?? null)),
    redirectOutcome: () => session?.redirectOutcome ?? null,
    settings: () => session?.settings ?? null,
    signIn: async (options) => (await requireSession()).signIn(options),
    signOut: async () => {
      // Gone before MSAL is even loaded: a tab whose sign-out cannot complete is not left signed in with it.
      dropKept();
      return (await requireSession()).signOut();
    },
    getAccessToken: async (options) => {
      // A token the api refused is never used again; one due for renewal goes to MSAL.
      if (options?.forceRefresh) dropKept();
      if (!session && kept && beforeRenewal(kept)) return kept.value;
      return (await requireSession()).getAccessToken(options);
    },
  };
}

/** Where the provider sends the browser back after sign-in (the route `/auth/callback`). */
export const AUTH_CALLBACK_PATH = '/auth/callback';

/**
 * Whether this tab may hold an MSAL session (or is coming back from the provider), so MSAL is worth loading at
 * once. A wrong "no" only delays MSAL until a guard or a click needs it.
 */
export function mayHaveSession(
  pathname: string,
  storage: Pick<Storage, 'length' | 'key' | 'getItem'> | undefined,
  redirectPath = AUTH_CALLBACK_PATH,
): boolean {
  if (pathname === redirectPath) return true;
  if (!storage) return true;
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key && /^msal\.(\d+\.)?account\.keys$/.test(key)) {
        const value = storage.getItem(key);
        if (value && value !== '[]') return true;
      }
    }
    return false;
  } catch {
    return true;
  }
}
