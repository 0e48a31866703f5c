import { useNavigate } from '@tanstack/react-router';
import { useId, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../../i18n';
import { Button, TextField, useDocumentTitle } from '../../../ui';
import { formatCodeInput, normalizeCode } from './code';
import '../courses.css';

/**
 * /verify without a code: a form to type the one printed on the certificate (grouped by 4 as it is typed, any
 * case, dashes or spaces), then the verification page for it.
 */
export function VerifyForm(): ReactNode {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  useDocumentTitle(t('courses.verify.documentTitle'));
  return (
    <>
      <header className="page-header">
        <h1 id={titleId}>{t('courses.verify.title')}</h1>
        <p className="lead">{t('courses.verify.formIntro')}</p>
      </header>
      <form
        className="card verify-form"
        aria-labelledby={titleId}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const code = normalizeCode(value);
          if (code === undefined) {
            setError(t('courses.verify.malformed'));
            input.current?.focus();
            return;
          }
          void navigate({ to: '/verify/$code', params: { code } });
        }}
      >
        <TextField
          ref={input}
          label={t('courses.verify.codeField')}
          hint={t('courses.verify.codeHint')}
          name="code"
          value={value}
          error={error}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={90}
          className="verify-form__code"
          onChange={(event) => {
            setValue(formatCodeInput(event.currentTarget.value));
            setError(undefined);
          }}
        />
        <Button type="submit">{t('courses.verify.submit')}</Button>
      </form>
    </>
  );
}
