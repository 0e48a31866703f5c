import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useT } from '../../i18n';
import { ErrorState } from '../../ui/States';

/**
 * Starting the sign-in failed before leaving the SPA (MSAL could not reach the provider). Locally the usual cause
 * is the provider's self-signed certificate, which the browser must accept once: say so.
 */
export function SignInFailed({ action }: { readonly action?: ReactNode }): ReactNode {
  const t = useT();
  const { auth } = useAppContext();
  const settings = auth.settings();
  return (
    <ErrorState level={2} title={t('auth.failed.title')} action={action}>
      <p>{t('auth.failed.body')}</p>
      {settings?.environment === 'local' ? (
        <p>
          {t('auth.localCertificate', { authority: settings.authority })}{' '}
          <a href={settings.authority} target="_blank" rel="noreferrer">
            {settings.authority}
          </a>
        </p>
      ) : null}
    </ErrorState>
  );
}
