import { useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { Badge, EmptyState, Table, useDocumentTitle } from '../../ui';
import { formatDateTime } from '../identity/format';
import { trainerSessionsQueryOptions } from './queries';
import { numberFormat } from '../../i18n/intl';

/** The trainer home: the in-person sessions they are assigned to, each opening its attendance sheet. */
export function SessionsPage(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const { items } = useSuspenseQuery(trainerSessionsQueryOptions(api)).data;
  useDocumentTitle(t('trainer.documentTitle'));
  return (
    <>
      <header className="page-header">
        <h1>{t('trainer.title')}</h1>
      </header>
      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('trainer.sessions.title')}</h2>
        {items.length === 0 ? (
          <EmptyState level={3} title={t('trainer.sessions.emptyTitle')}>
            <p>{t('trainer.sessions.emptyBody')}</p>
          </EmptyState>
        ) : (
          <Table caption={t('trainer.sessions.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('trainer.sessions.session')}</th>
                <th scope="col">{t('trainer.sessions.date')}</th>
                <th scope="col">{t('trainer.sessions.location')}</th>
                <th scope="col">{t('trainer.sessions.attendees')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((session) => (
                <tr key={session.id}>
                  <th scope="row">
                    <Link
                      to="/trainer/sessions/$sessionId"
                      params={{ sessionId: session.id }}
                      aria-label={`${t('trainer.sessions.open')}: ${lang === 'nl' ? session.trainingTitle.nl : session.trainingTitle.fr}`}
                    >
                      {lang === 'nl' ? session.trainingTitle.nl : session.trainingTitle.fr}
                    </Link>{' '}
                    <Badge tone={session.signedOff ? 'brand' : 'neutral'}>
                      {t(
                        session.status === 'cancelled'
                          ? 'trainer.sessions.cancelled'
                          : session.signedOff
                            ? 'trainer.sessions.signed'
                            : 'trainer.sessions.toSign',
                      )}
                    </Badge>
                  </th>
                  <td>{formatDateTime(session.startsAt, lang)}</td>
                  <td>{session.place}</td>
                  <td>{numberFormat(lang).format(session.seatsTaken)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </>
  );
}
