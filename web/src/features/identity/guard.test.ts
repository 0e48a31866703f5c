import type { Profile } from '@soins/shared';
import { QueryClient } from '@tanstack/react-query';
import { isRedirect } from '@tanstack/react-router';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../api/client';
import { isForbiddenError } from './access';
import { createDeferredAuth, isAuthUnavailableError, type AuthSession } from './auth';
import { requireSpace } from './guard';

const profile = (roles: Profile['roles']): Profile => ({
  id: 'u1',
  email: 'marie.dubois@demo.soins.plus',
  displayName: 'Marie Dubois',
  roles,
  language: 'fr',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  profileComplete: true,
});

function setup({ signedIn, roles = ['learner'] }: { signedIn: boolean; roles?: Profile['roles'] }) {
  const session: AuthSession = {
    settings: { authority: 'https://localhost:8443', environment: 'local' },
    redirectOutcome: null,
    isSignedIn: () => signedIn,
    account: () => null,
    signIn: () => Promise.resolve(),
    signOut: () => Promise.resolve(),
    getAccessToken: () => Promise.resolve('t'),
  };
  const request = vi.fn(() => Promise.resolve(profile(roles)));
  const api = { request } as unknown as ApiClient;
  return {
    context: {
      auth: createDeferredAuth(() => Promise.resolve(session)),
      api,
      queryClient: new QueryClient(),
    },
    request,
  };
}

describe('requireSpace', () => {
  it('sends a signed-out visitor to the sign-in step with the page to return to', async () => {
    const { context, request } = setup({ signedIn: false });
    const thrown: unknown = await requireSpace(context, { href: '/admin?q=jan' }, 'admin').catch(
      (e: unknown) => e,
    );
    expect(isRedirect(thrown)).toBe(true);
    const options = (thrown as { options: { to: string; search: unknown } }).options;
    expect(options.to).toBe('/auth/sign-in');
    expect(options.search).toEqual({ returnTo: '/admin?q=jan' });
    expect(request).not.toHaveBeenCalled();
  });

  it('lets a user whose profile has the role in, and hands the profile on', async () => {
    const { context, request } = setup({ signedIn: true, roles: ['admin'] });
    await expect(requireSpace(context, { href: '/admin' }, 'admin')).resolves.toEqual({
      profile: profile(['admin']),
    });
    // The profile is cached: a second guard does not call the api again.
    await requireSpace(context, { href: '/trainer' }, 'trainer');
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('refuses the wrong role with a ForbiddenError naming the own space', async () => {
    const { context } = setup({ signedIn: true, roles: ['learner'] });
    const thrown: unknown = await requireSpace(context, { href: '/admin' }, 'admin').catch((e: unknown) => e);
    expect(isForbiddenError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ space: 'admin', home: 'learner' });
  });

  it('fails clearly when authentication cannot be loaded', async () => {
    const context = {
      auth: createDeferredAuth(() => Promise.reject(new Error('down'))),
      api: {} as ApiClient,
      queryClient: new QueryClient(),
    };
    const thrown: unknown = await requireSpace(context, { href: '/admin' }, 'admin').catch((e: unknown) => e);
    expect(isAuthUnavailableError(thrown)).toBe(true);
  });
});
