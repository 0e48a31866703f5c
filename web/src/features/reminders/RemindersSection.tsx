import { reminderKinds, type ReminderKind, type ReminderPreferences } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n, type MessageKey } from '../../i18n';
import { Button, useToast } from '../../ui';
import { myRemindersQueryKey, myRemindersQueryOptions, saveReminders } from './queries';
import './reminders.css';

export const REMINDER_LABELS: Readonly<Record<ReminderKind, { label: MessageKey; hint: MessageKey }>> = {
  idle_training: { label: 'reminders.kind.idle_training', hint: 'reminders.hint.idle_training' },
  session_tomorrow: { label: 'reminders.kind.session_tomorrow', hint: 'reminders.hint.session_tomorrow' },
  payment_failed: { label: 'reminders.kind.payment_failed', hint: 'reminders.hint.payment_failed' },
  subscription_ending: {
    label: 'reminders.kind.subscription_ending',
    hint: 'reminders.hint.subscription_ending',
  },
  hours_short: { label: 'reminders.kind.hours_short', hint: 'reminders.hint.hours_short' },
};

/** The learner's e-mail reminders, one switch per kind (all on by default). */
export function RemindersSection(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const stored = useSuspenseQuery(myRemindersQueryOptions(api)).data.preferences;
  const [draft, setDraft] = useState<ReminderPreferences>(stored);
  const id = useId();
  const save = useMutation({
    mutationFn: () => saveReminders(api, draft),
    onSuccess: (saved) => {
      queryClient.setQueryData(myRemindersQueryKey, saved);
      toast.show(t('reminders.saved'));
    },
  });
  const changed = reminderKinds.some((kind) => draft[kind] !== stored[kind]);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('reminders.title')}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <fieldset className="reminders__choices">
          <legend>{t('reminders.legend')}</legend>
          {reminderKinds.map((kind) => (
            <div className="reminders__choice" key={kind}>
              <input
                type="checkbox"
                id={`${id}-${kind}`}
                name={kind}
                checked={draft[kind]}
                aria-describedby={`${id}-${kind}-hint`}
                onChange={(event) => {
                  const checked = event.currentTarget.checked;
                  setDraft((current) => ({ ...current, [kind]: checked }));
                }}
              />
              <label htmlFor={`${id}-${kind}`}>{t(REMINDER_LABELS[kind].label)}</label>
              <p className="field__hint" id={`${id}-${kind}-hint`}>
                {t(REMINDER_LABELS[kind].hint)}
              </p>
            </div>
          ))}
        </fieldset>
        {save.isError ? (
          <p className="field__error" role="alert">
            {problemMessage(t, save.error)}
          </p>
        ) : null}
        <Button type="submit" busy={save.isPending} disabled={!changed}>
          {t('reminders.save')}
        </Button>
      </form>
    </section>
  );
}
