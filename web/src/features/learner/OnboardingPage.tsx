import { useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { useDocumentTitle } from '../../ui';
import { meQueryOptions } from '../identity/queries';
import { DetailsForm } from './DetailsForm';
import './profile.css';

/** After the first sign-in: who the learner is (names, profession, phone), then on to the requested page. */
export function OnboardingPage({ returnTo }: { readonly returnTo: string | undefined }): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const navigate = useNavigate();
  const profile = useSuspenseQuery(meQueryOptions(api)).data;
  useDocumentTitle(t('onboarding.documentTitle'));
  return (
    <>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('space.learner')}</p>
        <h1>{t('onboarding.title')}</h1>
        <p className="lead">{t('onboarding.intro')}</p>
      </header>
      <section className="card" aria-labelledby="onboarding-form-title">
        <h2 id="onboarding-form-title">{t('details.title')}</h2>
        <DetailsForm
          profile={profile}
          submitLabel={t('onboarding.continue')}
          onSaved={() => {
            void navigate({ href: returnTo ?? '/dashboard', replace: true });
          }}
        />
      </section>
    </>
  );
}
