/**
 * The part of a zod schema the form hook needs, written structurally so the kit does not depend on
 * zod itself: any zod 4 schema (z.object(...)) fits, and so would any validator with the same face.
 */
export interface FormIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}
export type SafeParseResult<Out> = { success: true; data: Out } | { success: false; error: { issues: readonly FormIssue[] } };
export interface FormSchema<Out> {
  safeParse(value: unknown): SafeParseResult<Out>;
}

/** The first message per top-level field ("" for issues about the whole form). */
export function fieldErrors(issues: readonly FormIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.length ? String(issue.path[0]) : "";
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * What to show for a failed mutation: the server's field errors (tRPC's errorFormatter puts zod's
 * `flattenError` on `data.zodError`) by field, and its message.
 */
export function serverErrors(error: unknown): { message: string | null; fields: Record<string, string> } {
  if (!error) return { message: null, fields: {} };
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "Something went wrong";
  const data: unknown = typeof error === "object" && "data" in error ? error.data : null;
  const zod: unknown = data && typeof data === "object" && "zodError" in data ? data.zodError : null;
  const fields: Record<string, string> = {};
  if (zod && typeof zod === "object" && "formErrors" in zod && Array.isArray(zod.formErrors) && typeof zod.formErrors[0] === "string")
    fields[""] = zod.formErrors[0];
  if (zod && typeof zod === "object" && "fieldErrors" in zod && zod.fieldErrors && typeof zod.fieldErrors === "object") {
    for (const [key, list] of Object.entries(zod.fieldErrors)) {
      if (Array.isArray(list) && typeof list[0] === "string") fields[key] = list[0];
    }
  }
  // tRPC's message for a rejected input is zod's issue list as JSON, with the full paths that the
  // flattened error cuts to the first key ("condition"): when it is there, nested fields are named by
  // their own key ("value") instead.
  const issues = issuesInMessage(message);
  if (issues.length) {
    for (const key of Object.keys(fields)) delete fields[key];
    for (const issue of issues) fields[issue.key] ??= issue.message;
  }
  // The message itself is that JSON: the fields say it better.
  return { message: Object.keys(fields).length ? "Please correct these fields:" : message, fields };
}

function issuesInMessage(message: string): { key: string; message: string }[] {
  if (!message.startsWith("[")) return [];
  try {
    const parsed: unknown = JSON.parse(message);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((issue: unknown) => {
      if (!issue || typeof issue !== "object" || !("message" in issue) || typeof issue.message !== "string") return [];
      const path = "path" in issue && Array.isArray(issue.path) ? issue.path : [];
      const last: unknown = path[path.length - 1];
      return [{ key: typeof last === "string" || typeof last === "number" ? String(last) : "", message: issue.message }];
    });
  } catch {
    return [];
  }
}
