/** One report file's upload: its state in the list, and the request that sends it (XHR, for upload progress). */
import { uploadFile } from "~/components/upload-file";

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

/** Sends one report file with upload progress. */
export function sendReportFile(
  file: File,
  slug: string,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: unknown }> {
  return uploadFile(file, { url: "/api/upload/reports", slug, contentType: "application/octet-stream" }, onProgress);
}
