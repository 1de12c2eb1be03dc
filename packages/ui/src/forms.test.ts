/** The zod-bound form: error mapping, server errors, and the fields' accessible markup. */
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { CheckboxField, NumberField, SelectField, TextareaField, TextField } from "./fields.tsx";
import { FormError } from "./form-error.tsx";
import { useZodForm } from "./use-zod-form.ts";
import { fieldErrors, serverErrors } from "./zod-errors.ts";

const schema = z.object({ name: z.string().min(1, "Name is required"), port: z.coerce.number().int().max(65535) });

describe("fieldErrors", () => {
  it("keeps the first message per top-level field", () => {
    const parsed = schema.safeParse({ name: "", port: "70000" });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(Object.keys(fieldErrors(parsed.error.issues))).toEqual(["name", "port"]);
    if (!parsed.success) expect(fieldErrors(parsed.error.issues).name).toBe("Name is required");
  });
});

describe("serverErrors", () => {
  it("reads tRPC's flattened zod error by field, and a plain message otherwise", () => {
    const err = Object.assign(new Error('[{"code":"too_big"}]'), {
      data: { zodError: { formErrors: [], fieldErrors: { value: ["must be between 0 and 100"] } } },
    });
    expect(serverErrors(err)).toEqual({ message: "Please correct these fields:", fields: { value: "must be between 0 and 100" } });
    expect(serverErrors(new Error("Name taken"))).toEqual({ message: "Name taken", fields: {} });
    // The issue list in the message keeps the nested path: the field is named by its own key.
    const nested = Object.assign(new Error(JSON.stringify([{ code: "too_big", path: ["condition", "value"], message: "must be ≤ 100" }])), {
      data: { zodError: { formErrors: [], fieldErrors: { condition: ["must be ≤ 100"] } } },
    });
    expect(serverErrors(nested)).toEqual({ message: "Please correct these fields:", fields: { value: "must be ≤ 100" } });
    expect(serverErrors(null).message).toBeNull();
  });

  it("renders in FormError as an alert with the field list", () => {
    const err = Object.assign(new Error("x"), { data: { zodError: { formErrors: [], fieldErrors: { value: ["too big"] } } } });
    const html = renderToStaticMarkup(h(FormError, { error: err }));
    expect(html).toContain('role="alert"');
    expect(html).toContain("value: too big");
    expect(renderToStaticMarkup(h(FormError, { error: null }))).toBe("");
  });
});

describe("field components", () => {
  const noop = () => undefined;

  it("marks an invalid control and points it at its error", () => {
    const html = renderToStaticMarkup(h(TextField, { label: "Name", name: "name", value: "", onChange: noop, error: "Name is required" }));
    expect(html).toContain('<label for="name"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="name-error"');
    expect(html).toContain('id="name-error"');
  });

  it("points a valid control at its hint, and leaves aria-invalid off", () => {
    const html = renderToStaticMarkup(h(NumberField, { label: "Port", name: "port", value: "25", onChange: noop, hint: "1–65535" }));
    expect(html).toContain('type="number"');
    expect(html).toContain('aria-describedby="port-hint"');
    expect(html).not.toContain("aria-invalid");
  });

  it("renders select options, a textarea and a checkbox with their labels", () => {
    const select = renderToStaticMarkup(
      h(SelectField, { label: "Role", name: "role", value: "VIEWER", onChange: noop, options: [{ value: "VIEWER", label: "Viewer" }] }),
    );
    expect(select).toMatch(/<option value="VIEWER" selected="">Viewer<\/option>/);
    expect(renderToStaticMarkup(h(TextareaField, { label: "Note", name: "note", value: "hi", onChange: noop }))).toContain(
      ">hi</textarea>",
    );
    const box = renderToStaticMarkup(h(CheckboxField, { label: "Enabled", name: "on", value: true, onChange: noop, error: "No" }));
    expect(box).toContain('checked=""');
    expect(box).toContain('aria-describedby="on-error"');
  });
});

describe("useZodForm", () => {
  it("starts with no error shown although the initial values are invalid (nothing touched yet)", () => {
    let snapshot: { errors: object; isValid: boolean } | null = null;
    function Probe() {
      const form = useZodForm(schema, { name: "", port: "25" });
      snapshot = { errors: form.errors, isValid: form.isValid };
      return h(TextField, { label: "Name", ...form.field("name") });
    }
    const html = renderToStaticMarkup(h(Probe));
    expect(snapshot).toEqual({ errors: {}, isValid: false });
    expect(html).not.toContain("aria-invalid");
  });
});
