import type { DeadLetterItem, DeadLetterQueue } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import { Button, ConfirmDialog, Table, useDocumentTitle, useToast } from '../../ui';
import { formatDateTime } from '../identity/format';
import { deadLettersQueryKey, deadLettersQueryOptions, purgeDeadLetter, redriveDeadLetter } from './queries';
import '../admin/users.css';
import './operations.css';

const QUEUE_KEYS: Readonly<Record<string, MessageKey>> = {
  email: 'operations.queue.email',
  'certificate-requests': 'operations.queue.certificate-requests',
  'diploma-scan': 'operations.queue.diploma-scan',
  'billing-events': 'operations.queue.billing-events',
  'privacy-exports': 'operations.queue.privacy-exports',
};

const REASON_KEYS: Readonly<Record<string, MessageKey>> = {
  MaxDeliveryCountExceeded: 'operations.reason.MaxDeliveryCountExceeded',
  TTLExpiredException: 'operations.reason.TTLExpiredException',
};

const queueName = (t: Translate, queue: string): string => {
  const key = QUEUE_KEYS[queue];
  return key ? t(key) : queue;
};

type Target = { readonly queue: string; readonly letter: DeadLetterItem };

/** Operations: per queue, the messages the broker gave up on, with re-drive and purge. */
export function OperationsPage(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const overview = useSuspenseQuery(deadLettersQueryOptions(api));
  const [purging, setPurging] = useState<Target | null>(null);
  useDocumentTitle(t('operations.documentTitle'));

  const refresh = (): void => {
    void queryClient.invalidateQueries({ queryKey: deadLettersQueryKey });
  };

  const redrive = useMutation({
    mutationFn: (target: Target) => redriveDeadLetter(api, target.queue, target.letter.id),
    onSuccess: () => {
      toast.show(t('operations.redriven'));
      refresh();
    },
    onError: (error) => {
      toast.show(problemMessage(t, error), 'error');
      refresh();
    },
  });

  const purge = useMutation({
    mutationFn: (target: Target) => purgeDeadLetter(api, target.queue, target.letter.id),
    onSuccess: () => {
      setPurging(null);
      toast.show(t('operations.purged'));
      refresh();
    },
  });

  return (
    <>
      <header className="page-header">
        <h1>{t('operations.title')}</h1>
        <p className="lead">{t('operations.intro')}</p>
      </header>
      <div className="cluster operations__toolbar">
        <Button variant="secondary" busy={overview.isFetching} onClick={refresh}>
          {t('operations.refresh')}
        </Button>
      </div>
      <div className="stack">
        {overview.data.queues.map((queue) => (
          <QueueSection
            key={queue.queue}
            queue={queue}
            redriving={redrive.isPending ? redrive.variables : undefined}
            onRedrive={(letter) => {
              redrive.mutate({ queue: queue.queue, letter });
            }}
            onPurge={(letter) => {
              purge.reset();
              setPurging({ queue: queue.queue, letter });
            }}
          />
        ))}
      </div>

      <ConfirmDialog
        open={purging !== null}
        title={t('operations.purgeTitle')}
        confirmLabel={t('operations.purge')}
        cancelLabel={t('common.cancel')}
        confirmVariant="danger"
        busy={purge.isPending}
        error={purge.isError ? problemMessage(t, purge.error) : undefined}
        onCancel={() => {
          setPurging(null);
        }}
        onConfirm={() => {
          if (purging) purge.mutate(purging);
        }}
      >
        {purging ? (
          <p>
            {t('operations.purgeBody', {
              message: purging.letter.messageId,
              queue: queueName(t, purging.queue),
            })}
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}

function QueueSection(props: {
  readonly queue: DeadLetterQueue;
  readonly redriving: Target | undefined;
  readonly onRedrive: (letter: DeadLetterItem) => void;
  readonly onPurge: (letter: DeadLetterItem) => void;
}): ReactNode {
  const { t, lang } = useI18n();
  const headingId = useId();
  const { queue } = props;
  const name = queueName(t, queue.queue);
  const countKey: MessageKey =
    queue.count === 0
      ? 'operations.countNone'
      : queue.complete
        ? 'operations.count'
        : 'operations.countAtLeast';

  return (
    <section aria-labelledby={headingId} className="operations__queue">
      <h2 id={headingId}>
        {name} <code className="operations__queue-name">{queue.queue}</code>
      </h2>
      <p className="users__count">{t(countKey, { count: queue.count })}</p>
      {queue.items.length > 0 ? (
        <Table caption={t('operations.caption', { queue: name })}>
          <thead>
            <tr>
              <th scope="col">{t('operations.message')}</th>
              <th scope="col">{t('operations.reason')}</th>
              <th scope="col">{t('operations.lastError')}</th>
              <th scope="col">{t('operations.enqueuedAt')}</th>
              <th scope="col">{t('operations.deliveries')}</th>
              <th scope="col">{t('admin.users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {queue.items.map((letter) => {
              const reasonKey = letter.reason ? REASON_KEYS[letter.reason] : undefined;
              return (
                <tr key={letter.id}>
                  <th scope="row">
                    <code className="operations__id">{letter.messageId}</code>
                  </th>
                  <td>
                    {reasonKey ? t(reasonKey) : (letter.reason ?? '—')}
                    {letter.description ? (
                      <span className="operations__detail" lang="en">
                        {letter.description}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {letter.lastError ? (
                      <code className="operations__id" lang="en">
                        {letter.lastError}
                      </code>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{letter.enqueuedAt ? formatDateTime(letter.enqueuedAt, lang) : '—'}</td>
                  <td>{letter.deliveryCount ?? '—'}</td>
                  <td>
                    <div
                      className="cluster users__actions"
                      role="group"
                      aria-label={t('operations.actionsFor', { message: letter.messageId })}
                    >
                      <Button
                        size="sm"
                        busy={
                          props.redriving?.letter.id === letter.id && props.redriving.queue === queue.queue
                        }
                        onClick={() => {
                          props.onRedrive(letter);
                        }}
                      >
                        {t('operations.redrive')}
                      </Button>
                      <Button
                        size="sm"
                        variant="danger"
                        onClick={() => {
                          props.onPurge(letter);
                        }}
                      >
                        {t('operations.purge')}
                      </Button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      ) : null}
    </section>
  );
}
