import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { Loading } from '../../ui/States';

/** Shown while a page's guard and loader run for more than a moment. */
export function PendingPage(): ReactNode {
  const t = useT();
  return <Loading label={t('common.loading')} />;
}
