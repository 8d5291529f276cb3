import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import type { FieldControl } from './use-zod-form';

/** The field's error message, pointed at by its input's aria-describedby. */
export function FieldError({ control }: { control: FieldControl }) {
  if (!control.error) return null;
  return (
    <p id={control.errorId} className="field-error">
      {control.error}
    </p>
  );
}

/** A labelled input with its error message below; the input spreads `control.input`. */
export function Field({
  label,
  control,
  hint,
  wide,
  children,
}: {
  label: ReactNode;
  control: FieldControl;
  hint?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <label htmlFor={control.id}>{label}</label>
      {children}
      {hint && <p className="hint muted">{hint}</p>}
      <FieldError control={control} />
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'value' | 'onChange'>;

/** A `Field` around a text input (autocomplete off unless asked): the common case of a form. */
export function TextField({
  label,
  control,
  hint,
  wide,
  value,
  onChange,
  ...input
}: {
  label: ReactNode;
  control: FieldControl;
  hint?: ReactNode;
  wide?: boolean;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
} & InputProps) {
  return (
    <Field label={label} control={control} hint={hint} wide={wide}>
      <input autoComplete="off" {...input} {...control.input} value={value} onChange={onChange} />
    </Field>
  );
}

/** A checkbox with its label to the right, and its error below. */
export function CheckboxField({
  label,
  control,
  checked,
  onChange,
  hint,
}: {
  label: ReactNode;
  control: FieldControl;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}) {
  return (
    <div className="field">
      <label className="check" htmlFor={control.id}>
        <input type="checkbox" {...control.input} checked={checked} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      {hint && <p className="hint muted">{hint}</p>}
      <FieldError control={control} />
    </div>
  );
}

/** A control of its own (no zod form): a name field, an error from the server. */
export function useFieldControl(name: string, error: string | undefined): FieldControl {
  const id = useId();
  const errorId = `${id}-error`;
  return { id, errorId, error, input: { id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : undefined } };
}

/** A labelled filter control in a toolbar; `children` gets the id for its input. */
export function FilterField({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** A toolbar's search box. */
export function SearchField({ label, value, onChange, placeholder }: { label: string; value: string; onChange: (value: string) => void; placeholder?: string }) {
  return <FilterField label={label}>{(id) => <input id={id} type="search" placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />}</FilterField>;
}

/** A toolbar's choice: the options as value and label. */
export function SelectField({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <FilterField label={label}>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FilterField>
  );
}
