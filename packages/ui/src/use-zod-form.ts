"use client";

import { useCallback, useMemo, useState, type FormEvent } from "react";

import { fieldErrors, type FormSchema } from "./zod-errors.ts";

/** What a field component takes from the form: `<TextField label="Name" {...form.field("name")} />`. */
export interface FieldBinding<V> {
  name: string;
  value: V;
  error: string | undefined;
  onChange: (value: V) => void;
  onBlur: () => void;
}

/**
 * Form state checked against a zod schema on every change: `errors` holds the schema's first message per
 * field, shown once the field was left (touched) or a submit was tried. `handleSubmit` parses, calls
 * `onValid` with the parsed data, or focuses the first invalid field in the form's order.
 */
export function useZodForm<V extends object, Out>(schema: FormSchema<Out>, initial: V) {
  const [values, setValues] = useState<V>(initial);
  const [touched, setTouched] = useState<Partial<Record<keyof V, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const parsed = useMemo(() => schema.safeParse(values), [schema, values]);
  const allErrors = useMemo(() => (parsed.success ? {} : fieldErrors(parsed.error.issues)), [parsed]);

  const errors: Partial<Record<keyof V, string>> = {};
  for (const key of Object.keys(values) as (keyof V & string)[]) {
    if ((submitted || touched[key]) && allErrors[key]) errors[key] = allErrors[key];
  }

  const setField = useCallback(<K extends keyof V>(name: K, value: V[K]) => setValues((v) => ({ ...v, [name]: value })), []);
  const field = <K extends keyof V & string>(name: K): FieldBinding<V[K]> => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (value) => setField(name, value),
    onBlur: () => setTouched((t) => ({ ...t, [name]: true })),
  });

  const handleSubmit = (onValid: (data: Out) => void) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (parsed.success) return onValid(parsed.data);
    // The first invalid control in document order, not in the schema's order.
    const invalid = new Set(Object.keys(allErrors));
    for (const control of event.currentTarget.querySelectorAll<HTMLElement>("[name]")) {
      if (invalid.has(control.getAttribute("name") ?? "")) return control.focus();
    }
  };

  const reset = (next: V = initial) => {
    setValues(next);
    setTouched({});
    setSubmitted(false);
  };

  return { values, setValues, setField, field, errors, touched, isValid: parsed.success, handleSubmit, reset };
}
