/**
 * Json columns in and out. A document is written as Prisma's JSON input (`jsonInput`) and parsed on read
 * with its schema (`readJson`), so a shape that drifted (an old row, a hand edit) fails loudly with the
 * row named, instead of travelling through the code as a type it is not. The schemas live in
 * ./schemas.ts, one per column; `as unknown as` never appears in the source (json/no-double-casts.test.ts).
 */
import { type Prisma } from "@inboxwatch/db";
import { type z } from "zod";

export class StoredJsonError extends Error {
  constructor(what: string, issue: string) {
    super(`${what}: the stored JSON does not match its schema (${issue})`);
    this.name = "StoredJsonError";
  }
}

/** `value` parsed with `schema`; `what` names the column and row in the error ("AlertRule abc.definition"). */
export function readJson<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new StoredJsonError(what, first ? `${first.path.join(".") || "(root)"}: ${first.message}` : "invalid");
  }
  return parsed.data;
}

/**
 * A document for a Json column. Documents are built from zod outputs and engine results — plain objects of
 * strings, numbers, booleans, arrays and nested objects — which is what Prisma stores; `undefined` fields are
 * dropped by JSON serialisation as usual.
 */
export function jsonInput(value: object): Prisma.InputJsonObject {
  return value;
}
