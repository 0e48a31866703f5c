import { useSuspenseQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { EmptyState, Table, useDocumentTitle } from '../../ui';
import { formatDateTime } from '../identity/format';
import { trainerSessionsQueryOptions } from './queries';

/** The trainer home: their in-person sessions (none yet: they arrive with the in-person sessions issue). */
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
                  <th scope="row">{session.title}</th>
                  <td>{formatDateTime(session.startsAt, lang)}</td>
                  <td>{session.location}</td>
                  <td>{new Intl.NumberFormat(lang).format(session.attendees)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </>
  );
}
