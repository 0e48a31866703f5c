import { Link, useRouterState } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useT, type OfferedLang } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import './Header.css';

export interface HeaderProps {
  /** The navigation the user has (the spaces they may open, the pages of their space). */
  readonly nav?: ReactNode;
  /** The account area: the user's name and sign-out, or a sign-in button. */
  readonly account?: ReactNode;
  readonly onLanguageChange?: (lang: OfferedLang) => void;
}

/**
 * The banner shown on every page: product name (link home), navigation, language switch and account. On a small
 * screen everything but the product name folds into one menu (a disclosure button: `aria-expanded`, Escape closes
 * it and gives focus back to the button, moving to another page closes it), so the page starts right below.
 */
export function Header({ nav, account, onLanguageChange }: HeaderProps): ReactNode {
  const t = useT();
  const menuId = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const location = useRouterState({ select: (state) => state.location.href });

  useEffect(() => {
    setOpen(false);
  }, [location]);

  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-header__brand" aria-label={t('header.homeLink')}>
          {t('app.name')}
        </Link>
        <button
          ref={button}
          type="button"
          className="site-header__menu-button"
          aria-expanded={open}
          aria-controls={menuId}
          onClick={() => {
            setOpen((value) => !value);
          }}
        >
          <span className="site-header__menu-icon" aria-hidden="true" />
          {t('header.menu')}
        </button>
        <div
          id={menuId}
          className="site-header__menu"
          data-open={open}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && open) {
              setOpen(false);
              button.current?.focus();
            }
          }}
        >
          {nav}
          <div className="site-header__tools">
            <LanguageSwitch {...(onLanguageChange ? { onChange: onLanguageChange } : {})} />
            {account}
          </div>
        </div>
      </div>
    </header>
  );
}
