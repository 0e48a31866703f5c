import { useMutation, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import {
  Button,
  EmptyState,
  SelectField,
  Table,
  TextField,
  useDocumentTitle,
  useToast,
  LoadMoreButton,
} from '../../ui';
import { formatDateTime } from '../identity/format';
import {
  actionLabel,
  AUDIT_ACTION_KEYS,
  AUDIT_TARGET_KEYS,
  auditQueryOptions,
  changeLabel,
  exportAudit,
  exportFileName,
  personLabel,
  targetTypeLabel,
} from './audit';
import { validateAuditSearch, type AuditSearch } from './audit-search';
import './users.css';

type Form = Required<Record<keyof AuditSearch, string>>;

const formOf = (search: AuditSearch): Form => ({
  actor: search.actor ?? '',
  action: search.action ?? '',
  targetType: search.targetType ?? '',
  target: search.target ?? '',
  q: search.q ?? '',
  from: search.from ?? '',
  to: search.to ?? '',
});

/** Saves a text as a file (the export comes through the api client, with the token, not as a plain link). */
function saveFile(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * The audit log: every staff action, newest first, filtered by author, action, target (type and id, or a user's
 * e-mail), text and period, paged, and exported as CSV with the same filters. Read-only.
 */
export function AuditPage({ search }: { readonly search: AuditSearch }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const navigate = useNavigate();
  const log = useSuspenseInfiniteQuery(auditQueryOptions(api, search));
  const [form, setForm] = useState<Form>(formOf(search));
  useDocumentTitle(t('audit.documentTitle'));
  const items = log.data.pages.flatMap((page) => page.items);
  const exporting = useMutation({
    mutationFn: () => exportAudit(api, search),
    onSuccess: (csv) => {
      saveFile(csv, exportFileName(new Date()));
      // BOM + header + rows: 10 000 rows is the api's limit, beyond which the filters must narrow.
      const rows = csv.split('\r\n').filter((line) => line !== '').length - 1;
      toast.show(t(rows >= 10_000 ? 'audit.exportTruncated' : 'audit.exported'));
    },
    onError: (error) => {
      toast.show(problemMessage(t, error), 'error');
    },
  });
  const input = (name: keyof Form) => ({
    name,
    value: form[name],
    onChange: (event: { readonly currentTarget: { readonly value: string } }) => {
      const value = event.currentTarget.value;
      setForm((current) => ({ ...current, [name]: value }));
    },
  });
  const select = (name: 'action' | 'targetType') => ({
    name,
    value: form[name],
    onChange: (value: string) => {
      setForm((current) => ({ ...current, [name]: value }));
    },
  });

  return (
    <>
      <header className="page-header">
        <h1>{t('audit.title')}</h1>
        <p className="lead">{t('audit.intro')}</p>
      </header>
      <div role="search" className="card audit__filters" aria-label={t('audit.filters')}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const chosen: Record<string, string> = {};
            for (const [key, value] of Object.entries(form)) {
              if (value.trim() !== '') chosen[key] = value.trim();
            }
            void navigate({ to: '/admin/audit', search: validateAuditSearch(chosen) });
          }}
        >
          <TextField label={t('audit.actor')} autoComplete="off" maxLength={200} {...input('actor')} />
          <SelectField
            label={t('audit.action')}
            options={[
              { value: '', label: t('audit.anyAction') },
              ...Object.keys(AUDIT_ACTION_KEYS).map((action) => ({
                value: action,
                label: actionLabel(t, action),
              })),
            ]}
            {...select('action')}
          />
          <SelectField
            label={t('audit.targetType')}
            options={[
              { value: '', label: t('audit.anyTargetType') },
              ...Object.keys(AUDIT_TARGET_KEYS).map((type) => ({
                value: type,
                label: targetTypeLabel(t, type),
              })),
            ]}
            {...select('targetType')}
          />
          <TextField label={t('audit.target')} autoComplete="off" maxLength={200} {...input('target')} />
          <TextField label={t('audit.q')} type="search" maxLength={100} {...input('q')} />
          <TextField label={t('audit.from')} type="date" hint={t('audit.periodHint')} {...input('from')} />
          <TextField label={t('audit.to')} type="date" {...input('to')} />
          <div className="cluster">
            <Button type="submit">{t('audit.search')}</Button>
            <Button
              variant="ghost"
              onClick={() => {
                setForm(formOf({}));
                void navigate({ to: '/admin/audit', search: {} });
              }}
            >
              {t('audit.clear')}
            </Button>
            <Button
              variant="secondary"
              busy={exporting.isPending}
              onClick={() => {
                exporting.mutate();
              }}
            >
              {t('audit.export')}
            </Button>
          </div>
        </form>
      </div>
      {items.length === 0 ? (
        <EmptyState title={t('audit.emptyTitle')}>
          <p>{t('audit.emptyBody')}</p>
        </EmptyState>
      ) : (
        <>
          <Table caption={t('audit.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.on')}</th>
                <th scope="col">{t('audit.reason')}</th>
                <th scope="col">{t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">{formatDateTime(entry.at, lang)}</th>
                  <td>{personLabel(entry.actor)}</td>
                  <td>{actionLabel(t, entry.action)}</td>
                  <td>
                    {targetTypeLabel(t, entry.target.type)} <code>{entry.target.id}</code>
                    {entry.subject && entry.target.type !== 'user' ? (
                      <div>{t('audit.concerning', { name: personLabel(entry.subject) })}</div>
                    ) : null}
                    {entry.subject && entry.target.type === 'user' && entry.subject.name ? (
                      <div>{entry.subject.name}</div>
                    ) : null}
                  </td>
                  <td>{entry.reason ?? '—'}</td>
                  <td>
                    <span className="audit__change">{changeLabel(entry) || '—'}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="cluster">
            <p role="status" className="users__count">
              {t('audit.shown', { count: items.length })}
            </p>
            <LoadMoreButton list={log}>{t('audit.more')}</LoadMoreButton>
          </div>
        </>
      )}
    </>
  );
}
