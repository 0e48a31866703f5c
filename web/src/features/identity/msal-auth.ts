// The MSAL session (lazily loaded chunk): redirect flows (authorization code + PKCE) against the authority named
// by the runtime config. Nothing here knows about roles: those come from the api's profile.
import {
  CacheLookupPolicy,
  InteractionRequiredAuthError,
  LogLevel,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
} from '@azure/msal-browser';
import type { AuthConfig } from '@soins/shared';
import type { AuthAccount, AuthSession, RedirectOutcome, SignInOptions } from './auth';
import { parseAuthConfig } from './auth-config';
import { forgetAuthorityMetadata, keepAuthorityMetadata, keptAuthorityMetadata } from './authority-metadata';
import { buildMsalConfiguration, TOKEN_RENEWAL_OFFSET_SECONDS } from './msal-config';
import { beforeRenewal, forgetKeptToken, keepToken, readKeptToken } from './kept-token';
import { decodeReturnState, encodeReturnState } from './return-to';

export interface MsalAuthOptions {
  /** The body of `GET /api/auth/config`, checked here (parseAuthConfig). */
  readonly config: unknown;
  /** The current UI language, sent to the provider as `ui_locales`. */
  readonly getLanguage: () => string;
  readonly origin?: string;
  /** Where the browser is now, used to come back after an interactive token renewal. */
  readonly currentPath?: () => string;
  readonly onLog?: (level: 'error' | 'warning', message: string) => void;
  /** Where the provider's discovery document is kept for the tab (sessionStorage by default). */
  readonly storage?: Storage;
  /** Fetches the discovery document to keep (tests give their own). */
  readonly fetchMetadata?: typeof fetch;
}

/** How long after start-up a signed-in tab fetches the discovery document to keep. */
const KEEP_METADATA_AFTER_MS = 3_000;

/** A promise that never settles: the page is navigating to the identity provider. */
const navigatingAway = <T>(): Promise<T> => new Promise<T>(() => undefined);

function toAccount(account: AccountInfo): AuthAccount {
  return { name: account.name, username: account.username };
}

/**
 * Creates and initialises MSAL, then handles the redirect response if this page load is one (`/auth/callback`).
 * The response is processed where it lands (`navigateToLoginRequestUrl: false`); the router then sends the user
 * to the page carried in the state, or to their own space.
 */
