import { Button, FormError } from "@inboxwatch/ui";

/** The end of an edit form: the failed save's message, then the submit button (none when the viewer may not write). */
export function FormFooter({
  error,
  pending,
  submitLabel,
  readOnly,
}: {
  error: unknown;
  pending: boolean;
  submitLabel: string;
  readOnly?: boolean;
}) {
  return (
    <>
      <FormError error={error} />
      {!readOnly ? (
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      ) : null}
    </>
  );
}
