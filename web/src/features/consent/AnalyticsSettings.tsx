import { useId, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { Button, useToast } from '../../ui';
import { useClarityProjectId } from './queries';
import { useAnalyticsConsent } from './store';

/** "Cookies and analytics": the current choice and a button to change it. */
export function AnalyticsSettings(): ReactNode {
  const t = useT();
  const toast = useToast();
  const projectId = useClarityProjectId();
  const { choice, choose } = useAnalyticsConsent();
  const titleId = useId();
  return (
    <section className="card" id="analytics-settings" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('consent.settings.title')}</h2>
      {projectId ? (
        <>
          <p>{t('consent.settings.body')}</p>
          <p>
            {t(
              choice === 'granted'
                ? 'consent.settings.granted'
                : choice === 'denied'
                  ? 'consent.settings.denied'
                  : 'consent.settings.undecided',
            )}
          </p>
          <div className="cluster">
            {choice !== 'granted' ? (
              <Button
                variant="secondary"
                onClick={() => {
                  choose('granted');
                  toast.show(t('consent.settings.saved'));
                }}
              >
                {t('consent.accept')}
              </Button>
            ) : null}
            {choice !== 'denied' ? (
              <Button
                variant="secondary"
                onClick={() => {
                  choose('denied');
                  toast.show(t('consent.settings.saved'));
                }}
              >
                {t(choice === 'granted' ? 'consent.withdraw' : 'consent.refuse')}
              </Button>
            ) : null}
          </div>
        </>
      ) : (
        <p>{t('consent.settings.none')}</p>
      )}
    </section>
  );
}
