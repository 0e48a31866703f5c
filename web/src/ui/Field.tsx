import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type TextareaHTMLAttributes,
} from 'react';
import './Field.css';

/** What a control needs from its field shell: its id and the accessibility attributes tying hint and error to it. */
interface ControlProps {
  readonly id: string;
  readonly 'aria-invalid': true | undefined;
  readonly 'aria-describedby': string | undefined;
}

/** Label, optional hint and error around one control, tied to it with aria-describedby (every field uses it). */
function FieldShell({
  label,
  hint,
  error,
  className,
  control,
}: {
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly className?: string | undefined;
  readonly control: (props: ControlProps) => ReactNode;
}): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ');
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {control({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  readonly label: string;
  readonly hint?: string;
  /** A translated error message; marks the input invalid and is announced with it. */
  readonly error?: string | undefined;
  readonly ref?: Ref<HTMLInputElement>;
}

/** A labelled input with optional hint and error, both tied to the input with aria-describedby. */
export function TextField({ label, hint, error, className, ...rest }: TextFieldProps): ReactNode {
  return (
    <FieldShell
      label={label}
      hint={hint}
      error={error}
      className={className}
      control={(control) => <input {...rest} {...control} className="field__input" />}
    />
  );
}

export interface SelectFieldProps {
  readonly label: string;
  readonly hint?: string;
  readonly value: string;
  readonly options: readonly { readonly value: string; readonly label: string; readonly lang?: string }[];
  readonly onChange: (value: string) => void;
  readonly name?: string;
}

export function SelectField({ label, hint, value, options, onChange, name }: SelectFieldProps): ReactNode {
  return (
    <FieldShell
      label={label}
      hint={hint}
      control={(control) => (
        <select
          {...control}
          name={name}
          className="field__input field__select"
          value={value}
          onChange={(event) => {
            onChange(event.currentTarget.value);
          }}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value} lang={option.lang}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  readonly ref?: Ref<HTMLTextAreaElement>;
}

/** A labelled multi-line input with optional hint and error tied with aria-describedby (like TextField). */
export function TextAreaField({ label, hint, error, className, ...rest }: TextAreaFieldProps): ReactNode {
  return (
    <FieldShell
      label={label}
      hint={hint}
      error={error}
      className={className}
      control={(control) => <textarea {...rest} {...control} className="field__input field__textarea" />}
    />
  );
}
