import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { LANGUAGE_NAMES, useI18n } from '../../i18n';
import { Badge, Button, ConfirmDialog, TextField, useDocumentTitle, useToast } from '../../ui';
import { formatDate } from '../identity/format';
import { meQueryOptions } from '../identity/queries';
import { DetailsForm } from './DetailsForm';
import {
  DIPLOMA_ACCEPT,
  DIPLOMA_STATUS,
  FILE_PROBLEM_KEYS,
  uploadErrorKey,
  validateDiplomaFile,
} from './diploma';
import { formatInamiInput, inamiFieldError } from './inami';
import { ErasureSection } from '../privacy/ErasureSection';
import { RemindersSection } from '../reminders/RemindersSection';
import { AcceptancesSection, DataExportSection } from '../privacy/PrivacySection';
import {
  diplomaQueryKey,
  diplomaQueryOptions,
  inamiQueryKey,
  inamiQueryOptions,
  removeInami,
  setInami,
  uploadDiploma,
} from './queries';
import './profile.css';

/** The learner's profile: identity, language, INAMI/RIZIV number and diploma. */
export function ProfilePage(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const profile = useSuspenseQuery(meQueryOptions(api)).data;
  const toast = useToast();
  useDocumentTitle(t('profilePage.documentTitle'));
  return (
    <>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('space.learner')}</p>
        <h1>{t('profilePage.title')}</h1>
        <p className="lead">{t('profilePage.intro')}</p>
      </header>
      <div className="stack">
        <section className="card" aria-labelledby="identity-title">
          <h2 id="identity-title">{t('learner.profile.title')}</h2>
          <dl className="details">
            <dt>{t('profile.name')}</dt>
            <dd>{profile.displayName}</dd>
            <dt>{t('profile.email')}</dt>
            <dd>{profile.email}</dd>
            <dt>{t('profile.memberSince')}</dt>
            <dd>{formatDate(profile.createdAt, lang)}</dd>
            <dt>{t('profile.language')}</dt>
            <dd>{t('learner.language.current', { language: LANGUAGE_NAMES[lang] })}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">{t('details.title')}</h2>
          <DetailsForm
            profile={profile}
            submitLabel={t('details.save')}
            onSaved={() => {
              toast.show(t('details.saved'));
            }}
          />
        </section>
        <InamiSection />
        <DiplomaSection />
        <RemindersSection />
        <AcceptancesSection />
        <DataExportSection />
        <ErasureSection />
      </div>
    </>
  );
}

function InamiSection(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const inami = useSuspenseQuery(inamiQueryOptions(api)).data;
  const [value, setValue] = useState(inami.number ?? '');
  const [confirmRemove, setConfirmRemove] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const save = useMutation({
    mutationFn: (number: string) => setInami(api, number),
    onSuccess: (saved) => {
      queryClient.setQueryData(inamiQueryKey, saved);
      setValue(saved.number ?? '');
      toast.show(t('inami.saved'));
    },
    onError: () => {
      inputRef.current?.focus();
    },
  });
  const remove = useMutation({
    mutationFn: () => removeInami(api),
    onSuccess: () => {
      queryClient.setQueryData(inamiQueryKey, { present: false });
      setValue('');
      setConfirmRemove(false);
      save.reset();
      toast.show(t('inami.removed'));
    },
  });
  const fieldError = save.isError
    ? (inamiFieldError(save.error) ?? problemMessage(t, save.error))
    : undefined;

  return (
    <section className="card" aria-labelledby="inami-title">
      <h2 id="inami-title">{t('inami.title')}</h2>
      <p>
        {inami.present ? t('inami.current', { number: inami.number ?? inami.masked ?? '' }) : t('inami.none')}
      </p>
      <form
        className="profile__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(value.trim());
        }}
      >
        <TextField
          ref={inputRef}
          label={t('inami.label')}
          hint={t('inami.hint')}
          name="inami"
          inputMode="numeric"
          autoComplete="off"
          maxLength={40}
          value={value}
          error={fieldError}
          onChange={(event) => {
            setValue(formatInamiInput(event.currentTarget.value));
          }}
        />
        <div className="cluster">
          <Button type="submit" busy={save.isPending}>
            {t(inami.present ? 'inami.change' : 'inami.save')}
          </Button>
          {inami.present ? (
            <Button
              variant="danger"
              onClick={() => {
                remove.reset();
                setConfirmRemove(true);
              }}
            >
              {t('inami.remove')}
            </Button>
          ) : null}
        </div>
      </form>
      <ConfirmDialog
        open={confirmRemove}
        title={t('inami.confirmRemoveTitle')}
        confirmLabel={t('inami.remove')}
        cancelLabel={t('common.cancel')}
        confirmVariant="danger"
        busy={remove.isPending}
        error={remove.isError ? problemMessage(t, remove.error) : undefined}
        onCancel={() => {
          setConfirmRemove(false);
        }}
        onConfirm={() => {
          remove.mutate();
        }}
      >
        <p>{t('inami.confirmRemoveBody')}</p>
      </ConfirmDialog>
    </section>
  );
}

