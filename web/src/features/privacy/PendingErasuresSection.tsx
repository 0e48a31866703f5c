// The admins' list of pending erasures (privacy page of the admin space).
import { useSuspenseQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { Table } from '../../ui';
import { formatDate, formatDateTime } from '../identity/format';
import { ERASURE_STATUS } from './erasure-status';
import { pendingErasuresQueryOptions } from './queries';

/** Admins: erasures waiting for their date, soonest first. */
export function PendingErasuresSection(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const { items } = useSuspenseQuery(pendingErasuresQueryOptions(api)).data;
  return (
    <section className="card" aria-labelledby="pending-erasures-title">
      <h2 id="pending-erasures-title">{t('erasure.admin.title')}</h2>
      {items.length === 0 ? (
        <p>{t('erasure.admin.none')}</p>
      ) : (
        <Table caption={t('erasure.admin.title')}>
          <thead>
            <tr>
              <th scope="col">{t('erasure.admin.user')}</th>
              <th scope="col">{t('erasure.admin.requestedAt')}</th>
              <th scope="col">{t('erasure.admin.scheduledFor')}</th>
              <th scope="col">{t('erasure.admin.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.erasureId}>
                <td>
                  <code>{item.userId}</code>
                </td>
                <td>{formatDateTime(item.requestedAt, lang)}</td>
                <td>{formatDate(item.scheduledFor, lang)}</td>
                <td>{t(ERASURE_STATUS[item.status])}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
