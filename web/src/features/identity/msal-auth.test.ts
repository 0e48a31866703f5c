// The MSAL session with MSAL's PublicClientApplication replaced by a scripted fake: redirect handling, the state
// that carries the page to return to, ui_locales, token renewal serialised, and the interactive fallback.
import { InteractionRequiredAuthError, type AccountInfo } from '@azure/msal-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const account = {
  homeAccountId: 'h',
  username: 'marie.dubois@demo.soins.plus',
  name: 'Marie Dubois',
} as AccountInfo;

const pca = {
  config: undefined as unknown,
  initialize: vi.fn(() => Promise.resolve()),
  handleRedirectPromise: vi.fn((): Promise<unknown> => Promise.resolve(null)),
  getActiveAccount: vi.fn((): AccountInfo | null => null),
  setActiveAccount: vi.fn(),
  getAllAccounts: vi.fn((): AccountInfo[] => []),
  loginRedirect: vi.fn(() => Promise.resolve()),
  logoutRedirect: vi.fn(() => Promise.resolve()),
  acquireTokenSilent: vi.fn((): Promise<{ accessToken: string; expiresOn?: Date | null }> =>
    Promise.resolve({ accessToken: 'at' }),
  ),
  acquireTokenRedirect: vi.fn(() => Promise.resolve()),
};

vi.mock('@azure/msal-browser', async (importOriginal) => {
  const original = await importOriginal<typeof import('@azure/msal-browser')>();
  return {
    ...original,
    PublicClientApplication: vi.fn(function (this: unknown, config: unknown) {
      pca.config = config;
      return pca;
    }),
  };
});

const { createMsalAuth } = await import('./msal-auth');
const { MemoryStorage } = await import('./memory-storage');
const { keepToken, readKeptToken } = await import('./kept-token');

const config = {
  authority: 'https://localhost:8443',
  clientId: 'soins-spa',
  scopes: ['openid', 'profile', 'offline_access', 'api://soins-api/access_as_user'],
  knownAuthorities: ['localhost:8443'],
  protocolMode: 'OIDC',
  redirectPath: '/auth/callback',
  postLogoutPath: '/',
  environment: 'local',
};

const create = (overrides: Partial<Parameters<typeof createMsalAuth>[0]> = {}) =>
  createMsalAuth({
    config,
    getLanguage: () => 'nl',
    origin: 'http://localhost:4280',
    currentPath: () => '/admin?q=jan',
    ...overrides,
  });

