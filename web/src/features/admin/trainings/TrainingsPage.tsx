import type { TrainingStatus } from '@soins/shared';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useAppContext } from '../../../app-context';
import { useI18n } from '../../../i18n';
import {
  Button,
  buttonClass,
  EmptyState,
  SelectField,
  Table,
  TextField,
  useDocumentTitle,
} from '../../../ui';
import { formatDate } from '../../courses/format';
import { trainingsQueryOptions } from './queries';
import { filterTrainings, type TrainingsSearch } from './search';
import { STATUS_LABEL, StatusBadge, titleOf } from './TrainingEditorPage';
import './builder.css';

/** The course builder's home: every training, searched and filtered by status, and the way to a new one. */
export function TrainingsPage({ search }: { readonly search: TrainingsSearch }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { data } = useSuspenseQuery(trainingsQueryOptions(api));
  const [q, setQ] = useState(search.q ?? '');
  const [status, setStatus] = useState<string>(search.status ?? '');
  useDocumentTitle(t('builder.list.documentTitle'));
  const items = filterTrainings(data.items, search);
  const go = (next: TrainingsSearch): void => {
    void navigate({ to: '/admin/trainings', search: next });
  };

  return (
    <>
      <header className="page-header builder-list__header">
        <h1>{t('builder.list.title')}</h1>
        <Link to="/admin/trainings/new" className={buttonClass()}>
          {t('builder.list.new')}
        </Link>
      </header>
      <div role="search" className="card builder-list__search" aria-label={t('builder.list.search')}>
        <form
          className="cluster"
          onSubmit={(event) => {
            event.preventDefault();
            const trimmed = q.trim();
            go({
              ...(trimmed ? { q: trimmed } : {}),
              ...(status ? { status: status as TrainingStatus } : {}),
            });
          }}
        >
          <TextField
            label={t('builder.list.searchLabel')}
            type="search"
            value={q}
            maxLength={100}
            autoComplete="off"
            onChange={(event) => {
              setQ(event.currentTarget.value);
            }}
          />
          <SelectField
            label={t('builder.list.status')}
            value={status}
            options={[
              { value: '', label: t('builder.list.allStatuses') },
              ...(['draft', 'published', 'archived'] as const).map((value) => ({
                value,
                label: t(STATUS_LABEL[value]),
              })),
            ]}
            onChange={setStatus}
          />
          <Button type="submit">{t('builder.list.apply')}</Button>
        </form>
      </div>
      {items.length === 0 ? (
        <EmptyState title={t('builder.list.emptyTitle')}>
          <p>{data.items.length === 0 ? t('builder.list.emptyAll') : t('builder.list.emptyFiltered')}</p>
        </EmptyState>
      ) : (
        <Table caption={t('builder.list.caption', { count: items.length })}>
          <thead>
            <tr>
              <th scope="col">{t('builder.list.column.title')}</th>
              <th scope="col">{t('builder.list.column.status')}</th>
              <th scope="col">{t('builder.list.column.languages')}</th>
              <th scope="col">{t('builder.list.column.chapters')}</th>
              <th scope="col">{t('builder.list.column.questions')}</th>
              <th scope="col">{t('builder.list.column.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((training) => (
              <tr key={training.id}>
                <th scope="row">
                  <Link to="/admin/trainings/$trainingId" params={{ trainingId: training.id }}>
                    {titleOf(training, lang)}
                  </Link>
                </th>
                <td>
                  <StatusBadge status={training.status} />
                </td>
                <td>{training.languages.map((l) => l.toUpperCase()).join(' · ')}</td>
                <td>{training.chapters.length}</td>
                <td>
                  {training.questionCount}
                  {training.bank ? ` (v${String(training.bank.version)})` : ''}
                </td>
                <td>{formatDate(lang, training.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
