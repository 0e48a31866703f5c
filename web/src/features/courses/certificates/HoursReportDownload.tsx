import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n } from '../../../i18n';
import { Button, SelectField } from '../../../ui';

/** Saves bytes the api client fetched (with the token) as a file. */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** The learner's hours report (PDF, every certificate and attestation of a calendar year), in her language. */
export function HoursReportDownload({ years }: { readonly years: readonly number[] }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const choices = [...new Set(years)].sort((a, b) => b - a);
  const [year, setYear] = useState(String(choices[0] ?? new Date().getFullYear()));
  const language = lang === 'nl' ? 'nl' : 'fr';
  const download = useMutation({
    mutationFn: () =>
      api.request<Blob>('/me/hours-report', { query: { year, language }, responseType: 'blob' }),
    onSuccess: (blob) => {
      saveBlob(blob, `${language === 'nl' ? 'urenoverzicht' : 'releve-heures'}-${year}.pdf`);
    },
  });
  return (
    <div className="stack">
      <SelectField
        label={t('hoursReport.year')}
        value={year}
        options={choices.map((y) => ({ value: String(y), label: String(y) }))}
        onChange={setYear}
      />
      <div>
        <Button
          variant="secondary"
          busy={download.isPending}
          onClick={() => {
            if (!download.isPending) download.mutate();
          }}
        >
          {t('hoursReport.download', { year })}
        </Button>
      </div>
      {download.isError ? (
        <p className="field__error" role="alert">
          {problemMessage(t, download.error)}
        </p>
      ) : null}
    </div>
  );
}
