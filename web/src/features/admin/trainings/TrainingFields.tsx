import type { ContentLanguage, Profession } from '@soins/shared';
import { useId, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../../i18n';
import { TextAreaField, TextField } from '../../../ui';
import {
  CONTENT_LANGUAGES,
  PROFESSIONS,
  type Bilingual,
  type DraftErrors,
  type TrainingDraft,
} from './draft';

export const LANGUAGE_NAME: Readonly<Record<ContentLanguage, MessageKey>> = {
  fr: 'builder.language.fr',
  nl: 'builder.language.nl',
};

const PROFESSION_NAME: Readonly<Record<Profession, MessageKey>> = {
  nurse: 'courses.profession.nurse',
  midwife: 'courses.profession.midwife',
  other: 'courses.profession.other',
};

/** One text in each of the training's languages, grouped under a legend ("Titre" → français, néerlandais). */
export function BilingualField({
  legend,
  value,
  languages,
  onChange,
  error,
  multiline = false,
  hint,
  maxLength = 5000,
}: {
  readonly legend: string;
  readonly value: Bilingual;
  readonly languages: readonly ContentLanguage[];
  readonly onChange: (value: Bilingual) => void;
  readonly error?: string | undefined;
  readonly multiline?: boolean;
  readonly hint?: string;
  readonly maxLength?: number;
}): ReactNode {
  const { t } = useI18n();
  const errorId = useId();
  return (
    <fieldset className="builder-fieldset" aria-describedby={error ? errorId : undefined}>
      <legend className="builder-fieldset__legend">{legend}</legend>
      {hint ? <p className="field__hint">{hint}</p> : null}
      <div className="builder-bilingual">
        {CONTENT_LANGUAGES.filter((language) => languages.includes(language)).map((language) => {
          const label = t('builder.inLanguage', { field: legend, language: t(LANGUAGE_NAME[language]) });
          const common = {
            label,
            value: value[language],
            lang: language,
            maxLength,
            onChange: (event: { readonly currentTarget: { readonly value: string } }) => {
              onChange({ ...value, [language]: event.currentTarget.value });
            },
          };
          return multiline ? (
            <TextAreaField key={language} {...common} rows={3} />
          ) : (
            <TextField key={language} {...common} />
          );
        })}
      </div>
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A group of checkboxes (languages, professions, a session's trainers). */
export function CheckboxGroup<T extends string>({
  legend,
  options,
  selected,
  onChange,
  error,
}: {
  readonly legend: string;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly selected: readonly T[];
  readonly onChange: (selected: T[]) => void;
  readonly error?: string | undefined;
}): ReactNode {
  const errorId = useId();
  return (
    <fieldset className="builder-fieldset" aria-describedby={error ? errorId : undefined}>
      <legend className="builder-fieldset__legend">{legend}</legend>
      <div className="builder-choices">
        {options.map((option) => (
          <label key={option.value} className="builder-choice">
            <input
              type="checkbox"
              checked={selected.includes(option.value)}
              onChange={(event) => {
                const checked = event.currentTarget.checked;
                onChange(
                  checked
                    ? options.map((o) => o.value).filter((v) => v === option.value || selected.includes(v))
                    : selected.filter((v) => v !== option.value),
                );
              }}
            />
            {option.label}
          </label>
        ))}
      </div>
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Radio buttons for a small closed choice. */
export function RadioGroup<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  children,
}: {
  readonly legend: string;
  readonly name: string;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly value: T;
  readonly onChange: (value: T) => void;
  readonly children?: ReactNode;
}): ReactNode {
  return (
    <fieldset className="builder-fieldset">
      <legend className="builder-fieldset__legend">{legend}</legend>
      <div className="builder-choices">
        {options.map((option) => (
          <label key={option.value} className="builder-choice">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => {
                onChange(option.value);
              }}
            />
            {option.label}
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}

/** The training's own fields: languages, texts, audience, hours, organiser, price, completion rule, thumbnail. */
export function TrainingFields({
  draft,
  errors,
  onChange,
}: {
  readonly draft: TrainingDraft;
  readonly errors: DraftErrors;
  readonly onChange: (draft: TrainingDraft) => void;
}): ReactNode {
  const { t } = useI18n();
  const error = (path: string): string | undefined => {
    const key = errors[path];
    return key ? t(key) : undefined;
  };
  const set = <K extends keyof TrainingDraft>(key: K, value: TrainingDraft[K]): void => {
    onChange({ ...draft, [key]: value });
  };
  const name = useId();
  return (
    <div className="builder-fields">
      <CheckboxGroup
        legend={t('builder.field.languages')}
        options={CONTENT_LANGUAGES.map((language) => ({
          value: language,
          label: t(LANGUAGE_NAME[language]),
        }))}
        selected={draft.languages}
        onChange={(languages) => {
          set('languages', languages);
        }}
        error={error('languages')}
      />
      <BilingualField
        legend={t('builder.field.title')}
        value={draft.title}
        languages={draft.languages}
        maxLength={200}
        onChange={(title) => {
          set('title', title);
        }}
        error={error('title')}
      />
      <BilingualField
        legend={t('builder.field.summary')}
        hint={t('builder.field.summaryHint')}
        value={draft.summary}
        languages={draft.languages}
        multiline
        maxLength={600}
        onChange={(summary) => {
          set('summary', summary);
        }}
        error={error('summary')}
      />
      <BilingualField
        legend={t('builder.field.description')}
        hint={t('builder.field.descriptionHint')}
        value={draft.description}
        languages={draft.languages}
        multiline
        onChange={(description) => {
          set('description', description);
        }}
      />
      <CheckboxGroup
        legend={t('builder.field.professions')}
        options={PROFESSIONS.map((profession) => ({
          value: profession,
          label: t(PROFESSION_NAME[profession]),
        }))}
        selected={draft.professions}
        onChange={(professions) => {
          set('professions', professions);
        }}
        error={error('professions')}
      />
      <div className="builder-row">
        <TextField
          label={t('builder.field.hours')}
          hint={t('builder.field.hoursHint')}
          inputMode="decimal"
          value={draft.accreditedHours}
          error={error('accreditedHours')}
          onChange={(event) => {
            set('accreditedHours', event.currentTarget.value);
          }}
        />
        <TextField
          label={t('builder.field.organiser')}
          value={draft.organiser}
          maxLength={200}
          error={error('organiser')}
          onChange={(event) => {
            set('organiser', event.currentTarget.value);
          }}
        />
      </div>
      <RadioGroup
        legend={t('builder.field.price')}
        name={`${name}-price`}
        options={[
          { value: 'free', label: t('builder.price.free') },
          { value: 'subscription', label: t('builder.price.subscription') },
        ]}
        value={draft.free ? 'free' : 'subscription'}
        onChange={(value) => {
          set('free', value === 'free');
        }}
      />
      <RadioGroup
        legend={t('builder.field.completion')}
        name={`${name}-rule`}
        options={[
          { value: 'launch', label: t('builder.rule.launch') },
          { value: 'watched', label: t('builder.rule.watched') },
        ]}
        value={draft.rule}
        onChange={(rule) => {
          set('rule', rule);
        }}
      >
        {draft.rule === 'watched' ? (
          <TextField
            className="builder-percent"
            label={t('builder.field.percent')}
            inputMode="numeric"
            value={draft.percent}
            error={error('percent')}
            onChange={(event) => {
              set('percent', event.currentTarget.value);
            }}
          />
        ) : null}
      </RadioGroup>
      <TextField
        label={t('builder.field.thumbnail')}
        hint={t('builder.field.thumbnailHint')}
        type="url"
        value={draft.thumbnail}
        maxLength={2000}
        error={error('thumbnail')}
        onChange={(event) => {
          set('thumbnail', event.currentTarget.value);
        }}
      />
    </div>
  );
}
