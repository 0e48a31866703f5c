import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useT } from '../../i18n';
import { problemMessage } from '../../api/problem-message';
import { Button, Header, useToast } from '../../ui';
import { canEnter, SPACE_HOME, SPACES } from './access';
import { useAuthStatus, useLanguagePreference, useProfile } from './hooks';

/** The product header with the spaces the user may open, the language switch, their name and sign-out. */
export function AppHeader(): ReactNode {
  const t = useT();
  const { auth } = useAppContext();
  useAuthStatus();
  const profile = useProfile();
  const { setLanguage } = useLanguagePreference();
  const toast = useToast();
  const signedIn = auth.isSignedIn();
  const name = profile?.displayName ?? auth.account()?.name ?? auth.account()?.username;
  const spaces = profile ? SPACES.filter((space) => canEnter(profile.roles, space)) : [];

  return (
    <Header
      onLanguageChange={setLanguage}
      nav={
        spaces.length > 0 ? (
          <nav aria-label={t('header.mainNav')} className="site-nav">
            <ul className="site-nav__list">
              {spaces.map((space) => (
                <li key={space}>
                  <Link
                    to={SPACE_HOME[space]}
                    className="site-nav__link"
                    activeProps={{ 'aria-current': 'page' }}
                  >
                    {t(`space.${space}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null
      }
      account={
        signedIn ? (
          <div className="account">
            {name ? (
              <span className="account__name">
                <span className="sr-only">{t('header.signedInAs', { name })}</span>
                <span aria-hidden="true">{name}</span>
              </span>
            ) : null}
            <Button
              variant="secondary"
              size="sm"
              onClick={() => {
                auth.signOut().catch((error: unknown) => {
                  toast.show(problemMessage(t, error), 'error');
                });
              }}
            >
              {t('header.signOut')}
            </Button>
          </div>
        ) : null
      }
    />
  );
}
