import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { Button, ErrorState, Loading, useDocumentTitle } from '../../ui';
import { REMINDER_LABELS } from './RemindersSection';
import { unsubscribe, unsubscribeQueryOptions } from './queries';
import './reminders.css';

/**
 * Public page of a reminder's unsubscribe link: says which reminder it is about and asks for a click.
 * Opening the page changes nothing (mail scanners open links); the button sends the same one-click
 * POST a mail client sends (RFC 8058). No sign-in.
 */
export function UnsubscribePage({ token }: { readonly token: string }): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  useDocumentTitle(t('unsubscribe.documentTitle'));
  const link = useQuery({ ...unsubscribeQueryOptions(api, token), enabled: token !== '' });
  const confirm = useMutation({ mutationFn: () => unsubscribe(api, token) });

  let body: ReactNode;
  if (token === '' || link.isError) {
    body = (
      <ErrorState title={t('unsubscribe.invalidTitle')}>
        <p>{token === '' ? t('problem.unsubscribe_link_invalid') : problemMessage(t, link.error)}</p>
        <p>
          <Link to="/profile">{t('unsubscribe.toProfile')}</Link>
        </p>
      </ErrorState>
    );
  } else if (link.isPending) {
    body = <Loading label={t('unsubscribe.checking')} />;
  } else {
    const kind = t(REMINDER_LABELS[link.data.kind].label);
    const done = confirm.isSuccess || !link.data.subscribed;
    body = done ? (
      <div className="card" role="status">
        <h2>{t('unsubscribe.doneTitle')}</h2>
        <p>{t('unsubscribe.done', { kind })}</p>
        <p>
          <Link to="/profile">{t('unsubscribe.toProfile')}</Link>
        </p>
      </div>
    ) : (
      <div className="card">
        <p>{t('unsubscribe.question', { kind })}</p>
        {confirm.isError ? (
          <p className="field__error" role="alert">
            {problemMessage(t, confirm.error)}
          </p>
        ) : null}
        <Button
          busy={confirm.isPending}
          onClick={() => {
            confirm.mutate();
          }}
        >
          {t('unsubscribe.confirm')}
        </Button>
      </div>
    );
  }
  return (
    <div className="unsubscribe">
      <header className="page-header">
        <h1>{t('unsubscribe.title')}</h1>
      </header>
      <div aria-live="polite">{body}</div>
    </div>
  );
}
