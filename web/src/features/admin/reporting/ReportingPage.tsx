import {
  exportFormats,
  reportKinds,
  type ExportFormat,
  type ExportJob,
  type ExportRequest,
  type ReportKind,
  type ReportLanguage,
} from '@soins/shared';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n, type MessageKey, type Translate } from '../../../i18n';
import {
  Badge,
  Button,
  Loading,
  SelectField,
  TextField,
  useDocumentTitle,
  useToast,
  type BadgeTone,
} from '../../../ui';
import { formatDateTime } from '../../identity/format';
import { adminSessionsQueryOptions } from '../../sessions/queries';
import { trainingsQueryOptions } from '../trainings/queries';
import {
  downloadLink,
  exportsQueryKey,
  exportsQueryOptions,
  isRunning,
  saveFrom,
  startExport,
} from './queries';
import '../users.css';
import './reporting.css';

const statusTone: Record<ExportJob['status'], BadgeTone> = {
  queued: 'neutral',
  running: 'brand',
  done: 'brand',
  failed: 'danger',
};

const kindLabel = (t: Translate, kind: ReportKind): string => t(`reporting.kind.${kind}` as MessageKey);

const newKey = (): string => crypto.randomUUID();

/** Reports: start an export (CSV or PDF), follow its progress, download it once ready. */
export function ReportingPage(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const exportsQuery = useSuspenseQuery(exportsQueryOptions(api));
  const trainings = useSuspenseQuery(trainingsQueryOptions(api)).data.items;
  useDocumentTitle(t('reporting.documentTitle'));

  const [kind, setKind] = useState<ReportKind>('training-participants');
  const [trainingId, setTrainingId] = useState<string>(trainings[0]?.id ?? '');
  const [chosenSessionId, setSessionId] = useState('');
  // Sessions are read only when that report is chosen; newest first, so the session just held is on top.
  const sessions = useQuery({ ...adminSessionsQueryOptions(api), enabled: kind === 'session-participants' });
  const sessionOptions = useMemo(
    () =>
      [...(sessions.data?.items ?? [])]
        .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
        .map((session) => ({
          value: session.id,
          label: t(
            session.status === 'cancelled'
              ? 'reporting.form.sessionCancelled'
              : 'reporting.form.sessionOption',
            {
              title: lang === 'nl' ? session.trainingTitle.nl : session.trainingTitle.fr,
              date: formatDateTime(session.startsAt, lang),
              place: session.place,
            },
          ),
        })),
    [sessions.data, t, lang],
  );
  const sessionId = chosenSessionId || (sessionOptions[0]?.value ?? '');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [language, setLanguage] = useState<ReportLanguage>(lang === 'nl' ? 'nl' : 'fr');
  // One key per export asked for: a retry of the same submission (network error) is the same export.
  const clientKey = useRef(newKey());
  const formTitleId = useId();
  const listTitleId = useId();

  const start = useMutation({
    mutationFn: (request: ExportRequest) => startExport(api, request),
    onSuccess: () => {
      clientKey.current = newKey();
      toast.show(t('reporting.started'));
      void queryClient.invalidateQueries({ queryKey: exportsQueryKey });
    },
  });
  const download = useMutation({
    mutationFn: (job: ExportJob) => downloadLink(api, job.id),
    onSuccess: saveFrom,
    onError: (error) => {
      toast.show(problemMessage(t, error), 'error');
    },
  });

  const submit = (): void => {
    const common = { clientKey: clientKey.current, format, language };
    const request: ExportRequest =
      kind === 'training-participants'
        ? { kind, trainingId, ...common }
        : kind === 'session-participants'
          ? { kind, sessionId: sessionId.trim(), ...common }
          : kind === 'yearly-hours'
            ? { kind, year: Number(year), ...common }
            : { kind, ...common };
    start.mutate(request);
  };

  const titleOf = (id: string): string => {
    const training = trainings.find((candidate) => candidate.id === id);
    return training ? (training.title[language] ?? training.title.fr ?? training.title.nl ?? id) : id;
  };
  const fieldError = (path: string): string | undefined =>
    isApiError(start.error) ? start.error.problem?.errors?.find((e) => e.path === path)?.message : undefined;

  return (
    <>
      <header className="page-header">
        <h1>{t('reporting.title')}</h1>
        <p className="lead">{t('reporting.intro')}</p>
      </header>

      <section aria-labelledby={formTitleId} className="reporting__form">
        <h2 id={formTitleId}>{t('reporting.form.title')}</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          noValidate
          className="stack"
        >
          <SelectField
            label={t('reporting.form.kind')}
            name="kind"
            value={kind}
            options={reportKinds.map((value) => ({ value, label: kindLabel(t, value) }))}
            onChange={(value) => {
              setKind(value as ReportKind);
            }}
          />
          {kind === 'training-participants' ? (
            trainings.length > 0 ? (
              <SelectField
                label={t('reporting.form.training')}
                name="trainingId"
                value={trainingId}
                options={trainings.map((training) => ({ value: training.id, label: titleOf(training.id) }))}
                onChange={setTrainingId}
              />
            ) : (
              <p>{t('reporting.form.noTraining')}</p>
            )
          ) : null}
          {kind === 'session-participants' ? (
            sessions.isPending ? (
              <Loading label={t('reporting.form.sessionsLoading')} />
            ) : sessions.isError ? (
              <p role="alert" className="reporting__error">
                {problemMessage(t, sessions.error)}
              </p>
            ) : sessionOptions.length > 0 ? (
              <SelectField
                label={t('reporting.form.session')}
                name="sessionId"
                value={sessionId}
                options={sessionOptions}
                onChange={setSessionId}
              />
            ) : (
              <p>{t('reporting.form.noSession')}</p>
            )
          ) : null}
          {kind === 'yearly-hours' ? (
            <TextField
              label={t('reporting.form.year')}
              name="year"
              inputMode="numeric"
              value={year}
              error={fieldError('year')}
              onChange={(event) => {
                setYear(event.currentTarget.value);
              }}
            />
          ) : null}
          <div className="reporting__choices">
            <SelectField
              label={t('reporting.form.format')}
              name="format"
              value={format}
              options={exportFormats.map((value) => ({ value, label: t(`reporting.format.${value}`) }))}
              onChange={(value) => {
                setFormat(value as ExportFormat);
              }}
            />
            <SelectField
              label={t('reporting.form.language')}
              name="language"
              value={language}
              options={(['fr', 'nl'] as const).map((value) => ({
                value,
                label: t(`reporting.language.${value}`),
                lang: value,
              }))}
              onChange={(value) => {
                setLanguage(value === 'nl' ? 'nl' : 'fr');
              }}
            />
          </div>
          {start.isError && !fieldError('year') ? (
            <p role="alert" className="reporting__error">
              {problemMessage(t, start.error)}
            </p>
          ) : null}
          <div>
            <Button
              type="submit"
              busy={start.isPending}
              disabled={
                (kind === 'training-participants' && trainings.length === 0) ||
                (kind === 'session-participants' && sessionId === '')
              }
            >
              {t('reporting.form.submit')}
            </Button>
          </div>
        </form>
      </section>

      <section aria-labelledby={listTitleId} className="reporting__list">
        <h2 id={listTitleId}>{t('reporting.list.title')}</h2>
        <p className="users__count">{t('reporting.retention')}</p>
        {exportsQuery.data.items.length === 0 ? (
          <p>{t('reporting.list.empty')}</p>
        ) : (
          <ul className="reporting__jobs">
            {exportsQuery.data.items.map((job) => (
              <ExportItem
                key={job.id}
                job={job}
                name={[
                  kindLabel(t, job.kind),
                  job.kind === 'training-participants' ? titleOf(job.subject) : job.subject,
                ]
                  .filter(Boolean)
                  .join(' · ')}
                downloading={download.isPending && download.variables.id === job.id}
                onDownload={() => {
                  download.mutate(job);
                }}
              />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function ExportItem(props: {
  readonly job: ExportJob;
  readonly name: string;
  readonly downloading: boolean;
  readonly onDownload: () => void;
}): ReactNode {
  const { t, lang } = useI18n();
  const { job, name } = props;
  const nameId = useId();
  const rows =
    job.total !== undefined && job.status !== 'done'
      ? t('reporting.rowsOf', { count: job.rows, total: job.total })
      : t('reporting.rows', { count: job.rows });
  return (
    <li className="reporting__job" aria-labelledby={nameId}>
      <div className="reporting__job-head">
        <h3 id={nameId} className="reporting__job-name">
          {name}
        </h3>
        <span className="cluster reporting__badges">
          <Badge>{job.format.toUpperCase()}</Badge>
          <Badge tone={statusTone[job.status]}>{t(`reporting.status.${job.status}`)}</Badge>
        </span>
      </div>
      <p className="users__count">
        {t('reporting.list.createdAt', { date: formatDateTime(job.createdAt, lang) })}
      </p>
      {isRunning(job) || job.status === 'done' ? (
        <div className="reporting__progress">
          <progress
            max={100}
            value={job.percent}
            aria-label={t('reporting.progress', { name })}
            aria-valuetext={`${String(job.percent)} % · ${rows}`}
          />
          <span aria-live="polite">
            {job.percent} % · {rows}
          </span>
        </div>
      ) : null}
      {job.status === 'done' && job.empty ? <p>{t('reporting.empty')}</p> : null}
      {job.status === 'failed' ? (
        <p className="reporting__error">{t(`reporting.failure.${job.failure ?? 'internal'}`)}</p>
      ) : null}
      {job.status === 'done' ? (
        <div>
          <Button
            size="sm"
            busy={props.downloading}
            aria-label={t('reporting.downloadLabel', { file: job.fileName ?? name })}
            onClick={props.onDownload}
          >
            {t('reporting.download')}
          </Button>
        </div>
      ) : null}
    </li>
  );
}