export async function createMsalAuth({
  config: rawConfig,
  getLanguage,
  origin = window.location.origin,
  currentPath = () => `${window.location.pathname}${window.location.search}${window.location.hash}`,
  onLog,
  storage = typeof sessionStorage === 'undefined' ? undefined : sessionStorage,
  fetchMetadata,
}: MsalAuthOptions): Promise<AuthSession> {
  const config: AuthConfig = parseAuthConfig(rawConfig);
  const keptMetadata = storage && keptAuthorityMetadata(config.authority, storage);
  const pca = new PublicClientApplication(
    buildMsalConfiguration(
      config,
      origin,
      (level, message) => {
        if (level === LogLevel.Error) onLog?.('error', message);
        else if (level === LogLevel.Warning) onLog?.('warning', message);
      },
      keptMetadata,
    ),
  );
  await pca.initialize();

  let redirectOutcome: RedirectOutcome | null = null;
  let result: AuthenticationResult | null = null;
  try {
    result = await pca.handleRedirectPromise({ navigateToLoginRequestUrl: false });
  } catch (error) {
    redirectOutcome = { kind: 'failed', error };
    // Maybe the kept discovery document no longer holds: the next page load fetches it again.
    if (storage) forgetAuthorityMetadata(config.authority, storage);
  }
  // The account is settled here, once per page load: MSAL reads and parses its storage on every
  // getActiveAccount, which the header (each render) and every token request would otherwise repeat.
  const storedAccount = pca.getActiveAccount();
  if (result?.account) {
    redirectOutcome = { kind: 'signedIn', returnTo: decodeReturnState(result.state) };
  }
  const activeAccount = result?.account ?? storedAccount ?? pca.getAllAccounts()[0] ?? null;
  if (activeAccount && activeAccount !== storedAccount) pca.setActiveAccount(activeAccount);
  const signedInAccount = activeAccount ? toAccount(activeAccount) : null;
  // A kept token is only ever MSAL's current account's.
  const keptNow = readKeptToken(storage);
  if (!signedInAccount || (keptNow && keptNow.account.username !== signedInAccount.username)) {
    forgetKeptToken(storage);
  }
  /** Set once sign-out starts: MSAL clears its cache then, whether or not the browser manages to leave. */
  let signedOut = false;

  // A signed-in tab keeps the provider's discovery document for its next page loads: at once on the page the
  // provider sent back (nothing to show there yet), else once the page has had its own requests (never on the
  // way to the first token).
  if (storage && !keptMetadata && activeAccount) {
    setTimeout(
      () => {
        void keepAuthorityMetadata(config.authority, config.protocolMode, storage, fetchMetadata);
      },
      redirectOutcome?.kind === 'signedIn' ? 0 : KEEP_METADATA_AFTER_MS,
    );
  }

  const redirectUri = new URL(config.redirectPath, origin).href;
  const uiLocales = (): Record<string, string> => ({ ui_locales: getLanguage() });
  let redirecting = false;

  /**
   * One redirect at a time (double clicks, parallel token requests). If it fails before the page leaves (e.g. the
   * provider is unreachable), the error goes to the caller and a later attempt may start again.
   */
  const leaveFor = async <T>(navigate: () => Promise<void>): Promise<T> => {
    if (redirecting) return navigatingAway<T>();
    redirecting = true;
    try {
      await navigate();
    } catch (error) {
      redirecting = false;
      throw error;
    }
    return navigatingAway<T>();
  };

  const signIn = ({ returnTo, signUp = false, reauthenticate = false }: SignInOptions = {}): Promise<void> =>
    leaveFor(() => {
      const state = encodeReturnState(returnTo);
      return pca.loginRedirect({
        scopes: config.scopes,
        redirectUri,
        extraQueryParameters: uiLocales(),
        ...(state !== undefined ? { state } : {}),
        ...(signUp ? { prompt: 'create' } : reauthenticate ? { prompt: 'login' } : {}),
      });
    });

  let pendingToken: Promise<string> | null = null;
  /**
   * The last access token and when it is due for renewal. MSAL would hand back the same cached token until then,
   * but only after reading and parsing its storage on the page's main thread, once per api call.
   */
  let lastToken: { readonly value: string; readonly renewAt: number } | null = null;
  const reusableToken = (): string | undefined =>
    lastToken && beforeRenewal(lastToken) ? lastToken.value : undefined;
  /** The last token is never handed out again, nor kept for the next page load. */
  const dropToken = (): void => {
    lastToken = null;
    forgetKeptToken(storage);
  };
  const acquire = async (forceRefresh: boolean): Promise<string> => {
    const account = signedOut ? null : activeAccount;
    if (!account) return signIn({ returnTo: currentPath() }).then(() => navigatingAway<string>());
    // Calls that queued behind the one that renewed it take its token.
    const reusable = forceRefresh ? undefined : reusableToken();
    if (reusable !== undefined) return reusable;
    try {
      // Never the hidden-iframe fallback: the provider may not be framed (CSP) and third-party cookies are
      // often blocked. An expired refresh token means an interactive redirect.
      const response = await pca.acquireTokenSilent({
        scopes: config.scopes,
        account,
        cacheLookupPolicy: forceRefresh
          ? CacheLookupPolicy.RefreshToken
          : CacheLookupPolicy.AccessTokenAndRefreshToken,
      });
      // A renewal that ends after sign-out started is neither reused nor kept for the next page.
      lastToken =
        response.expiresOn && !signedOut
          ? {
              value: response.accessToken,
              renewAt: response.expiresOn.getTime() - TOKEN_RENEWAL_OFFSET_SECONDS * 1000,
            }
          : null;
      if (lastToken && signedInAccount) keepToken(storage, { ...lastToken, account: signedInAccount });
      else forgetKeptToken(storage);
      return response.accessToken;
    } catch (error) {
      dropToken();
      if (!(error instanceof InteractionRequiredAuthError)) {
        if (storage) forgetAuthorityMetadata(config.authority, storage);
        throw error;
      }
      return leaveFor<string>(() => {
        const state = encodeReturnState(currentPath());
        return pca.acquireTokenRedirect({
          scopes: config.scopes,
          account,
          redirectUri,
          extraQueryParameters: uiLocales(),
          ...(state !== undefined ? { state } : {}),
        });
      });
    }
  };

  return {
    settings: { authority: config.authority, environment: config.environment },
    redirectOutcome,
    isSignedIn: () => activeAccount !== null && !signedOut,
    account: () => (signedOut ? null : signedInAccount),
    signIn,
    signOut: () =>
      leaveFor(() => {
        signedOut = true;
        dropToken();
        return pca.logoutRedirect({
          ...(activeAccount ? { account: activeAccount } : {}),
          postLogoutRedirectUri: new URL(config.postLogoutPath, origin).href,
          extraQueryParameters: uiLocales(),
        });
      }),
    /**
     * One renewal at a time: refresh tokens rotate, and the provider revokes the whole grant when a used refresh
     * token is presented again, so two parallel renewals must never race.
     */
    getAccessToken({ forceRefresh = false } = {}): Promise<string> {
      // A token the api refused is never handed out again.
      if (forceRefresh) dropToken();
      else {
        const reusable = reusableToken();
        if (reusable !== undefined) return Promise.resolve(reusable);
      }
      const previous = pendingToken ?? Promise.resolve('');
      const next = previous.catch(() => '').then(() => acquire(forceRefresh));
      pendingToken = next;
      const settle = (): void => {
        if (pendingToken === next) pendingToken = null;
      };
      next.then(settle, settle);
      return next;
    },
  };
}
