import { uploadFile } from "~/components/upload-file";

/** Sends one import CSV to the session upload route, with upload progress. */
export function sendImportFile(
  file: File,
  input: { slug: string; kind: "metadata" | "conversions" },
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: unknown }> {
  const query = new URLSearchParams({ kind: input.kind, file_name: file.name });
  return uploadFile(
    file,
    { url: `/api/upload/analytics-imports?${query.toString()}`, slug: input.slug, contentType: "text/csv" },
    onProgress,
  );
}

/** The error message of a refused upload ({ error: { message } }), or a generic one. */
export function uploadErrorMessage(status: number, body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === "string" ? message : `The upload failed (HTTP ${status})`;
}
