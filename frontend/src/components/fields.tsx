import type { ComponentChildren, InputHTMLAttributes, TextareaHTMLAttributes } from 'preact';
import { useT } from '../i18n';

interface Common {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  optional?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ id, label, optional }: Pick<Common, 'id' | 'label' | 'optional'>) {
  const { t } = useT();
  return (
    <label for={id}>
      {label}
      {optional && <span class="optional"> ({t('common.optional')})</span>}
    </label>
  );
}

function Help({ id, hint, error }: Pick<Common, 'id' | 'hint' | 'error'>) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

type InputProps = Common &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'label' | 'onInput' | 'value'> & {
    value: string;
    onValue: (value: string) => void;
  };

export function TextField({ id, label, hint, error, optional, value, onValue, ...rest }: InputProps) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <Label id={id} label={label} optional={optional} />
      <input
        id={id}
        name={id}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      />
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

type AreaProps = Common &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'label' | 'onInput' | 'value'> & {
    value: string;
    onValue: (value: string) => void;
  };

export function TextArea({ id, label, hint, error, optional, value, onValue, ...rest }: AreaProps) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <Label id={id} label={label} optional={optional} />
      <textarea
        id={id}
        name={id}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        rows={5}
        {...rest}
      />
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

type SelectProps = Common & {
  value: string;
  onValue: (value: string) => void;
  children: ComponentChildren;
  required?: boolean;
  disabled?: boolean;
};

export function SelectField({
  id,
  label,
  hint,
  error,
  optional,
  value,
  onValue,
  children,
  ...rest
}: SelectProps) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <Label id={id} label={label} optional={optional} />
      <select
        id={id}
        name={id}
        value={value}
        onChange={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      >
        {children}
      </select>
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckboxField({
  id,
  label,
  hint,
  error,
  checked,
  onChecked,
  children,
}: Common & {
  checked: boolean;
  onChecked: (checked: boolean) => void;
  children?: ComponentChildren;
}) {
  return (
    <div class={error ? 'field field-check has-error' : 'field field-check'}>
      <input
        type="checkbox"
        id={id}
        name={id}
        checked={checked}
        onChange={(e) => onChecked(e.currentTarget.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <div>
        <label for={id}>{label}</label>
        <Help id={id} hint={hint} error={error} />
        {children}
      </div>
    </div>
  );
}
