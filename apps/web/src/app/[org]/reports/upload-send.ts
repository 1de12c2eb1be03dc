/** One report file's upload: its state in the list, and the request that sends it (XHR, for upload progress). */

export interface UploadItem {
  name: string;
  size: number;
  progress: number;
  state: "queued" | "uploading" | "stored" | "duplicate" | "failed";
  message?: string;
  /** Where the parsed report is (services reports/upload.ts says it in `summary.message`). */
  summary?: UploadSummary;
}

export interface UploadSummary {
  where: "list" | "raw";
  reportId: string | null;
  message: string;
  isInInventory: boolean;
}

/** Sends one file with upload progress; resolves with the HTTP status and the JSON reply. */
export function sendReportFile(
  file: File,
  slug: string,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/upload/reports");
    xhr.setRequestHeader("x-org-slug", slug);
    xhr.setRequestHeader("content-type", "application/octet-stream");
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
