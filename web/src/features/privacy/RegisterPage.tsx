import type { FrNl, LegalBasis, ProcessingActivity, ProcessingRegister } from '@soins/shared';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n, type MessageKey } from '../../i18n';
import { Badge, Button, ErrorState, Loading, Table, useDocumentTitle } from '../../ui';
import { adminRegisterQueryOptions, registerQueryOptions } from './queries';
import { downloadText, registerToCsv, type RegisterLanguage } from './register-csv';
import { retentionText } from './register-text';
import './privacy.css';

const BASIS_KEYS: Readonly<Record<LegalBasis, MessageKey>> = {
  contract: 'register.basis.contract',
  legal_obligation: 'register.basis.legal_obligation',
  legitimate_interest: 'register.basis.legitimate_interest',
  consent: 'register.basis.consent',
};

function useText(): (text: FrNl) => string {
  const { lang } = useI18n();
  return (text) => (lang === 'nl' ? text.nl : text.fr);
}

function Activity({
  activity,
  level,
}: {
  readonly activity: ProcessingActivity;
  readonly level: 2 | 3;
}): ReactNode {
  const { t } = useI18n();
  const text = useText();
  const Heading = level === 2 ? 'h2' : 'h3';
  const list = (items: readonly FrNl[]): ReactNode =>
    items.length === 0 ? (
      <p>{t('register.none')}</p>
    ) : (
      <ul>
        {items.map((item) => (
          <li key={item.fr}>{text(item)}</li>
        ))}
      </ul>
    );
  return (
    <section className="card register__activity" aria-labelledby={`activity-${activity.id}`}>
      <Heading id={`activity-${activity.id}`}>{text(activity.name)}</Heading>
      <p>{text(activity.purpose)}</p>
      <dl className="details">
        <dt>{t('register.legalBasis')}</dt>
        <dd>
          {activity.legalBases.map((basis) => t(BASIS_KEYS[basis])).join(', ')} —{' '}
          {text(activity.legalBasisDetail)}
        </dd>
        <dt>{t('register.dataCategories')}</dt>
        <dd>{list(activity.dataCategories)}</dd>
        <dt>{t('register.dataSubjects')}</dt>
        <dd>{list(activity.dataSubjects)}</dd>
        <dt>{t('register.recipients')}</dt>
        <dd>{list(activity.recipients)}</dd>
        <dt>{t('register.retention')}</dt>
        <dd>{text(activity.retention)}</dd>
        <dt>{t('register.transfers')}</dt>
        <dd>{list(activity.transfers)}</dd>
        <dt>{t('register.security')}</dt>
        <dd>{list(activity.securityMeasures)}</dd>
      </dl>
    </section>
  );
}

function Controller({ register }: { readonly register: ProcessingRegister }): ReactNode {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="register-controller">
      <h2 id="register-controller">{t('register.controller')}</h2>
      <dl className="details">
        <dt>{t('register.controllerName')}</dt>
        <dd>
          {register.controller.name}, {register.controller.address}
        </dd>
        <dt>{t('register.contact')}</dt>
        <dd>
          <a href={`mailto:${register.controller.email}`}>{register.controller.email}</a>
        </dd>
        <dt>{t('register.dpo')}</dt>
        <dd>
          <a href={`mailto:${register.controller.dpoEmail}`}>{register.controller.dpoEmail}</a>
        </dd>
        <dt>{t('register.updatedAt')}</dt>
        <dd>{register.updatedAt}</dd>
      </dl>
    </section>
  );
}

/** The public register of processing activities (GDPR Art. 30), reachable from the footer. */
export function RegisterPage(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const register = useQuery(registerQueryOptions(api));
  useDocumentTitle(t('register.documentTitle'));
  return (
    <>
      <header className="page-header">
        <h1>{t('register.title')}</h1>
        <p className="lead">{t('register.intro')}</p>
      </header>
      {register.isPending ? (
        <Loading label={t('common.loading')} />
      ) : register.isError ? (
        <ErrorState title={t('legalPage.errorTitle')}>
          <p>{problemMessage(t, register.error)}</p>
        </ErrorState>
      ) : (
        <div className="stack">
          <Controller register={register.data} />
          {register.data.activities.map((activity) => (
            <Activity key={activity.id} activity={activity} level={2} />
          ))}
        </div>
      )}
    </>
  );
}

/** Admins: the register with the technical inventory behind it, downloadable as CSV and JSON. */
export function AdminRegisterPage(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const register = useSuspenseQuery(adminRegisterQueryOptions(api)).data;
  const text = useText();
  useDocumentTitle(t('register.adminDocumentTitle'));
  const csvLang: RegisterLanguage = lang === 'nl' ? 'nl' : 'fr';
  const activityName = new Map(register.activities.map((a) => [a.id, text(a.name)]));
  return (
    <>
      <header className="page-header">
        <h1>{t('register.title')}</h1>
        <p className="lead">{t('register.adminIntro')}</p>
        <div className="cluster">
          <Button
            variant="secondary"
            onClick={() => {
              downloadText(
                `soins-register-${csvLang}.csv`,
                registerToCsv(register, csvLang, {
                  id: 'id',
                  name: t('register.activity'),
                  purpose: t('register.purpose'),
                  legalBasis: t('register.legalBasis'),
                  dataCategories: t('register.dataCategories'),
                  dataSubjects: t('register.dataSubjects'),
                  recipients: t('register.recipients'),
                  retention: t('register.retention'),
                  transfers: t('register.transfers'),
                  security: t('register.security'),
                }),
                'text/csv;charset=utf-8',
              );
            }}
          >
            {t('register.downloadCsv')}
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              downloadText(
                'soins-register.json',
                `${JSON.stringify(register, null, 2)}\n`,
                'application/json',
              );
            }}
          >
            {t('register.downloadJson')}
          </Button>
        </div>
      </header>
      <div className="stack">
        <Controller register={register} />
        <section aria-labelledby="register-stores">
          <h2 id="register-stores">{t('register.stores')}</h2>
          <p>{t('register.storesIntro')}</p>
          <Table caption={t('register.stores')}>
            <thead>
              <tr>
                <th scope="col">{t('register.store')}</th>
                <th scope="col">{t('register.personal')}</th>
                <th scope="col">{t('register.activities')}</th>
                <th scope="col">{t('register.holds')}</th>
                <th scope="col">{t('register.retention')}</th>
                <th scope="col">{t('register.locator')}</th>
              </tr>
            </thead>
            <tbody>
              {(register.stores ?? []).map((store) => (
                <tr key={`${store.kind}:${store.name}`}>
                  <th scope="row">
                    {store.name} <span className="privacy__muted">({store.kind})</span>
                  </th>
                  <td>
                    <Badge tone={store.personalData ? 'brand' : 'neutral'}>
                      {t(store.personalData ? 'register.yes' : 'register.no')}
                    </Badge>
                  </td>
                  <td>{store.activities.map((id) => activityName.get(id) ?? id).join(', ')}</td>
                  <td>{text(store.description)}</td>
                  <td>{retentionText(t, store)}</td>
                  <td>{store.locator ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
        {register.activities.map((activity) => (
          <Activity key={activity.id} activity={activity} level={2} />
        ))}
      </div>
    </>
  );
}
