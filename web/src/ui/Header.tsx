import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useT, type OfferedLang } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import './Header.css';

export interface HeaderProps {
  /** Navigation between the spaces the user may open. */
  readonly nav?: ReactNode;
  /** The account area: the user's name and sign-out, or a sign-in button. */
  readonly account?: ReactNode;
  readonly onLanguageChange?: (lang: OfferedLang) => void;
}

/** The banner shown on every page: product name (link home), navigation, language switch and account. */
export function Header({ nav, account, onLanguageChange }: HeaderProps): ReactNode {
  const t = useT();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-header__brand" aria-label={t('header.homeLink')}>
          {t('app.name')}
        </Link>
        {nav}
        <div className="site-header__tools">
          <LanguageSwitch {...(onLanguageChange ? { onChange: onLanguageChange } : {})} />
          {account}
        </div>
      </div>
    </header>
  );
}
