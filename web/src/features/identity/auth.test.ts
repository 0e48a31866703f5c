import { describe, expect, it, vi } from 'vitest';
import { createDeferredAuth, isAuthUnavailableError, mayHaveSession, type AuthSession } from './auth';
import { MemoryStorage } from './memory-storage';

function fakeSession(signedIn = true): AuthSession {
  return {
    settings: { authority: 'https://localhost:8443', environment: 'local' },
    redirectOutcome: { kind: 'signedIn', returnTo: '/admin' },
    isSignedIn: () => signedIn,
    account: () => (signedIn ? { name: 'Marie Dubois', username: 'marie' } : null),
    signIn: vi.fn(() => Promise.resolve()),
    signOut: vi.fn(() => Promise.resolve()),
    getAccessToken: vi.fn(() => Promise.resolve('token')),
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createDeferredAuth', () => {
  it('eager: loads at once, reports loading then ready, and notifies subscribers', async () => {
    const gate = deferred<AuthSession>();
    const load = vi.fn(() => gate.promise);
    const auth = createDeferredAuth(load);
    const listener = vi.fn();
    auth.subscribe(listener);
    expect(load).toHaveBeenCalledTimes(1);
    expect(auth.status()).toBe('loading');
    expect(auth.isSignedIn()).toBe(false);
    expect(auth.redirectOutcome()).toBeNull();
    gate.resolve(fakeSession());
    await auth.ready();
    expect(auth.status()).toBe('ready');
    expect(auth.isSignedIn()).toBe(true);
    expect(auth.account()?.name).toBe('Marie Dubois');
    expect(auth.redirectOutcome()).toEqual({ kind: 'signedIn', returnTo: '/admin' });
    expect(listener).toHaveBeenCalled();
    await expect(auth.getAccessToken()).resolves.toBe('token');
  });

  it('lazy: stays idle until something needs it, then loads once', async () => {
    const signIn = vi.fn(() => Promise.resolve());
    const session = { ...fakeSession(false), signIn };
    const load = vi.fn(() => Promise.resolve(session));
    const auth = createDeferredAuth(load, { eager: false });
    expect(auth.status()).toBe('idle');
    expect(auth.isSignedIn()).toBe(false);
    expect(load).not.toHaveBeenCalled();
    await auth.signIn({ returnTo: '/dashboard' });
    expect(signIn).toHaveBeenCalledWith({ returnTo: '/dashboard' });
    await auth.ready();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('unavailable: never rejects ready(), but sign-in and tokens fail with AuthUnavailableError', async () => {
    const auth = createDeferredAuth(() => Promise.reject(new Error('config down')));
    await expect(auth.ready()).resolves.toBeUndefined();
    expect(auth.status()).toBe('unavailable');
    const error: unknown = await auth.getAccessToken().catch((e: unknown) => e);
    expect(isAuthUnavailableError(error)).toBe(true);
    await expect(auth.signIn()).rejects.toThrow('authentication is unavailable');
  });
});

describe('createDeferredAuth with the token the tab kept', () => {
  const kept = {
    value: 'kept-token',
    renewAt: Date.now() + 600_000,
    account: { name: 'Marie Dubois', username: 'marie' },
  };

  it('is signed in and calls the api with it at once, without loading MSAL', async () => {
    const load = vi.fn(() => Promise.resolve(fakeSession()));
    const auth = createDeferredAuth(load, { eager: false, kept });
    await auth.ready();
    expect(auth.isSignedIn()).toBe(true);
    expect(auth.account()).toEqual(kept.account);
    await expect(auth.getAccessToken()).resolves.toBe('kept-token');
    expect(load).not.toHaveBeenCalled();
    expect(auth.status()).toBe('idle');
  });

  it('loads MSAL to sign out, and once loaded answers from it', async () => {
    const signOut = vi.fn(() => Promise.resolve());
    const session = { ...fakeSession(), signOut };
    const auth = createDeferredAuth(() => Promise.resolve(session), { eager: false, kept });
    await auth.signOut();
    expect(signOut).toHaveBeenCalled();
    await expect(auth.getAccessToken()).resolves.toBe('token');
  });

  it('forgets it at sign-out before MSAL loads, so a sign-out MSAL cannot complete leaves the tab signed out', async () => {
    const forgetKept = vi.fn();
    const load = vi.fn(() => Promise.reject(new Error('chunk unreachable')));
    const auth = createDeferredAuth(load, { eager: false, kept, forgetKept });
    await expect(auth.signOut()).rejects.toThrow('authentication is unavailable');
    expect(forgetKept).toHaveBeenCalledTimes(1);
    expect(auth.isSignedIn()).toBe(false);
    expect(auth.account()).toBeNull();
    // Loading MSAL is tried again at the next need (the chunk or the config may be back).
    await expect(auth.signOut()).rejects.toThrow('authentication is unavailable');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('forgets a refused one from the tab too, even when MSAL cannot load to renew it', async () => {
    const forgetKept = vi.fn();
    const auth = createDeferredAuth(() => Promise.reject(new Error('down')), {
      eager: false,
      kept,
      forgetKept,
    });
    await expect(auth.getAccessToken({ forceRefresh: true })).rejects.toThrow(
      'authentication is unavailable',
    );
    expect(forgetKept).toHaveBeenCalledTimes(1);
    expect(auth.isSignedIn()).toBe(false);
  });

  it('never uses it again once the api refused it, and goes to MSAL when it is due for renewal', async () => {
    const getAccessToken = vi.fn(() => Promise.resolve('token'));
    const session = { ...fakeSession(), getAccessToken };
    const refused = createDeferredAuth(() => Promise.resolve(session), { eager: false, kept });
    await expect(refused.getAccessToken({ forceRefresh: true })).resolves.toBe('token');
    expect(getAccessToken).toHaveBeenCalledWith({ forceRefresh: true });
    await expect(refused.getAccessToken()).resolves.toBe('token');
    expect(getAccessToken).toHaveBeenCalledTimes(2);

    const due = createDeferredAuth(() => Promise.resolve(fakeSession()), {
      eager: false,
      kept: { ...kept, renewAt: Date.now() - 1 },
    });
    await expect(due.getAccessToken()).resolves.toBe('token');
  });
});

const storage = (entries: Record<string, string>): Storage => new MemoryStorage(entries);

describe('mayHaveSession', () => {
  it('is true on the callback page and when MSAL holds accounts', () => {
    expect(mayHaveSession('/auth/callback', storage({}))).toBe(true);
    expect(mayHaveSession('/', storage({ 'msal.3.account.keys': '["a"]' }))).toBe(true);
    expect(mayHaveSession('/', storage({ 'msal.account.keys': '["a"]' }))).toBe(true);
  });

  it('is false without accounts', () => {
    expect(mayHaveSession('/', storage({}))).toBe(false);
    expect(mayHaveSession('/', storage({ 'msal.3.account.keys': '[]', 'msal.version': '5' }))).toBe(false);
    expect(mayHaveSession('/dashboard', storage({ 'soins.lang': 'nl' }))).toBe(false);
  });

  it('is true when storage cannot be read (let MSAL decide)', () => {
    expect(mayHaveSession('/', undefined)).toBe(true);
    const broken = {
      get length(): number {
        throw new Error('denied');
      },
      key: () => null,
      getItem: () => null,
    };
    expect(mayHaveSession('/', broken)).toBe(true);
  });
});
