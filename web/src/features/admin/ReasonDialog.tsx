import { useId, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { ConfirmDialog } from '../../ui';
import { REJECTION_REASON_MAX, rejectionReasonProblem } from './diplomas';
import '../../ui/Field.css';

/**
 * A confirmation that needs the admin's reason (3 to 500 characters, as the api requires): refusing a diploma,
 * revoking a certificate, resetting quiz attempts. The reason is checked before anything is sent; an empty one
 * is named in the field, and the api's answer (e.g. a 400 or 409) shows in the dialog.
 */
export function ReasonDialog({
  open,
  title,
  children,
  confirmLabel,
  label,
  hint,
  lang,
  busy,
  error,
  tooShort = 'people.record.reasonShort',
  tooLong = 'people.record.reasonLong',
  onConfirm,
  onCancel,
}: {
  readonly open: boolean;
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly label: string;
  /** E.g. which language to write in. */
  readonly hint?: string | undefined;
  /** The language the reason is written in (spelling checks, screen readers). */
  readonly lang?: string | undefined;
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly tooShort?: MessageKey;
  readonly tooLong?: MessageKey;
  readonly onConfirm: (reason: string) => void;
  readonly onCancel: () => void;
}): ReactNode {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : undefined, problem ? errorId : undefined].filter(Boolean).join(' ');
  const close = (): void => {
    setReason('');
    setProblem(undefined);
    onCancel();
  };
  return (
    <ConfirmDialog
      open={open}
      title={title}
      confirmLabel={confirmLabel}
      cancelLabel={t('common.cancel')}
      confirmVariant="danger"
      busy={busy}
      error={error}
      onCancel={close}
      onConfirm={() => {
        const found = rejectionReasonProblem(reason);
        if (found) {
          setProblem(t(found === 'short' ? tooShort : tooLong));
          document.getElementById(id)?.focus();
          return;
        }
        onConfirm(reason.trim());
      }}
    >
      {children}
      <div className="field">
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        {hint ? (
          <p className="field__hint" id={hintId}>
            {hint}
          </p>
        ) : null}
        <textarea
          id={id}
          className="field__input"
          rows={3}
          maxLength={REJECTION_REASON_MAX}
          lang={lang}
          value={reason}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setProblem(undefined);
          }}
        />
        {problem ? (
          <p className="field__error" id={errorId}>
            {problem}
          </p>
        ) : null}
      </div>
    </ConfirmDialog>
  );
}