function DiplomaSection(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const { diploma } = useSuspenseQuery(diplomaQueryOptions(api)).data;
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState(0);

  const upload = useMutation({
    mutationFn: (chosen: File) => {
      setProgress(0);
      return uploadDiploma(api, chosen, setProgress);
    },
    onSuccess: (result) => {
      queryClient.setQueryData(diplomaQueryKey, result);
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
    },
    onError: (error) => {
      const key = uploadErrorKey(error);
      setFileError(key ? t(key) : problemMessage(t, error));
      fileRef.current?.focus();
      if (key === 'diploma.error.inReview') void queryClient.invalidateQueries({ queryKey: diplomaQueryKey });
    },
  });

  const view = diploma ? DIPLOMA_STATUS[diploma.status] : undefined;
  const formVisible = !diploma || view?.canUpload === true;

  return (
    <section className="card" aria-labelledby="diploma-title">
      <h2 id="diploma-title">{t('diploma.title')}</h2>
      <p>{t('diploma.intro')}</p>
      <div role="status" aria-live="polite" className="profile__diploma-status">
        {diploma && view ? (
          <>
            <p>
              <Badge tone={view.tone}>{t(view.label)}</Badge>{' '}
              <span className="profile__muted">
                {t('diploma.uploadedAt', { date: formatDate(diploma.uploadedAt, lang) })}
              </span>
            </p>
            <p>{t(view.explanation)}</p>
            {diploma.status === 'rejected' && diploma.rejectionReason ? (
              <p>
                <strong>{t('diploma.reason')}</strong> {diploma.rejectionReason}
              </p>
            ) : null}
          </>
        ) : (
          <p>{t('diploma.none')}</p>
        )}
      </div>
      {formVisible ? (
        <form
          className="profile__form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!file) {
              setFileError(t('diploma.error.noFile'));
              fileRef.current?.focus();
              return;
            }
            const problem = validateDiplomaFile(file);
            if (problem) {
              setFileError(t(FILE_PROBLEM_KEYS[problem]));
              fileRef.current?.focus();
              return;
            }
            setFileError(undefined);
            upload.mutate(file);
          }}
        >
          <div className="field">
            <label className="field__label" htmlFor={inputId}>
              {t(diploma ? 'diploma.fileAgain' : 'diploma.file')}
            </label>
            <p className="field__hint" id={hintId}>
              {t('diploma.hint')}
            </p>
            <input
              ref={fileRef}
              id={inputId}
              type="file"
              name="diploma"
              accept={DIPLOMA_ACCEPT}
              className="field__input profile__file"
              aria-invalid={fileError ? true : undefined}
              aria-describedby={[hintId, fileError ? errorId : undefined].filter(Boolean).join(' ')}
              onChange={(event) => {
                const chosen = event.currentTarget.files?.[0] ?? null;
                setFile(chosen);
                upload.reset();
                const problem = chosen ? validateDiplomaFile(chosen) : null;
                setFileError(problem ? t(FILE_PROBLEM_KEYS[problem]) : undefined);
              }}
            />
            {fileError ? (
              <p className="field__error" id={errorId}>
                {fileError}
              </p>
            ) : null}
          </div>
          <div className="cluster">
            <Button type="submit" busy={upload.isPending}>
              {upload.isPending ? t('diploma.sending') : t('diploma.send')}
            </Button>
            {upload.isPending ? (
              <progress
                className="profile__progress"
                max={100}
                value={Math.round(progress * 100)}
                aria-label={t('diploma.progress')}
              >
                {Math.round(progress * 100)} %
              </progress>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
