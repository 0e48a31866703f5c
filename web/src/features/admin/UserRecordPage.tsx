import type { AdminCertificate, LearnerRecord } from '@soins/shared';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { LANGUAGE_NAMES, useI18n } from '../../i18n';
import { Badge, Button, ConfirmDialog, SelectField, Table, useDocumentTitle, useToast } from '../../ui';
import { formatMoney, invoiceStatusKey, PLAN_NAME, STATUS_NAME } from '../billing/logic';
import { catalogueQueryOptions, contentLanguage } from '../courses/queries';
import { formatDate, formatDateTime, roleList } from '../identity/format';
import { DIPLOMA_STATUS } from '../learner/diploma';
import { actionLabel, changeLabel, personLabel, targetTypeLabel } from './audit';
import {
  enrolLearner,
  quizGroups,
  recordQueryKey,
  recordQueryOptions,
  redrivable,
  redriveCertificate,
  resetQuizAttempts,
  revealInami,
  revokeCertificate,
  trainingTitle,
} from './people';
import { ReasonDialog } from './ReasonDialog';
import './users.css';

type Pending =
  | { readonly kind: 'reset'; readonly trainingId: string }
  | { readonly kind: 'revoke'; readonly certificate: AdminCertificate };

/**
 * One learner on one page: profile, INAMI (masked; the full number through the audited reveal), diplomas, the
 * subscription and invoices, trainings with progress (and manual enrolment), quiz attempts (reset with a reason),
 * certificates (revoke with a reason, re-drive), and the staff actions that concerned them.
 */
