/** Sends one import CSV to the session upload route (XHR, for upload progress); resolves with the status and the JSON reply. */
export function sendImportFile(
  file: File,
  input: { slug: string; kind: "metadata" | "conversions" },
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ kind: input.kind, file_name: file.name });
    xhr.open("POST", `/api/upload/analytics-imports?${query.toString()}`);
    xhr.setRequestHeader("x-org-slug", input.slug);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("network error"));
    xhr.send(file);
  });
}

/** The error message of a refused upload ({ error: { message } }), or a generic one. */
export function uploadErrorMessage(status: number, body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === "string" ? message : `The upload failed (HTTP ${status})`;
}
