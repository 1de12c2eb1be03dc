"use client";

import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

import { cn } from "./cn.ts";
import { Checkbox, Field, fieldDescribedBy, Input, Select } from "./form.tsx";

/**
 * Labelled controls with their inline error: `aria-invalid` when the error shows, `aria-describedby`
 * pointing at the error (or the hint). Each takes a `FieldBinding` from useZodForm, or the same props
 * by hand. The id defaults to the name, so `getByLabel` and `htmlFor` keep working.
 */
interface FieldProps<V> {
  label: ReactNode;
  name: string;
  value: V;
  /** Method syntax on purpose: a binding for a narrower value (a union of option values) still fits. */
  onChange(this: void, value: V): void;
  onBlur?: () => void;
  error?: string | null;
  hint?: ReactNode;
  id?: string;
  className?: string;
}

type Native<E> = Omit<E, "value" | "onChange" | "onBlur" | "name" | "id" | "className" | "defaultValue">;

function controlProps(id: string, error: string | null | undefined, hint: ReactNode) {
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": fieldDescribedBy(id, error, hint) };
}

export function TextField({
  label,
  name,
  value,
  onChange,
  onBlur,
  error,
  hint,
  id = name,
  className,
  ...rest
}: FieldProps<string> & Native<InputHTMLAttributes<HTMLInputElement>>) {
  return (
    <div className={className}>
      <Field label={label} htmlFor={id} hint={hint} error={error}>
        <Input
          {...rest}
          {...controlProps(id, error, hint)}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      </Field>
    </div>
  );
}

/** A number typed as text (the form keeps what was typed; the schema coerces and bounds it). */
export function NumberField(props: FieldProps<string> & Native<InputHTMLAttributes<HTMLInputElement>>) {
  return <TextField inputMode="decimal" {...props} type="number" />;
}

export function SelectField({
  label,
  name,
  value,
  onChange,
  onBlur,
  error,
  hint,
  id = name,
  className,
  options,
  children,
  ...rest
}: FieldProps<string> &
  Native<SelectHTMLAttributes<HTMLSelectElement>> & { options?: readonly { value: string; label: ReactNode }[]; children?: ReactNode }) {
  return (
    <div className={className}>
      <Field label={label} htmlFor={id} hint={hint} error={error}>
        <Select
          {...rest}
          {...controlProps(id, error, hint)}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        >
          {options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {children}
        </Select>
      </Field>
    </div>
  );
}

export function TextareaField({
  label,
  name,
  value,
  onChange,
  onBlur,
  error,
  hint,
  id = name,
  className,
  ...rest
}: FieldProps<string> & Native<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  return (
    <div className={className}>
      <Field label={label} htmlFor={id} hint={hint} error={error}>
        <textarea
          rows={4}
          {...rest}
          {...controlProps(id, error, hint)}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          className="block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 disabled:bg-slate-50 disabled:text-slate-500"
        />
      </Field>
    </div>
  );
}

export function CheckboxField({
  label,
  name,
  value,
  onChange,
  onBlur,
  error,
  hint,
  id = name,
  className,
  ...rest
}: FieldProps<boolean> & Native<InputHTMLAttributes<HTMLInputElement>>) {
  return (
    <div className={cn(className)}>
      <Checkbox
        {...rest}
        {...controlProps(id, error, null)}
        label={label}
        description={hint}
        name={name}
        checked={value}
        onChange={(e) => onChange(e.target.checked)}
        onBlur={onBlur}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
