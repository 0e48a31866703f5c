import { createFileRoute } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { useDocumentTitle } from '../ui';

export const Route = createFileRoute('/')({
  component: HomePage,
});

function HomePage(): ReactNode {
  const t = useT();
  useDocumentTitle(t('home.documentTitle'));
  return (
    <>
      <h1>{t('app.name')}</h1>
      <p className="lead">{t('app.tagline')}</p>
      <p>{t('home.intro')}</p>
    </>
  );
}
