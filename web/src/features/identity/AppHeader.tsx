import { Link, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useT } from '../../i18n';
import { problemMessage } from '../../api/problem-message';
import { Button } from '../../ui/Button';
import { Header } from '../../ui/Header';
import { useToast } from '../../ui/Toast';
import { NotificationBell } from '../notifications/NotificationBell';
import { canEnter, SPACE_HOME, SPACES, spaceOfPath } from './access';
import { useAuthStatus, useLanguagePreference, useProfile } from './hooks';

/** The pages of the learner space, in the order of the menu. */
const LEARNER_PAGES = [
  { to: '/dashboard', label: 'learner.nav.dashboard' },
  { to: '/news', label: 'learner.nav.news' },
  { to: '/catalogue', label: 'courses.nav.catalogue' },
  { to: '/sessions', label: 'learner.nav.sessions' },
  { to: '/certificates', label: 'courses.nav.certificates' },
  { to: '/profile', label: 'learner.nav.profile' },
  { to: '/account/subscription', label: 'learner.nav.subscription' },
] as const;

/**
 * The product header: the learner's pages (on learner and catalogue pages), the other spaces the user may open,
 * the one language switch (stored in the profile when signed in), their name and sign-out; for a visitor, the
 * public catalogue and sign-in. On a phone all of it folds into the header's menu.
 */
export function AppHeader(): ReactNode {
  const t = useT();
  const { auth } = useAppContext();
  const status = useAuthStatus();
  const profile = useProfile();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const { setLanguage } = useLanguagePreference();
  const toast = useToast();
  const signedIn = auth.isSignedIn();
  const name = profile?.displayName ?? auth.account()?.name ?? auth.account()?.username;
  const spaces = profile ? SPACES.filter((space) => canEnter(profile.roles, space)) : [];
  const inStaffSpace = spaceOfPath(pathname) === 'admin' || spaceOfPath(pathname) === 'trainer';
  const learnerPages = profile !== undefined && spaces.includes('learner') && !inStaffSpace;
  const visitor = !signedIn && status !== 'loading';

  const signOut = (): void => {
    auth.signOut().catch((error: unknown) => {
      toast.show(problemMessage(t, error), 'error');
    });
  };
  const signIn = (): void => {
    auth.signIn({ returnTo: `${window.location.pathname}${window.location.search}` }).catch(() => {
      toast.show(t('auth.failed.body'), 'error');
    });
  };

  return (
    <Header
      onLanguageChange={setLanguage}
      nav={
        <>
          {learnerPages ? (
            <nav aria-label={t('learner.nav')} className="site-nav">
              <ul className="site-nav__list">
                {LEARNER_PAGES.map((page) => (
                  <li key={page.to}>
                    <Link to={page.to} className="site-nav__link" activeProps={{ 'aria-current': 'page' }}>
                      {t(page.label)}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {/* The spaces: only when there is more than one to choose from. */}
          {spaces.length > 1 ? (
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
          ) : null}
          {visitor ? (
            <nav aria-label={t('header.mainNav')} className="site-nav">
              <ul className="site-nav__list">
                <li>
                  <Link to="/catalogue" className="site-nav__link" activeProps={{ 'aria-current': 'page' }}>
                    {t('courses.nav.catalogue')}
                  </Link>
                </li>
              </ul>
            </nav>
          ) : null}
        </>
      }
      account={
        signedIn ? (
          <div className="account">
            {/* In-app notifications are the learner's (certificates, diploma, sessions). */}
            {learnerPages ? <NotificationBell /> : null}
            {name ? (
              <span className="account__name">
                <span className="sr-only">{t('header.signedInAs', { name })}</span>
                <span aria-hidden="true">{name}</span>
              </span>
            ) : null}
            <Button variant="secondary" size="sm" onClick={signOut}>
              {t('header.signOut')}
            </Button>
          </div>
        ) : visitor && pathname !== '/' ? (
          // The home page has its own sign-in and sign-up buttons.
          <Button variant="secondary" size="sm" onClick={signIn}>
            {t('header.signIn')}
          </Button>
        ) : null
      }
    />
  );
}
