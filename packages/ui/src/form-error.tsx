import { Notice } from "./feedback.tsx";
import { serverErrors } from "./zod-errors.ts";

/**
 * A failed mutation's message above the submit button, with the server's per-field messages listed
 * (zod issues the client did not catch: a uniqueness rule, a bound only the server knows).
 */
export function FormError({ error, className }: { error: unknown; className?: string }) {
  const { message, fields } = serverErrors(error);
  if (!message) return null;
  const entries = Object.entries(fields);
  return (
    <div className={className}>
      <Notice>
        {message}
        {entries.length ? (
          <ul className="mt-1 list-disc pl-5">
            {entries.map(([field, text]) => (
              <li key={field}>
                {field ? `${field}: ` : ""}
                {text}
              </li>
            ))}
          </ul>
        ) : null}
      </Notice>
    </div>
  );
}