/** Lets pending promise callbacks run. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  vi.clearAllMocks();
  pca.handleRedirectPromise.mockResolvedValue(null);
  pca.getActiveAccount.mockReturnValue(null);
  pca.getAllAccounts.mockReturnValue([]);
  pca.acquireTokenSilent.mockResolvedValue({ accessToken: 'at' });
});

describe('createMsalAuth', () => {
  it('rejects an invalid runtime config before creating MSAL', async () => {
    await expect(create({ config: { ...config, authority: 'not a url' } })).rejects.toThrow();
  });

  it('configures MSAL from the runtime config (OIDC mode, sessionStorage, redirect uris on this origin)', async () => {
    await create();
    expect(pca.config).toMatchObject({
      auth: {
        clientId: 'soins-spa',
        authority: 'https://localhost:8443',
        knownAuthorities: ['localhost:8443'],
        redirectUri: 'http://localhost:4280/auth/callback',
        postLogoutRedirectUri: 'http://localhost:4280/',
      },
      cache: { cacheLocation: 'sessionStorage' },
      system: { protocolMode: 'OIDC', tokenRenewalOffsetSeconds: 60 },
    });
    expect(pca.initialize).toHaveBeenCalled();
    expect(pca.handleRedirectPromise).toHaveBeenCalledWith({ navigateToLoginRequestUrl: false });
  });

  it('handles the redirect response: active account and the page to return to from the state', async () => {
    pca.handleRedirectPromise.mockResolvedValue({ account, state: encodeURIComponent('/admin?q=jan') });
    const auth = await create();
    expect(pca.setActiveAccount).toHaveBeenCalledWith(account);
    expect(auth.redirectOutcome).toEqual({ kind: 'signedIn', returnTo: '/admin?q=jan' });
  });

  it('drops an unsafe page from the state', async () => {
    pca.handleRedirectPromise.mockResolvedValue({
      account,
      state: encodeURIComponent('https://evil.example'),
    });
    const auth = await create();
    expect(auth.redirectOutcome).toEqual({ kind: 'signedIn', returnTo: undefined });
  });

  it('keeps a failed redirect as an outcome instead of crashing', async () => {
    pca.handleRedirectPromise.mockRejectedValue(new Error('access_denied'));
    const auth = await create();
    expect(auth.redirectOutcome?.kind).toBe('failed');
    expect(auth.isSignedIn()).toBe(false);
  });

  it('hands MSAL the discovery document the tab kept, and keeps one once signed in', async () => {
    const storage = new MemoryStorage();
    const discovery = JSON.stringify({
      issuer: 'https://localhost:8443',
      authorization_endpoint: 'https://localhost:8443/auth',
      token_endpoint: 'https://localhost:8443/token',
    });
    const fetchMetadata = vi.fn(() => Promise.resolve(new Response(discovery)));
    vi.useFakeTimers();
    try {
      // First page load of a signed-in tab: MSAL fetches the document itself; the tab keeps it afterwards.
      pca.getActiveAccount.mockReturnValue(account);
      await create({ storage, fetchMetadata });
      expect((pca.config as { auth: { authorityMetadata?: string } }).auth.authorityMetadata).toBeUndefined();
      expect(fetchMetadata).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(3_000);
      expect(fetchMetadata).toHaveBeenCalledWith('https://localhost:8443/.well-known/openid-configuration', {
        credentials: 'omit',
      });
      // The next page load gives it to MSAL, which then does not fetch it.
      await create({ storage, fetchMetadata });
      expect((pca.config as { auth: { authorityMetadata?: string } }).auth.authorityMetadata).toBe(discovery);
      // A failed redirect forgets it: the next load lets MSAL fetch it again.
      pca.handleRedirectPromise.mockRejectedValue(new Error('endpoints_resolution_error'));
      await create({ storage, fetchMetadata });
      expect(storage.length).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('restores the account of an earlier page load', async () => {
    pca.getAllAccounts.mockReturnValue([account]);
    await create();
    expect(pca.setActiveAccount).toHaveBeenCalledWith(account);
  });

  it('signs in with the API scopes, ui_locales, the return page and prompt=create for sign-up', async () => {
    const auth = await create();
    void auth.signIn({ returnTo: '/trainer', signUp: true });
    await tick();
    expect(pca.loginRedirect).toHaveBeenCalledWith({
      scopes: config.scopes,
      redirectUri: 'http://localhost:4280/auth/callback',
      extraQueryParameters: { ui_locales: 'nl' },
      state: encodeURIComponent('/trainer'),
      prompt: 'create',
    });
    // A second click while the browser leaves does not start another redirect.
    void auth.signIn();
    await tick();
    expect(pca.loginRedirect).toHaveBeenCalledTimes(1);
  });

  it('lets the user try again when the redirect could not start (provider unreachable)', async () => {
    pca.loginRedirect.mockRejectedValueOnce(new Error('endpoints_resolution_error'));
    const auth = await create();
    await expect(auth.signIn()).rejects.toThrow('endpoints_resolution_error');
    void auth.signIn();
    await tick();
    expect(pca.loginRedirect).toHaveBeenCalledTimes(2);
  });

  it('signs out through the provider back to the landing page', async () => {
    pca.getActiveAccount.mockReturnValue(account);
    const auth = await create();
    void auth.signOut();
    await tick();
    expect(pca.logoutRedirect).toHaveBeenCalledWith({
      account,
      postLogoutRedirectUri: 'http://localhost:4280/',
      extraQueryParameters: { ui_locales: 'nl' },
    });
  });

  it('acquires tokens silently (cache, then refresh token; never the hidden iframe)', async () => {
    pca.getActiveAccount.mockReturnValue(account);
    const auth = await create();
    await expect(auth.getAccessToken()).resolves.toBe('at');
    expect(pca.acquireTokenSilent).toHaveBeenLastCalledWith({
      scopes: config.scopes,
      account,
      cacheLookupPolicy: 2, // AccessTokenAndRefreshToken
    });
    await auth.getAccessToken({ forceRefresh: true });
    expect(pca.acquireTokenSilent).toHaveBeenLastCalledWith(
      expect.objectContaining({ cacheLookupPolicy: 3 }), // RefreshToken
    );
  });

  it('runs one renewal at a time (rotating refresh tokens must not race)', async () => {
    pca.getActiveAccount.mockReturnValue(account);
    let active = 0;
    let maxActive = 0;
    pca.acquireTokenSilent.mockImplementation(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await tick();
      active--;
      return { accessToken: `at${String(maxActive)}` };
    });
    const auth = await create();
    await Promise.all([auth.getAccessToken(), auth.getAccessToken(), auth.getAccessToken()]);
    expect(pca.acquireTokenSilent).toHaveBeenCalledTimes(3);
    expect(maxActive).toBe(1);
  });

  it('hands out the last token until it is due for renewal, without asking MSAL again', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T08:00:00Z'), toFake: ['Date'] });
    try {
      pca.getActiveAccount.mockReturnValue(account);
      let issued = 0;
      pca.acquireTokenSilent.mockImplementation(() => {
        issued++;
        return Promise.resolve({
          accessToken: `at${String(issued)}`,
          expiresOn: new Date(Date.now() + 15 * 60_000),
        });
      });
      const auth = await create();
      // A page's parallel calls: the first renews, those queued behind it take its token.
      await expect(
        Promise.all([auth.getAccessToken(), auth.getAccessToken(), auth.getAccessToken()]),
      ).resolves.toEqual(['at1', 'at1', 'at1']);
      vi.setSystemTime(new Date('2026-12-07T08:13:59Z'));
      await expect(auth.getAccessToken()).resolves.toBe('at1');
      expect(pca.acquireTokenSilent).toHaveBeenCalledTimes(1);
      // Within the renewal offset (60 s before expiry), MSAL is asked again.
      vi.setSystemTime(new Date('2026-12-07T08:14:01Z'));
      await expect(auth.getAccessToken()).resolves.toBe('at2');
      // A token the api refused is never handed out again.
      await expect(auth.getAccessToken({ forceRefresh: true })).resolves.toBe('at3');
      await expect(auth.getAccessToken()).resolves.toBe('at3');
      expect(pca.acquireTokenSilent).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps its token for the tab’s next page load, and forgets it on a refusal, a failure and sign-out', async () => {
    pca.getActiveAccount.mockReturnValue(account);
    const expiresOn = new Date(Date.now() + 15 * 60_000);
    pca.acquireTokenSilent.mockResolvedValue({ accessToken: 'at', expiresOn });
    const storage = new MemoryStorage();
    const auth = await create({ storage });
    await auth.getAccessToken();
    expect(readKeptToken(storage)).toEqual({
      value: 'at',
      renewAt: expiresOn.getTime() - 60_000,
      account: { name: 'Marie Dubois', username: 'marie.dubois@demo.soins.plus' },
    });
    pca.acquireTokenSilent.mockRejectedValueOnce(new Error('network'));
    await expect(auth.getAccessToken({ forceRefresh: true })).rejects.toThrow('network');
    expect(readKeptToken(storage)).toBeNull();
    await auth.getAccessToken();
    expect(readKeptToken(storage)).not.toBeNull();
    void auth.signOut();
    await tick();
    expect(readKeptToken(storage)).toBeNull();
  });

  it('keeps nothing from a renewal that ends after sign-out started, and is signed out from then on', async () => {
    pca.getActiveAccount.mockReturnValue(account);
    let finish: (value: { accessToken: string; expiresOn: Date }) => void = () => undefined;
    pca.acquireTokenSilent.mockImplementation(
      () =>
        new Promise((resolve) => {
          finish = resolve;
        }),
    );
    const storage = new MemoryStorage();
    const auth = await create({ storage });
    const renewal = auth.getAccessToken();
    await tick();
    void auth.signOut();
    await tick();
    finish({ accessToken: 'late', expiresOn: new Date(Date.now() + 15 * 60_000) });
    await expect(renewal).resolves.toBe('late');
    expect(readKeptToken(storage)).toBeNull();
    expect(auth.isSignedIn()).toBe(false);
    expect(auth.account()).toBeNull();
  });

  it('forgets a kept token that is not MSAL’s current account’s', async () => {
    pca.getActiveAccount.mockReturnValue(account);
    const storage = new MemoryStorage();
    keepToken(storage, {
      value: 'other',
      renewAt: Date.now() + 60_000,
      account: { name: 'Jan Peeters', username: 'jan.peeters@demo.soins.plus' },
    });
    await create({ storage });
    expect(readKeptToken(storage)).toBeNull();
  });

  it('forgets a kept token when MSAL holds no account', async () => {
    const storage = new MemoryStorage();
    keepToken(storage, {
      value: 'old',
      renewAt: Date.now() + 60_000,
      account: { name: undefined, username: 'someone' },
    });
    await create({ storage });
    expect(readKeptToken(storage)).toBeNull();
  });

  it('reads the account from MSAL once per page load (the header asks on every render)', async () => {
    pca.getActiveAccount.mockReturnValue(account);
    const auth = await create();
    const reads = pca.getActiveAccount.mock.calls.length;
    expect(auth.isSignedIn()).toBe(true);
    expect(auth.account()).toEqual({ name: 'Marie Dubois', username: 'marie.dubois@demo.soins.plus' });
    expect(auth.account()).toBe(auth.account());
    await auth.getAccessToken();
    expect(pca.getActiveAccount.mock.calls.length).toBe(reads);
  });

  it('keeps the account MSAL returned from the provider as the signed-in one', async () => {
    pca.handleRedirectPromise.mockResolvedValue({ account, state: undefined });
    const auth = await create();
    expect(pca.setActiveAccount).toHaveBeenCalledWith(account);
    expect(auth.isSignedIn()).toBe(true);
  });

  it('falls back to an interactive redirect that returns to the current page when interaction is required', async () => {
    pca.getActiveAccount.mockReturnValue(account);
    pca.acquireTokenSilent.mockRejectedValue(
      new InteractionRequiredAuthError('invalid_grant', 'refresh token expired'),
    );
    const auth = await create();
    let settled = false;
    void auth.getAccessToken().finally(() => {
      settled = true;
    });
    await tick();
    await tick();
    expect(pca.acquireTokenRedirect).toHaveBeenCalledWith({
      scopes: config.scopes,
      account,
      redirectUri: 'http://localhost:4280/auth/callback',
      extraQueryParameters: { ui_locales: 'nl' },
      state: encodeURIComponent('/admin?q=jan'),
    });
    expect(settled).toBe(false); // the page is leaving: callers just wait
  });

  it('passes other MSAL errors on', async () => {
    pca.getActiveAccount.mockReturnValue(account);
    pca.acquireTokenSilent.mockRejectedValue(new Error('network'));
    const auth = await create();
    await expect(auth.getAccessToken()).rejects.toThrow('network');
    expect(pca.acquireTokenRedirect).not.toHaveBeenCalled();
  });
});
