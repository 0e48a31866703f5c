import { Link, useLocation } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { useDocumentTitle } from '../../ui/useDocumentTitle';

/** Shown inside the app frame for any path no route matches (deep links are served index.html by the gateway). */
export function NotFound(): ReactNode {
  const t = useT();
  const pathname = useLocation({ select: (location) => location.pathname });
  useDocumentTitle(t('notFound.documentTitle'));
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path: pathname })}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
