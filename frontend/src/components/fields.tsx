import type { ComponentChildren, InputHTMLAttributes, JSX, TextareaHTMLAttributes } from 'preact';
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

/** A field's frame: its label, the control, then its hint and its problem. */
function Field({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: Common & { children: ComponentChildren }) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <Label id={id} label={label} optional={optional} />
      {children}
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

/** A field's own props apart from those of its frame. */
function splitFrame<P extends Common>({ id, label, hint, error, optional, ...rest }: P) {
  return [{ id, label, hint, error, optional }, rest] as const;
}

/** What ties a control to its frame: its name, and the hint and problem that describe it. */
function controlOf({ id, hint, error }: Common) {
  return {
    id,
    name: id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
  };
}

type Valued = { value: string; onValue: (value: string) => void };
type InputProps = Common &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'label' | 'onInput' | 'value'> &
  Valued;
type AreaProps = Common &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'label' | 'onInput' | 'value'> &
  Valued;

/** A one-line text field, or (`multiline`) a text area of five rows unless told otherwise. */
export function TextField(props: InputProps): JSX.Element;
export function TextField(props: AreaProps & { multiline: true }): JSX.Element;
export function TextField({
  value,
  onValue,
  multiline,
  ...props
}: (InputProps | AreaProps) & { multiline?: boolean }) {
  const [frame, rest] = splitFrame(props);
  const control = {
    ...controlOf(frame),
    value,
    onInput: (e: Event) => onValue((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value),
  };
  return (
    <Field {...frame}>
      {multiline ? (
        <textarea {...control} rows={5} {...(rest as TextareaHTMLAttributes<HTMLTextAreaElement>)} />
      ) : (
        <input {...control} {...(rest as InputHTMLAttributes<HTMLInputElement>)} />
      )}
    </Field>
  );
}

type SelectProps = Common &
  Valued & {
    children: ComponentChildren;
    required?: boolean;
    disabled?: boolean;
  };

export function SelectField({ value, onValue, children, ...props }: SelectProps) {
  const [frame, rest] = splitFrame(props);
  return (
    <Field {...frame}>
      <select {...controlOf(frame)} value={value} onChange={(e) => onValue(e.currentTarget.value)} {...rest}>
        {children}
      </select>
    </Field>
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
        {...controlOf({ id, label, hint, error })}
        checked={checked}
        onChange={(e) => onChecked(e.currentTarget.checked)}
      />
      <div>
        <label for={id}>{label}</label>
        <Help id={id} hint={hint} error={error} />
        {children}
      </div>
    </div>
  );
}
