import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useEffect, type ReactNode } from 'react';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { reportError } from '../../bootstrap/telemetry';
import { isForbiddenError } from '../../features/identity/access';
import { isAuthUnavailableError } from '../../features/identity/auth';
import { useAuthRedirect } from '../../features/identity/hooks';
import { SignInFailed } from '../../features/identity/SignInFailed';
import { ForbiddenPage } from '../../features/identity/ForbiddenPage';
import { useI18n, useT } from '../../i18n';
import { Button } from '../../ui/Button';
import { ErrorState } from '../../ui/States';
import { useDocumentTitle } from '../../ui/useDocumentTitle';

/**
 * Error view of every route. A space refused to the user's roles is the 403 page; an api problem shows its
 * translated message (never the server's text); anything else a generic message. Never a stack trace.
 */
export function ErrorPage({ error, reset }: ErrorComponentProps): ReactNode {
  if (isForbiddenError(error)) return <ForbiddenPage space={error.space} home={error.home} />;
  if (isAuthUnavailableError(error)) return <AuthUnavailable />;
  return <GenericError error={error} reset={reset} />;
}

/** The identity provider's configuration or MSAL could not be loaded: nothing protected can work. */
export function AuthUnavailable({ level = 1 }: { readonly level?: 1 | 2 }): ReactNode {
  const t = useT();
  return (
    <ErrorState
      level={level}
      title={t('boot.title')}
      action={
        <Button
          onClick={() => {
            window.location.reload();
          }}
        >
          {t('boot.retry')}
        </Button>
      }
    >
      <p>{t('boot.body')}</p>
    </ErrorState>
  );
}

function GenericError({ error, reset }: Pick<ErrorComponentProps, 'error' | 'reset'>): ReactNode {
  const { t, lang } = useI18n();
  const router = useRouter();
  const { auth } = useAppContext();
  const redirect = useAuthRedirect();
  useDocumentTitle(`${t('error.title')} · SOINS+`);
  useEffect(() => {
    reportError(error, lang);
  }, [error, lang]);

  const sessionExpired = isApiError(error, 'unauthorized');
  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <ErrorState
      level={1}
      title={t('error.title')}
      action={
        sessionExpired ? (
          <Button
            onClick={() => {
              redirect.run(() => auth.signIn({ returnTo: router.state.location.href }));
            }}
          >
            {t('auth.tryAgain')}
          </Button>
        ) : isApiError(error, 'account_disabled') ? (
          <Button
            onClick={() => {
              redirect.run(() => auth.signOut());
            }}
          >
            {t('header.signOut')}
          </Button>
        ) : (
          <Button
            onClick={() => {
              reset();
              void router.invalidate();
            }}
          >
            {t('error.retry')}
          </Button>
        )
      }
    >
      <p>{isApiError(error) ? problemMessage(t, error) : t('error.body')}</p>
      {requestId ? <p>{t('error.reference', { id: requestId })}</p> : null}
      {redirect.failed ? <SignInFailed /> : null}
    </ErrorState>
  );
}
