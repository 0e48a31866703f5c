import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { Button } from '../../ui';

/** Last-resort error view: never shows the error's message or stack to the user. */
export function ErrorPage({ reset }: ErrorComponentProps): ReactNode {
  const t = useT();
  const router = useRouter();
  return (
    <div role="alert">
      <h1>{t('error.title')}</h1>
      <p>{t('error.body')}</p>
      <Button
        onClick={() => {
          reset();
          void router.invalidate();
        }}
      >
        {t('error.retry')}
      </Button>
    </div>
  );
}
