import type { AdminTrainingList, SessionSchedule, SessionSummary, UserList } from '@soins/shared';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import {
  Badge,
  Button,
  ConfirmDialog,
  SelectField,
  Table,
  TextField,
  useDocumentTitle,
  useToast,
} from '../../ui';
import { ReasonDialog } from '../admin/ReasonDialog';
import { CheckboxGroup } from '../admin/trainings/TrainingFields';
import '../admin/trainings/builder.css';
import { formatDateTime } from '../identity/format';
import { brusselsInstant } from './brussels-time';
import { adminSessionsKey as sessionsKey, adminSessionsQueryOptions } from './queries';

/** What `sessionScheduleSchema` accepts. */
const MAX_TRAINERS = 5;

interface Form {
  trainingId: string;
  date: string;
  start: string;
  end: string;
  place: string;
  capacity: string;
  language: 'fr' | 'nl';
  trainerIds: readonly string[];
  hours: string;
}

const emptyForm: Form = {
  trainingId: '',
  date: '',
  start: '09:00',
  end: '12:00',
  place: '',
  capacity: '12',
  language: 'fr',
  trainerIds: [],
  hours: '3',
};

/** Admins schedule in-person sessions (times on a Belgian clock) and reopen a signed sheet with a reason. */
export function AdminSessionsPage(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const client = useQueryClient();
  useDocumentTitle(t('adminSessions.documentTitle'));
  const { items } = useSuspenseQuery(adminSessionsQueryOptions(api)).data;
  const trainings = useQuery({
    queryKey: ['manage', 'trainings', 'for-sessions'],
    queryFn: ({ signal }) => api.request<AdminTrainingList>('/manage/trainings', { signal }),
  });
  const trainers = useQuery({
    queryKey: ['manage', 'users', 'trainers'],
    queryFn: ({ signal }) => api.request<UserList>('/manage/users', { query: { role: 'trainer' }, signal }),
  });
  const [form, setForm] = useState<Form>(emptyForm);
  const [invalid, setInvalid] = useState(false);
  const [reopening, setReopening] = useState<SessionSummary | undefined>();
  const [resizing, setResizing] = useState<SessionSummary | undefined>();
  const [cancelling, setCancelling] = useState<SessionSummary | undefined>();
  const set = (field: Exclude<keyof Form, 'trainerIds'>) => (value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
  };
  const schedule = useMutation({
    mutationFn: (body: SessionSchedule) => api.request('/manage/sessions', { method: 'POST', body }),
    onSuccess: async () => {
      toast.show(t('adminSessions.scheduled'));
      setForm(emptyForm);
      await client.invalidateQueries({ queryKey: sessionsKey });
    },
  });
  const reopen = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.request(`/manage/sessions/${encodeURIComponent(id)}/reopen`, { method: 'POST', body: { reason } }),
    onSuccess: async () => {
      toast.show(t('adminSessions.reopened'));
      setReopening(undefined);
      await client.invalidateQueries({ queryKey: sessionsKey });
    },
  });
  const resize = useMutation({
    mutationFn: ({ id, capacity }: { id: string; capacity: number }) =>
      api.request(`/manage/sessions/${encodeURIComponent(id)}/capacity`, {
        method: 'PUT',
        body: { capacity },
      }),
    onSuccess: async () => {
      toast.show(t('adminSessions.capacityChanged'));
      setResizing(undefined);
      await client.invalidateQueries({ queryKey: sessionsKey });
    },
  });
  const cancel = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.request(`/manage/sessions/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: { reason } }),
    onSuccess: async () => {
      toast.show(t('adminSessions.cancelled'));
      setCancelling(undefined);
      await client.invalidateQueries({ queryKey: sessionsKey });
    },
  });
  const title = (titles: { fr?: string | undefined; nl?: string | undefined }): string =>
    (lang === 'nl' ? (titles.nl ?? titles.fr) : (titles.fr ?? titles.nl)) ?? '';

  const submit = () => {
    const startsAt = brusselsInstant(form.date, form.start);
    const endsAt = brusselsInstant(form.date, form.end);
    if (
      !form.trainingId ||
      form.trainerIds.length === 0 ||
      !startsAt ||
      !endsAt ||
      form.place.trim().length < 2
    ) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    schedule.mutate({
      trainingId: form.trainingId,
      startsAt,
      endsAt,
      place: form.place.trim(),
      capacity: Number(form.capacity),
      language: form.language,
      trainerIds: [...form.trainerIds],
      accreditedHours: Number(form.hours),
    });
  };

  return (
    <>
      <header className="page-header">
        <h1>{t('adminSessions.title')}</h1>
      </header>
      <section aria-labelledby="schedule-title" className="stack">
        <h2 id="schedule-title">{t('adminSessions.scheduleTitle')}</h2>
        <form
          className="stack"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <SelectField
            label={t('adminSessions.training')}
            value={form.trainingId}
            onChange={set('trainingId')}
            options={[
              { value: '', label: t('adminSessions.choose') },
              ...(trainings.data?.items ?? []).map((training) => ({
                value: training.id,
                label: title(training.title),
              })),
            ]}
          />
          <TextField
            label={t('adminSessions.date')}
            type="date"
            required
            value={form.date}
            onChange={(e) => {
              set('date')(e.currentTarget.value);
            }}
          />
          <TextField
            label={t('adminSessions.start')}
            hint={t('adminSessions.timeHint')}
            type="time"
            required
            value={form.start}
            onChange={(e) => {
              set('start')(e.currentTarget.value);
            }}
          />
          <TextField
            label={t('adminSessions.end')}
            type="time"
            required
            value={form.end}
            onChange={(e) => {
              set('end')(e.currentTarget.value);
            }}
          />
          <TextField
            label={t('adminSessions.place')}
            required
            value={form.place}
            onChange={(e) => {
              set('place')(e.currentTarget.value);
            }}
          />
          <TextField
            label={t('adminSessions.capacity')}
            type="number"
            min={1}
            max={500}
            required
            value={form.capacity}
            onChange={(e) => {
              set('capacity')(e.currentTarget.value);
            }}
          />
          <SelectField
            label={t('adminSessions.language')}
            value={form.language}
            onChange={set('language')}
            options={[
              { value: 'fr', label: 'Français', lang: 'fr' },
              { value: 'nl', label: 'Nederlands', lang: 'nl' },
            ]}
          />
          {/* The api takes up to 5 trainers: the sixth box cannot be ticked. */}
          <CheckboxGroup
            legend={t('adminSessions.trainers')}
            options={(trainers.data?.items ?? []).map((user) => ({
              value: user.id,
              label: user.displayName,
            }))}
            selected={form.trainerIds}
            onChange={(trainerIds) => {
              setForm((current) => ({ ...current, trainerIds: trainerIds.slice(0, MAX_TRAINERS) }));
            }}
            error={form.trainerIds.length >= MAX_TRAINERS ? t('adminSessions.trainersMax') : undefined}
          />
          <TextField
            label={t('adminSessions.hours')}
            type="number"
            min={0.5}
            step={0.5}
            required
            value={form.hours}
            onChange={(e) => {
              set('hours')(e.currentTarget.value);
            }}
          />
          {invalid ? (
            <p className="field__error" role="alert">
              {t('adminSessions.incomplete')}
            </p>
          ) : null}
          {schedule.isError ? (
            <p className="field__error" role="alert">
              {problemMessage(t, schedule.error)}
            </p>
          ) : null}
          <div>
            <Button type="submit" busy={schedule.isPending}>
              {t('adminSessions.schedule')}
            </Button>
          </div>
        </form>
      </section>
      <section aria-labelledby="sessions-list-title">
        <h2 id="sessions-list-title">{t('adminSessions.listTitle')}</h2>
        <Table caption={t('adminSessions.listTitle')}>
          <thead>
            <tr>
              <th scope="col">{t('adminSessions.training')}</th>
              <th scope="col">{t('adminSessions.date')}</th>
              <th scope="col">{t('adminSessions.seats')}</th>
              <th scope="col">{t('adminSessions.sheet')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((session) => (
              <tr key={session.id}>
                <th scope="row">{title(session.trainingTitle)}</th>
                <td>
                  {formatDateTime(session.startsAt, lang)}
                  <br />
                  {session.place}
                </td>
                <td>
                  {session.seatsTaken}/{session.capacity}
                  {session.waiting > 0 ? ` (+${String(session.waiting)})` : ''}
                  {session.status === 'scheduled' && Date.parse(session.startsAt) > Date.now() ? (
                    <>
                      <br />
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => {
                          resize.reset();
                          setResizing(session);
                        }}
                      >
                        {t('adminSessions.changeCapacity')}
                        <span className="sr-only"> ({title(session.trainingTitle)})</span>
                      </Button>
                    </>
                  ) : null}
                </td>
                <td>
                  {session.status === 'cancelled' ? (
                    <Badge tone="neutral">{t('adminSessions.cancelledBadge')}</Badge>
                  ) : session.signedOff ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => {
                        setReopening(session);
                      }}
                    >
                      {t('adminSessions.reopen')}
                      <span className="sr-only"> ({title(session.trainingTitle)})</span>
                    </Button>
                  ) : (
                    <>
                      {t('adminSessions.open')}
                      {Date.parse(session.startsAt) > Date.now() ? (
                        <>
                          <br />
                          <Button
                            size="sm"
                            variant="secondary"
                            onClick={() => {
                              cancel.reset();
                              setCancelling(session);
                            }}
                          >
                            {t('adminSessions.cancel')}
                            <span className="sr-only"> ({title(session.trainingTitle)})</span>
                          </Button>
                        </>
                      ) : null}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
      {resizing ? (
        <CapacityDialog
          session={resizing}
          busy={resize.isPending}
          error={resize.isError ? problemMessage(t, resize.error) : undefined}
          onConfirm={(capacity) => {
            resize.mutate({ id: resizing.id, capacity });
          }}
          onCancel={() => {
            setResizing(undefined);
          }}
        />
      ) : null}
      <ReasonDialog
        open={cancelling !== undefined}
        title={t('adminSessions.cancelTitle')}
        confirmLabel={t('adminSessions.cancel')}
        label={t('adminSessions.cancelReason')}
        busy={cancel.isPending}
        error={cancel.isError ? problemMessage(t, cancel.error) : undefined}
        onConfirm={(reason) => {
          if (cancelling) cancel.mutate({ id: cancelling.id, reason });
        }}
        onCancel={() => {
          setCancelling(undefined);
        }}
      >
        <p>{t('adminSessions.cancelBody')}</p>
      </ReasonDialog>
      <ReasonDialog
        open={reopening !== undefined}
        title={t('adminSessions.reopenTitle')}
        confirmLabel={t('adminSessions.reopen')}
        label={t('adminSessions.reason')}
        busy={reopen.isPending}
        error={reopen.isError ? problemMessage(t, reopen.error) : undefined}
        onConfirm={(reason) => {
          if (reopening) reopen.mutate({ id: reopening.id, reason });
        }}
        onCancel={() => {
          setReopening(undefined);
        }}
      >
        <p>{t('adminSessions.reopenBody')}</p>
      </ReasonDialog>
    </>
  );
}

/** The new number of seats; more seats seat the waiting list at once (the api refuses fewer than taken). */
function CapacityDialog({
  session,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  readonly session: SessionSummary;
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly onConfirm: (capacity: number) => void;
  readonly onCancel: () => void;
}): ReactNode {
  const { t } = useI18n();
  const [value, setValue] = useState(String(session.capacity));
  const [invalid, setInvalid] = useState(false);
  return (
    <ConfirmDialog
      open
      title={t('adminSessions.capacityTitle')}
      confirmLabel={t('adminSessions.capacitySave')}
      cancelLabel={t('common.cancel')}
      busy={busy}
      error={error}
      onConfirm={() => {
        const capacity = Number(value);
        if (!Number.isInteger(capacity) || capacity < 1 || capacity > 500) {
          setInvalid(true);
          return;
        }
        setInvalid(false);
        onConfirm(capacity);
      }}
      onCancel={onCancel}
    >
      <p>
        {t('adminSessions.capacityBody', {
          taken: session.seatsTaken,
          waiting: session.waiting,
        })}
      </p>
      <TextField
        label={t('adminSessions.capacity')}
        type="number"
        min={1}
        max={500}
        required
        value={value}
        error={invalid ? t('adminSessions.capacityInvalid') : undefined}
        onChange={(e) => {
          setValue(e.currentTarget.value);
        }}
      />
    </ConfirmDialog>
  );
}
