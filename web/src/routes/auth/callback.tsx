import { createFileRoute, redirect } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { homePath } from '../../features/identity/access';
import { AuthUnavailableError } from '../../features/identity/auth';
import { useAuthRedirect } from '../../features/identity/hooks';
import { SignInFailed } from '../../features/identity/SignInFailed';
import { meQueryOptions } from '../../features/identity/queries';
import { isOfferedLanguage, useT } from '../../i18n';
import { Button, ErrorState, Loading, useDocumentTitle } from '../../ui';

/**
 * Where the identity provider sends the browser back. MSAL has already handled the response at bootstrap; here the
 * profile is loaded (created on first sign-in), its language applied, and the user sent to the page they asked for
 * or to their own space.
 */
export const Route = createFileRoute('/auth/callback')({
  beforeLoad: async ({ context }) => {
    await context.auth.ready();
    if (context.auth.status() === 'unavailable') throw new AuthUnavailableError(null);
    const outcome = context.auth.redirectOutcome();
    if (outcome?.kind === 'failed') return;
    if (!context.auth.isSignedIn()) {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- TanStack Router redirects are thrown
      throw redirect({ to: '/', replace: true });
    }
    const profile = await context.queryClient.query({ ...meQueryOptions(context.api), staleTime: 0 });
    if (isOfferedLanguage(profile.language) && profile.language !== context.i18n.lang) {
      await context.i18n.setLang(profile.language);
    }
    const target = (outcome?.kind === 'signedIn' ? outcome.returnTo : undefined) ?? homePath(profile);
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- TanStack Router redirects are thrown
    throw redirect({ href: target, replace: true });
  },
  component: CallbackPage,
});

function CallbackPage(): ReactNode {
  const t = useT();
  const { auth } = useAppContext();
  const redirect = useAuthRedirect();
  useDocumentTitle(t('auth.documentTitle'));
  if (auth.redirectOutcome()?.kind === 'failed') {
    return (
      <ErrorState
        level={1}
        title={t('auth.failed.title')}
        action={
          <Button
            onClick={() => {
              redirect.run(() => auth.signIn());
            }}
          >
            {t('auth.tryAgain')}
          </Button>
        }
      >
        <p>{t('auth.failed.body')}</p>
        {redirect.failed ? <SignInFailed /> : null}
      </ErrorState>
    );
  }
  return <Loading label={t('auth.completing')} />;
}
