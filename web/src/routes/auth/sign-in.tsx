import { createFileRoute } from '@tanstack/react-router';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { validateSignInSearch } from '../../features/identity/search';
import { SignInFailed } from '../../features/identity/SignInFailed';
import { useT } from '../../i18n';
import { Button, Loading, useDocumentTitle } from '../../ui';

/**
 * The step between a protected page and the identity provider: it starts the MSAL redirect at once, except when
 * the user came back here with the browser's Back button (then it waits for a click instead of bouncing them).
 */
export const Route = createFileRoute('/auth/sign-in')({
  validateSearch: validateSignInSearch,
  component: SignInPage,
});

function cameBackWithHistory(): boolean {
  const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return entry?.type === 'back_forward';
}

function SignInPage(): ReactNode {
  const t = useT();
  const { auth } = useAppContext();
  const { returnTo, signup } = Route.useSearch();
  useDocumentTitle(t('auth.documentTitle'));

  const [failed, setFailed] = useState(false);
  const start = useCallback(() => {
    setFailed(false);
    auth.signIn({ returnTo, signUp: signup === true }).catch(() => {
      setFailed(true);
    });
  }, [auth, returnTo, signup]);

  useEffect(() => {
    if (!cameBackWithHistory()) start();
  }, [start]);

  return (
    <section aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('auth.signInRequired')}</h1>
      {failed ? <SignInFailed /> : <Loading label={t('auth.redirecting')} />}
      <Button onClick={start}>{t('auth.continue')}</Button>
    </section>
  );
}
