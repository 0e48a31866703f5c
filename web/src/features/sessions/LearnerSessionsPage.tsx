import type { RegistrationResult, SessionSummary } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { Badge, Button, EmptyState, useDocumentTitle } from '../../ui';
import { formatDateTime } from '../identity/format';
import { learnerSessionsQueryOptions } from './queries';

/** Upcoming in-person sessions: register (a seat or the waiting list), see her place, cancel. */
export function LearnerSessionsPage(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const { items } = useSuspenseQuery(learnerSessionsQueryOptions(api)).data;
  useDocumentTitle(t('learnerSessions.documentTitle'));
  return (
    <>
      <header className="page-header">
        <h1>{t('learnerSessions.title')}</h1>
        <p className="lead">{t('learnerSessions.intro')}</p>
      </header>
      {items.length === 0 ? (
        <EmptyState level={2} title={t('learnerSessions.emptyTitle')}>
          <p>{t('learnerSessions.emptyBody')}</p>
        </EmptyState>
      ) : (
        <ul className="stack" aria-label={t('learnerSessions.title')}>
          {items.map((session) => (
            <SessionCard key={session.id} session={session} />
          ))}
        </ul>
      )}
    </>
  );
}

function SessionCard({ session }: { readonly session: SessionSummary }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const path = `/sessions/${encodeURIComponent(session.id)}/registration`;
  const change = useMutation({
    mutationFn: (method: 'POST' | 'DELETE') => api.request<RegistrationResult>(path, { method }),
    onSettled: () => client.invalidateQueries({ queryKey: ['me', 'sessions'] }),
  });
  const title = lang === 'nl' ? session.trainingTitle.nl : session.trainingTitle.fr;
  const headingId = `session-${session.id}`;
  const full = session.seatsTaken >= session.capacity;
  return (
    <li className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId} lang={session.language}>
        {title}
      </h2>
      <p>
        {formatDateTime(session.startsAt, lang)} – {formatDateTime(session.endsAt, lang)}
        <br />
        {session.place}
      </p>
      <p className="muted">
        {t('learnerSessions.seats', {
          taken: session.seatsTaken,
          capacity: String(session.capacity),
          hours: session.accreditedHours,
        })}
      </p>
      <p role="status">
        {session.status === 'cancelled' ? (
          <Badge tone="neutral">{t('learnerSessions.cancelled')}</Badge>
        ) : session.myRegistration === 'registered' ? (
          <Badge tone="brand">{t('learnerSessions.registered')}</Badge>
        ) : session.myRegistration === 'waiting' ? (
          <Badge tone="neutral">
            {t('learnerSessions.waiting', { position: String(session.myPosition ?? '?') })}
          </Badge>
        ) : null}
      </p>
      {session.cancellation ? (
        <p>{t('learnerSessions.cancelledReason', { reason: session.cancellation.reason })}</p>
      ) : null}
      <div hidden={session.status === 'cancelled'}>
        {session.myRegistration ? (
          <Button
            variant="secondary"
            busy={change.isPending}
            onClick={() => {
              change.mutate('DELETE');
            }}
          >
            {t('learnerSessions.cancel')}
            <span className="sr-only"> ({title})</span>
          </Button>
        ) : (
          <Button
            busy={change.isPending}
            onClick={() => {
              change.mutate('POST');
            }}
          >
            {full ? t('learnerSessions.joinWaitingList') : t('learnerSessions.register')}
            <span className="sr-only"> ({title})</span>
          </Button>
        )}
      </div>
      {change.isError ? (
        <p className="field__error" role="alert">
          {problemMessage(t, change.error)}
        </p>
      ) : null}
    </li>
  );
}