export function UserRecordPage({ userId }: { readonly userId: string }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const record = useSuspenseQuery(recordQueryOptions(api, userId)).data;
  const [pending, setPending] = useState<Pending | null>(null);
  const name = record.profile.displayName;
  useDocumentTitle(t('people.record.documentTitle', { name }));
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: recordQueryKey(userId) });

  const act = useMutation({
    mutationFn: async (input: { action: Pending; reason: string }) => {
      const { action, reason } = input;
      if (action.kind === 'reset') {
        const result = await resetQuizAttempts(api, userId, action.trainingId, reason);
        return t('people.record.resetDone', { count: result.reset });
      }
      await revokeCertificate(api, userId, action.certificate.id, reason);
      return t('people.record.revoked');
    },
    onSuccess: async (message) => {
      setPending(null);
      toast.show(message);
      await refresh();
    },
  });
  const redrive = useMutation({
    mutationFn: (trainingId: string) => redriveCertificate(api, userId, trainingId),
    onSuccess: async () => {
      toast.show(t('people.record.redriven'));
      await refresh();
    },
    onError: (error) => {
      toast.show(problemMessage(t, error), 'error');
    },
  });

  const open = (action: Pending): void => {
    act.reset();
    setPending(action);
  };
  const pendingTraining =
    pending?.kind === 'reset'
      ? trainingTitle(record, pending.trainingId)
      : (pending?.certificate.trainingTitle ?? '');

  return (
    <>
      <header className="page-header">
        <p>
          <Link to="/admin">{t('people.record.back')}</Link>
        </p>
        <h1>{name}</h1>
        <p className="lead">{record.profile.email}</p>
      </header>
      <div className="stack">
        <div className="grid-2">
          <ProfileSection record={record} />
          <InamiSection userId={userId} inami={record.inami} />
        </div>
        <DiplomasSection record={record} />
        <SubscriptionSection record={record} />
        <TrainingsSection record={record} userId={userId} onChanged={refresh} />
        <section className="card" aria-labelledby="record-quiz">
          <h2 id="record-quiz">{t('people.record.quiz')}</h2>
          {record.quizAttempts.length === 0 ? (
            <p>{t('people.record.quizNone')}</p>
          ) : (
            <div className="stack">
              {quizGroups(record.quizAttempts).map((group) => {
                const title = trainingTitle(record, group.trainingId);
                return (
                  <div key={group.trainingId} className="stack record__group">
                    <Table caption={t('people.record.quizCaption', { training: title })}>
                      <thead>
                        <tr>
                          <th scope="col">{t('people.record.attempt')}</th>
                          <th scope="col">{t('people.record.attemptStatus')}</th>
                          <th scope="col">{t('people.record.score')}</th>
                          <th scope="col">{t('people.record.submittedAt')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {group.attempts.map((attempt) => (
                          <tr key={attempt.attemptId}>
                            <th scope="row">{attempt.number}</th>
                            <td>
                              {t(`people.record.quizStatus.${attempt.status}`)}
                              {attempt.reset ? (
                                <>
                                  {' '}
                                  <Badge>
                                    {t('people.record.resetMark', {
                                      date: formatDate(attempt.reset.at, lang),
                                      reason: attempt.reset.reason,
                                    })}
                                  </Badge>
                                </>
                              ) : null}
                            </td>
                            <td>
                              {attempt.scorePercent === undefined ? '—' : `${String(attempt.scorePercent)} %`}
                            </td>
                            <td>{attempt.submittedAt ? formatDateTime(attempt.submittedAt, lang) : '—'}</td>
                          </tr>
                        ))}
                      </tbody>
                    </Table>
                    {group.resettable > 0 && !group.passed ? (
                      <Button
                        variant="secondary"
                        aria-label={t('people.record.resetFor', { training: title })}
                        onClick={() => {
                          open({ kind: 'reset', trainingId: group.trainingId });
                        }}
                      >
                        {t('people.record.reset')}
                      </Button>
                    ) : null}
                  </div>
                );
              })}
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="record-certificates">
          <h2 id="record-certificates">{t('people.record.certificates')}</h2>
          {record.certificates.length === 0 ? <p>{t('people.record.certificatesNone')}</p> : null}
          {record.certificates.length > 0 ? (
            <Table caption={t('people.record.certificatesCaption')}>
              <thead>
                <tr>
                  <th scope="col">{t('people.record.training')}</th>
                  <th scope="col">{t('people.record.issuedAt')}</th>
                  <th scope="col">{t('courses.certificates.code')}</th>
                  <th scope="col">{t('people.record.certificateStatus')}</th>
                  <th scope="col">{t('admin.users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {record.certificates.map((certificate) => (
                  <tr key={certificate.id}>
                    <th scope="row">{certificate.trainingTitle}</th>
                    <td>{formatDate(certificate.issuedAt, lang)}</td>
                    <td>
                      <code>{certificate.verificationCode}</code>
                    </td>
                    <td>
                      {certificate.status === 'revoked' ? (
                        <Badge tone="danger">
                          {t('people.record.revokedOn', {
                            date: certificate.revokedAt ? formatDate(certificate.revokedAt, lang) : '—',
                            reason: certificate.revocationReason ?? '—',
                          })}
                        </Badge>
                      ) : (
                        <Badge tone="brand">
                          {t(certificate.pdfReady ? 'people.record.valid' : 'people.record.pending')}
                        </Badge>
                      )}
                    </td>
                    <td>
                      {certificate.status === 'valid' ? (
                        <Button
                          size="sm"
                          variant="danger"
                          aria-label={t('people.record.revokeFor', { training: certificate.trainingTitle })}
                          onClick={() => {
                            open({ kind: 'revoke', certificate });
                          }}
                        >
                          {t('people.record.revoke')}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : null}
          {redrivable(record.quizAttempts, record.certificates).map((trainingId) => {
            const title = trainingTitle(record, trainingId);
            return (
              <p key={trainingId} className="cluster">
                <span>
                  {title} : {t('people.record.missingCertificate')}
                </span>
                <Button
                  size="sm"
                  variant="secondary"
                  busy={redrive.isPending && redrive.variables === trainingId}
                  aria-label={t('people.record.redriveFor', { training: title })}
                  onClick={() => {
                    redrive.mutate(trainingId);
                  }}
                >
                  {t('people.record.redrive')}
                </Button>
              </p>
            );
          })}
        </section>
        <HistorySection record={record} />
      </div>

      <ReasonDialog
        key={pending ? JSON.stringify(pending) : 'none'}
        open={pending !== null}
        title={t(pending?.kind === 'revoke' ? 'people.record.revokeTitle' : 'people.record.resetTitle')}
        confirmLabel={t(pending?.kind === 'revoke' ? 'people.record.revoke' : 'people.record.reset')}
        label={t('people.record.reasonLabel')}
        busy={act.isPending}
        error={act.isError ? problemMessage(t, act.error) : undefined}
        onCancel={() => {
          setPending(null);
        }}
        onConfirm={(reason) => {
          if (pending) act.mutate({ action: pending, reason });
        }}
      >
        <p>
          {t(pending?.kind === 'revoke' ? 'people.record.revokeBody' : 'people.record.resetBody', {
            name,
            training: pendingTraining,
          })}
        </p>
      </ReasonDialog>
    </>
  );
}

function ProfileSection({ record }: { readonly record: LearnerRecord }): ReactNode {
  const { t, lang } = useI18n();
  const { profile } = record;
  return (
    <section className="card" aria-labelledby="record-profile">
      <h2 id="record-profile">{t('people.record.profile')}</h2>
      <dl className="details">
        <dt>{t('profile.name')}</dt>
        <dd>{profile.displayName}</dd>
        <dt>{t('profile.email')}</dt>
        <dd>{profile.email}</dd>
        <dt>{t('details.profession')}</dt>
        <dd>{profile.profession ? t(`profession.${profile.profession}`) : t('people.record.none')}</dd>
        <dt>{t('profile.language')}</dt>
        <dd>{LANGUAGE_NAMES[profile.language]}</dd>
        <dt>{t('people.record.phone')}</dt>
        <dd>{profile.phone ?? t('people.record.none')}</dd>
        <dt>{t('profile.roles')}</dt>
        <dd>{roleList(t, lang, profile.roles)}</dd>
        <dt>{t('profile.status')}</dt>
        <dd>{t(`status.${profile.status}`)}</dd>
        <dt>{t('profile.memberSince')}</dt>
        <dd>{formatDate(profile.createdAt, lang)}</dd>
      </dl>
      <p className="record__hint">{t('people.record.rolesHint')}</p>
    </section>
  );
}

function InamiSection({
  userId,
  inami,
}: {
  readonly userId: string;
  readonly inami: LearnerRecord['inami'];
}): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const reveal = useMutation({
    mutationFn: () => revealInami(api, userId),
    onSuccess: async () => {
      setConfirming(false);
      // The reveal is now in the learner's history.
      await queryClient.invalidateQueries({ queryKey: recordQueryKey(userId) });
    },
  });
  return (
    <section className="card" aria-labelledby="record-inami">
      <h2 id="record-inami">{t('people.record.inami')}</h2>
      {inami.present ? (
        <>
          <p>
            <code>{inami.masked ?? '•-•••••-••-•••'}</code>
          </p>
          {reveal.data ? (
            <p role="status">{t('people.record.inamiShown', { number: reveal.data.number })}</p>
          ) : (
            <Button
              variant="secondary"
              onClick={() => {
                reveal.reset();
                setConfirming(true);
              }}
            >
              {t('people.record.inamiReveal')}
            </Button>
          )}
        </>
      ) : (
        <p>{t('people.record.inamiNone')}</p>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('people.record.inamiRevealTitle')}
        confirmLabel={t('people.record.inamiReveal')}
        cancelLabel={t('common.cancel')}
        busy={reveal.isPending}
        error={reveal.isError ? problemMessage(t, reveal.error) : undefined}
        onCancel={() => {
          setConfirming(false);
        }}
        onConfirm={() => {
          reveal.mutate();
        }}
      >
        <p>{t('people.record.inamiRevealBody')}</p>
      </ConfirmDialog>
    </section>
  );
}

function DiplomasSection({ record }: { readonly record: LearnerRecord }): ReactNode {
  const { t, lang } = useI18n();
  return (
    <section className="card" aria-labelledby="record-diplomas">
      <h2 id="record-diplomas">{t('people.record.diplomas')}</h2>
      {record.diplomas.length === 0 ? (
        <p>{t('people.record.diplomasNone')}</p>
      ) : (
        <Table caption={t('people.record.diplomasCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('people.record.uploadedAt')}</th>
              <th scope="col">{t('profile.status')}</th>
              <th scope="col">{t('people.record.decidedAt')}</th>
              <th scope="col">{t('people.record.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {record.diplomas.map((diploma) => (
              <tr key={diploma.id}>
                <th scope="row">{formatDateTime(diploma.uploadedAt, lang)}</th>
                <td>
                  <Badge tone={DIPLOMA_STATUS[diploma.status].tone}>
                    {t(DIPLOMA_STATUS[diploma.status].label)}
                  </Badge>
                </td>
                <td>{diploma.decidedAt ? formatDateTime(diploma.decidedAt, lang) : '—'}</td>
                <td>{diploma.rejectionReason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

function SubscriptionSection({ record }: { readonly record: LearnerRecord }): ReactNode {
  const { t, lang } = useI18n();
  const { subscription, invoices } = record;
  return (
    <section className="card" aria-labelledby="record-subscription">
      <h2 id="record-subscription">{t('people.record.subscription')}</h2>
      <dl className="details">
        <dt>{t('billing.current.status')}</dt>
        <dd>{t(STATUS_NAME[subscription.status])}</dd>
        {subscription.plan ? (
          <>
            <dt>{t('billing.current.plan')}</dt>
            <dd>{t(PLAN_NAME[subscription.plan])}</dd>
          </>
        ) : null}
        {subscription.currentPeriodEnd ? (
          <>
            <dt>
              {t(subscription.cancelAtPeriodEnd ? 'billing.current.endsOn' : 'billing.current.renewsOn')}
            </dt>
            <dd>{formatDate(subscription.currentPeriodEnd, lang)}</dd>
          </>
        ) : null}
      </dl>
      {invoices === null ? (
        <p role="status">{t('people.record.invoicesUnavailable')}</p>
      ) : invoices.length === 0 ? (
        <p>{t('people.record.invoicesNone')}</p>
      ) : (
        <Table caption={t('people.record.invoicesCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('billing.invoices.number')}</th>
              <th scope="col">{t('billing.invoices.date')}</th>
              <th scope="col">{t('billing.invoices.amount')}</th>
              <th scope="col">{t('billing.invoices.status')}</th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((invoice) => (
              <tr key={invoice.id}>
                <th scope="row">{invoice.number ?? t('billing.invoices.noNumber')}</th>
                <td>{formatDate(invoice.created, lang)}</td>
                <td>{formatMoney(invoice.amountPaid, invoice.currency, lang)}</td>
                <td>{t(invoiceStatusKey(invoice.status))}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

function TrainingsSection({
  record,
  userId,
  onChanged,
}: {
  readonly record: LearnerRecord;
  readonly userId: string;
  readonly onChanged: () => Promise<void>;
}): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const catalogue = useQuery(catalogueQueryOptions(api, {}, contentLanguage(lang)));
  const [trainingId, setTrainingId] = useState('');
  const hintId = useId();
  const enrolled = new Set(record.enrolments.map((e) => e.trainingId));
  const offered = (catalogue.data?.items ?? []).filter((item) => !enrolled.has(item.id));
  const enrol = useMutation({
    mutationFn: (id: string) => enrolLearner(api, userId, id),
    onSuccess: async (_enrolment, id) => {
      const title = catalogue.data?.items.find((item) => item.id === id)?.title ?? id;
      toast.show(t('people.record.enrolled', { name: record.profile.displayName, training: title }));
      setTrainingId('');
      await onChanged();
    },
    onError: (error) => {
      toast.show(problemMessage(t, error), 'error');
    },
  });
  return (
    <section className="card" aria-labelledby="record-trainings">
      <h2 id="record-trainings">{t('people.record.trainings')}</h2>
      {record.enrolments.length === 0 ? (
        <p>{t('people.record.trainingsNone')}</p>
      ) : (
        <Table caption={t('people.record.trainingsCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('people.record.training')}</th>
              <th scope="col">{t('people.record.enrolledAt')}</th>
              <th scope="col">{t('people.record.progress')}</th>
              <th scope="col">{t('people.record.completedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {record.enrolments.map((enrolment) => (
              <tr key={enrolment.trainingId}>
                <th scope="row" lang={enrolment.language}>
                  {enrolment.title}
                </th>
                <td>{formatDate(enrolment.enrolledAt, lang)}</td>
                <td>
                  <progress
                    className="record__progress"
                    max={100}
                    value={enrolment.progress.percent}
                    aria-label={t('courses.progress.training', {
                      done: enrolment.progress.completedChapters,
                      total: enrolment.progress.totalChapters,
                      percent: `${String(enrolment.progress.percent)} %`,
                    })}
                  />{' '}
                  {enrolment.progress.percent} %
                </td>
                <td>{enrolment.completedAt ? formatDate(enrolment.completedAt, lang) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {offered.length > 0 ? (
        <form
          className="cluster record__enrol"
          aria-describedby={hintId}
          onSubmit={(event) => {
            event.preventDefault();
            if (trainingId) enrol.mutate(trainingId);
          }}
        >
          <SelectField
            label={t('people.record.enrolTraining')}
            value={trainingId}
            options={[
              { value: '', label: t('people.record.enrolChoose') },
              ...offered.map((item) => ({ value: item.id, label: item.title, lang: item.language })),
            ]}
            onChange={setTrainingId}
          />
          <Button type="submit" busy={enrol.isPending} disabled={!trainingId}>
            {t('people.record.enrolButton')}
          </Button>
          <p className="record__hint" id={hintId}>
            {t('people.record.enrolHint')}
          </p>
        </form>
      ) : null}
    </section>
  );
}

function HistorySection({ record }: { readonly record: LearnerRecord }): ReactNode {
  const { t, lang } = useI18n();
  return (
    <section className="card" aria-labelledby="record-history">
      <h2 id="record-history">{t('people.record.history')}</h2>
      {record.history.length === 0 ? (
        <p>{t('people.record.historyNone')}</p>
      ) : (
        <Table caption={t('people.record.historyCaption', { name: record.profile.displayName })}>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.on')}</th>
              <th scope="col">{t('audit.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {record.history.map((entry) => (
              <tr key={entry.id}>
                <th scope="row">{formatDateTime(entry.at, lang)}</th>
                <td>{personLabel(entry.actor)}</td>
                <td>{actionLabel(t, entry.action)}</td>
                <td>
                  {targetTypeLabel(t, entry.target.type)} <code>{entry.target.id}</code>
                  {changeLabel(entry) ? <div className="audit__change">{changeLabel(entry)}</div> : null}
                </td>
                <td>{entry.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
