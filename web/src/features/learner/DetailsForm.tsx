import { professions, type MyDetails, type Profile } from '@soins/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { Button, TextField } from '../../ui';
import { meQueryKey } from '../identity/queries';
import {
  detailFields,
  initialDraft,
  serverDetailErrors,
  validateDraft,
  type DetailErrors,
  type DetailsDraft,
} from './details';

function saveDetails(api: ReturnType<typeof useAppContext>['api'], details: MyDetails): Promise<Profile> {
  return api.request<Profile>('/me/details', { method: 'PUT', body: details });
}

/** Names, profession (with the specialist title for nurses) and optional phone: onboarding and profile page. */
export function DetailsForm({
  profile,
  submitLabel,
  onSaved,
}: {
  readonly profile: Profile;
  readonly submitLabel: string;
  readonly onSaved: (profile: Profile) => void;
}): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<DetailsDraft>(() => initialDraft(profile));
  const [errors, setErrors] = useState<DetailErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const professionId = useId();
  const specialistId = useId();

  const save = useMutation({
    mutationFn: (details: MyDetails) => saveDetails(api, details),
    onSuccess: (saved) => {
      queryClient.setQueryData(meQueryKey, saved);
      onSaved(saved);
    },
    onError: (error) => {
      const fieldErrors = serverDetailErrors(error);
      if (fieldErrors) showErrors(fieldErrors);
    },
  });

  // Moves focus to the first invalid field so keyboard and screen-reader users land on the problem.
  const showErrors = (next: DetailErrors): void => {
    setErrors(next);
    const first = detailFields.find((field) => next[field]);
    if (first) {
      requestAnimationFrame(() => {
        formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      });
    }
  };

  const update = (change: Partial<DetailsDraft>): void => {
    setDraft((current) => ({ ...current, ...change }));
  };

  const generalError =
    save.error && !serverDetailErrors(save.error) ? problemMessage(t, save.error) : undefined;

  return (
    <form
      ref={formRef}
      noValidate
      className="stack details-form"
      onSubmit={(event) => {
        event.preventDefault();
        const checked = validateDraft(draft);
        if ('errors' in checked) {
          showErrors(checked.errors);
          return;
        }
        setErrors({});
        save.mutate(checked.details);
      }}
    >
      <div className="grid-2">
        <TextField
          name="firstName"
          label={t('details.firstName')}
          autoComplete="given-name"
          required
          value={draft.firstName}
          error={errors.firstName ? t(errors.firstName) : undefined}
          onChange={(event) => {
            update({ firstName: event.currentTarget.value });
          }}
        />
        <TextField
          name="lastName"
          label={t('details.lastName')}
          autoComplete="family-name"
          required
          value={draft.lastName}
          error={errors.lastName ? t(errors.lastName) : undefined}
          onChange={(event) => {
            update({ lastName: event.currentTarget.value });
          }}
        />
      </div>
      <fieldset
        className="field details-form__choices"
        aria-describedby={errors.profession ? `${professionId}-error` : undefined}
      >
        <legend className="field__label">{t('details.profession')}</legend>
        {professions.map((profession) => (
          <div className="details-form__choice" key={profession}>
            <input
              type="radio"
              id={`${professionId}-${profession}`}
              name="profession"
              value={profession}
              checked={draft.profession === profession}
              aria-invalid={errors.profession ? true : undefined}
              onChange={() => {
                update({ profession });
              }}
            />
            <label htmlFor={`${professionId}-${profession}`}>{t(`profession.${profession}`)}</label>
          </div>
        ))}
        {errors.profession ? (
          <p className="field__error" id={`${professionId}-error`}>
            {t(errors.profession)}
          </p>
        ) : null}
      </fieldset>
      {draft.profession === 'nurse' ? (
        <div className="details-form__choice">
          <input
            type="checkbox"
            id={specialistId}
            name="specialistTitle"
            checked={draft.specialistTitle}
            aria-describedby={`${specialistId}-hint`}
            onChange={(event) => {
              update({ specialistTitle: event.currentTarget.checked });
            }}
          />
          <label htmlFor={specialistId}>{t('details.specialistTitle')}</label>
          <p className="field__hint" id={`${specialistId}-hint`}>
            {t('details.specialistTitleHint')}
          </p>
        </div>
      ) : null}
      <TextField
        name="phone"
        type="tel"
        label={t('details.phone')}
        hint={t('details.phoneHint')}
        autoComplete="tel"
        inputMode="tel"
        value={draft.phone}
        error={errors.phone ? t(errors.phone) : undefined}
        onChange={(event) => {
          update({ phone: event.currentTarget.value });
        }}
      />
      {generalError ? (
        <p className="field__error" role="alert">
          {generalError}
        </p>
      ) : null}
      <div className="cluster">
        <Button type="submit" busy={save.isPending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
