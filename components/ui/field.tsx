import type { ReactNode } from 'react';
import type { FieldControl } from './use-zod-form';

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
      {control.error && (
        <p id={control.errorId} className="field-error">
          {control.error}
        </p>
      )}
    </div>
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
      {control.error && (
        <p id={control.errorId} className="field-error">
          {control.error}
        </p>
      )}
    </div>
  );
}
