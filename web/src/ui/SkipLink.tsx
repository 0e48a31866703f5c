import type { ReactNode } from 'react';
import { useT } from '../i18n';

export const MAIN_CONTENT_ID = 'main-content';

/** First focusable element of every page: jumps over the header to the main landmark. */
export function SkipLink(): ReactNode {
  const t = useT();
  return (
    <a className="skip-link" href={`#${MAIN_CONTENT_ID}`}>
      {t('a11y.skipToContent')}
    </a>
  );
}
