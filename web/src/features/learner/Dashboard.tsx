import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { SubscriptionRequired, useEntitlement } from '../billing';
import { MyTrainings } from '../courses';
import { catalogueQueryOptions, contentLanguage, myTrainingsQueryOptions } from '../courses/queries';
import { LatestNews } from '../news/LatestNews';
import { formatDate, roleList } from '../identity/format';
import { meQueryOptions } from '../identity/queries';
import { useI18n } from '../../i18n';
import { Badge, useDocumentTitle, type BadgeTone } from '../../ui';
import { checklist, visibleRoles, type ChecklistState, type ChecklistStep } from './checklist';
import { diplomaQueryOptions, inamiQueryOptions } from './queries';
import './profile.css';

const STATE_TONE: Readonly<Record<ChecklistState | 'loading', BadgeTone>> = {
  done: 'brand',
  pending: 'neutral',
  todo: 'danger',
  optional: 'neutral',
  loading: 'neutral',
};

/**
 * The learner home: greeting; for a new learner, the checklist of her first steps with what is done; her trainings
 * with their next step (the subscription call to action only when no free training exists); the latest news; her
 * profile summary. The language is chosen in the header only (one selector, stored in the profile).
 */
export function Dashboard(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const profile = useSuspenseQuery(meQueryOptions(api)).data;
  const inami = useQuery(inamiQueryOptions(api));
  const diploma = useQuery(diplomaQueryOptions(api));
  const trainings = useQuery(myTrainingsQueryOptions(api, contentLanguage(lang)));
  const catalogue = useQuery(catalogueQueryOptions(api, {}, contentLanguage(lang)));
  const { entitled } = useEntitlement();
  useDocumentTitle(t('learner.documentTitle'));

  const freeTrainings = catalogue.data ? catalogue.data.items.some((item) => item.free) : undefined;
  const steps = checklist({
    // The learner space is only reached with the current documents accepted and the profile filled in.
    legalAccepted: true,
    profileComplete: profile.profileComplete,
    inamiPresent: inami.data?.present,
    diplomaStatus: diploma.data ? (diploma.data.diploma?.status ?? null) : undefined,
    entitled,
    freeTrainings,
    enrolments: trainings.data?.items.length,
  });
  const roles = visibleRoles(profile.roles);

  return (
    <>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('space.learner')}</p>
        <h1>{t('learner.greeting', { name: profile.displayName })}</h1>
        <p className="lead">{t('learner.intro')}</p>
      </header>
      <div className="stack">
        {steps.complete ? null : (
          <section className="card checklist" aria-labelledby="checklist-title">
            <h2 id="checklist-title">{t('learner.checklist.title')}</h2>
            <p className="checklist__progress">
              {t('learner.checklist.progress', { done: steps.done, total: steps.total })}
            </p>
            <ol className="checklist__steps">
              {steps.steps.map((step) => (
                <ChecklistItem key={step.id} step={step} />
              ))}
            </ol>
          </section>
        )}
        <section aria-labelledby="trainings-title">
          <h2 id="trainings-title">{t('learner.trainings.title')}</h2>
          <div className="stack">
            <MyTrainings level={2} withTitle={false} />
            {/* No subscription nag while free trainings are open to everyone. */}
            {freeTrainings === false ? <SubscriptionRequired level={3}>{null}</SubscriptionRequired> : null}
          </div>
        </section>
        <LatestNews />
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">{t('learner.profile.title')}</h2>
          <dl className="details">
            <dt>{t('profile.name')}</dt>
            <dd>{profile.displayName}</dd>
            <dt>{t('profile.email')}</dt>
            <dd>{profile.email}</dd>
            {roles.length > 0 ? (
              <>
                <dt>{t('profile.roles')}</dt>
                <dd>{roleList(t, lang, roles)}</dd>
              </>
            ) : null}
            <dt>{t('profile.memberSince')}</dt>
            <dd>{formatDate(profile.createdAt, lang)}</dd>
          </dl>
        </section>
      </div>
    </>
  );
}

function ChecklistItem({ step }: { readonly step: ChecklistStep }): ReactNode {
  const { t } = useI18n();
  const done = step.state === 'done';
  const titleId = `checklist-${step.id}`;
  return (
    <li className={`checklist__step checklist__step--${step.state}`} aria-labelledby={titleId}>
      <span className="checklist__mark" aria-hidden="true">
        {done ? '✓' : ''}
      </span>
      <div className="checklist__body">
        <p className="checklist__title" id={titleId}>
          {done || step.id === 'terms' ? t(step.title) : <Link to={step.to}>{t(step.title)}</Link>}{' '}
          <Badge tone={STATE_TONE[step.state]}>{t(`learner.checklist.state.${step.state}`)}</Badge>
        </p>
        {step.hint ? <p className="checklist__hint">{t(step.hint)}</p> : null}
      </div>
    </li>
  );
}
