import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import './privacy.css';

export const PRIVACY_CONTACT = 'privacy@soins.plus';

/** On every page, signed in or not: the terms, the privacy policy, the register of processing and a contact. */
export function SiteFooter(): ReactNode {
  const t = useT();
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <nav aria-label={t('footer.nav')}>
          <ul className="site-footer__links">
            <li>
              <Link to="/terms">{t('footer.terms')}</Link>
            </li>
            <li>
              <Link to="/privacy">{t('footer.privacy')}</Link>
            </li>
            <li>
              <Link to="/processing-register">{t('footer.register')}</Link>
            </li>
            <li>
              <a href={`mailto:${PRIVACY_CONTACT}`}>{t('footer.contact')}</a>
            </li>
          </ul>
        </nav>
        <p className="site-footer__note">{t('footer.note')}</p>
      </div>
    </footer>
  );
}
