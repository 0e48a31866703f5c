import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import './Header.css';

/** The banner shown on every page: product name (link home) and the language switch. */
export function Header(): ReactNode {
  const t = useT();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-header__brand" aria-label={t('header.homeLink')}>
          {t('app.name')}
        </Link>
        <LanguageSwitch />
      </div>
    </header>
  );
}
