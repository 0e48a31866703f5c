import { createFileRoute, Link } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { useAppContext } from '../app-context';
import { homeSpace, SPACE_HOME } from '../features/identity/access';
import { useAuthStatus, useProfile } from '../features/identity/hooks';
import { SignInFailed } from '../features/identity/SignInFailed';
import { useT } from '../i18n';
import { Button, buttonClass, useDocumentTitle } from '../ui';
import { AuthUnavailable } from './-components/ErrorPage';

export const Route = createFileRoute('/')({
  component: HomePage,
});

/** The public landing page: what SOINS+ is, sign in, create an account; or, signed in, the way to one's space. */
function HomePage(): ReactNode {
  const t = useT();
  const { auth } = useAppContext();
  const status = useAuthStatus();
  const profile = useProfile();
  const [pending, setPending] = useState<'signIn' | 'signUp' | null>(null);
  const [failed, setFailed] = useState(false);
  useDocumentTitle(t('home.documentTitle'));

  // Coming back with the browser's Back button from the provider restores this page from the cache: re-enable.
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent): void => {
      if (event.persisted) setPending(null);
    };
    window.addEventListener('pageshow', onPageShow);
    return () => {
      window.removeEventListener('pageshow', onPageShow);
    };
  }, []);

  const start = (kind: 'signIn' | 'signUp'): void => {
    setPending(kind);
    setFailed(false);
    auth.signIn(kind === 'signUp' ? { signUp: true } : {}).catch(() => {
      setPending(null);
      setFailed(true);
    });
  };

  let actions: ReactNode = null;
  if (status === 'unavailable') {
    actions = <AuthUnavailable level={2} />;
  } else if (auth.isSignedIn()) {
    actions = profile ? (
      <div className="card">
        <p>{t('home.welcomeBack', { name: profile.displayName })}</p>
        <Link to={SPACE_HOME[homeSpace(profile)]} className={buttonClass('primary')}>
          {t('home.goToSpace', { space: t(`space.${homeSpace(profile)}`) })}
        </Link>
      </div>
    ) : null;
  } else if (status !== 'loading' || pending) {
    actions = (
      <div className="stack">
        {failed ? <SignInFailed /> : null}
        <div className="cluster">
          <Button
            busy={pending === 'signIn'}
            disabled={pending !== null}
            onClick={() => {
              start('signIn');
            }}
          >
            {t('home.signIn')}
          </Button>
        </div>
        <div className="card">
          <p>{t('home.newHere')}</p>
          <Button
            variant="secondary"
            busy={pending === 'signUp'}
            disabled={pending !== null}
            onClick={() => {
              start('signUp');
            }}
          >
            {t('home.createAccount')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <>
      <h1>{t('app.name')}</h1>
      <p className="lead">{t('app.tagline')}</p>
      <p>{t('home.intro')}</p>
      {actions}
      <p className="home__catalogue">
        <Link to="/catalogue" className={buttonClass('secondary')}>
          {t('home.toCatalogue')}
        </Link>
      </p>
    </>
  );
}
