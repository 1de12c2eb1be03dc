"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { type ImportKind } from "@inboxwatch/services/analytics-import-format";
import { Button, Card, CardBody, CardHeader, Notice, SelectField } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

import { ImportErrors } from "./import-errors";
import { sendImportFile, uploadErrorMessage } from "./upload-import";

/** Polls an import while it waits for the worker or runs. */
const POLL_MS = 1_500;

type Phase =
  { state: "idle" } | { state: "uploading"; fraction: number } | { state: "refused"; message: string } | { state: "queued"; id: string };

/** Kind + file, the upload's progress, then the import's status and rows read until it is done. */
export function UploadCard({ onUploaded }: { onUploaded: (id: string) => void }) {
  const org = useOrg();
  const trpc = useTRPC();
  const [kind, setKind] = useState<ImportKind>("conversions");
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ state: "idle" });
  const queuedId = phase.state === "queued" ? phase.id : "";
  const current = useQuery({
    ...trpc.analytics.imports.get.queryOptions({ id: queuedId }),
    enabled: phase.state === "queued",
    refetchInterval: (q) => (q.state.data && (q.state.data.status === "IMPORTED" || q.state.data.status === "FAILED") ? false : POLL_MS),
  });

  async function upload() {
    if (!file) return;
    setPhase({ state: "uploading", fraction: 0 });
    try {
      const reply = await sendImportFile(file, { slug: org.slug, kind }, (fraction) => setPhase({ state: "uploading", fraction }));
      const id = (reply.body as { id?: unknown } | null)?.id;
      if (reply.status !== 202 || typeof id !== "string") {
        setPhase({ state: "refused", message: uploadErrorMessage(reply.status, reply.body) });
        return;
      }
      setPhase({ state: "queued", id });
      onUploaded(id);
    } catch {
      setPhase({ state: "refused", message: "The upload was interrupted (network error); nothing was imported. Try again." });
    }
  }

  const busy =
    phase.state === "uploading" ||
    (phase.state === "queued" && (!current.data || current.data.status === "PENDING" || current.data.status === "RUNNING"));
  const done = current.data;
  return (
    <Card>
      <CardHeader
        title="Upload a CSV"
        description="Header row required (names as in the template, any case). Up to 200 MB; the worker checks every line first."
      />
      <CardBody className="space-y-4">
        <form
          className="flex flex-wrap items-end gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            void upload();
          }}
        >
          <SelectField
            label="Kind"
            name="kind"
            value={kind}
            onChange={(v) => setKind(v as ImportKind)}
            options={[
              { value: "conversions", label: "Conversions" },
              { value: "metadata", label: "Message metadata" },
            ]}
          />
          <div>
            <label htmlFor="import-file" className="mb-1 block text-sm font-medium text-slate-700">
              File
            </label>
            <input
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              className="block text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <Button type="submit" disabled={!file || busy} loading={busy}>
            Upload and import
          </Button>
        </form>
        {phase.state === "uploading" ? (
          <div aria-live="polite" className="text-sm text-slate-600">
            Uploading… {Math.round(phase.fraction * 100)} %
            <div className="mt-1 h-2 w-full max-w-md overflow-hidden rounded bg-slate-100">
              <div className="h-2 bg-brand-600" style={{ width: `${Math.round(phase.fraction * 100)}%` }} />
            </div>
          </div>
        ) : null}
        {phase.state === "refused" ? <Notice title="The file was not accepted">{phase.message}</Notice> : null}
        {phase.state === "queued" && current.error ? (
          <Notice title="The import's status could not be read">{errorMessage(current.error)}</Notice>
        ) : null}
        {phase.state === "queued" && done ? (
          done.status === "IMPORTED" ? (
            <Notice tone="green" title="Imported">
              {done.rowsImported.toLocaleString("en-US")} rows of {done.fileName}. The cohort and experiment views refresh within a few
              minutes.
            </Notice>
          ) : done.status === "FAILED" ? (
            <ImportErrors row={done} />
          ) : (
            <p aria-live="polite" className="text-sm text-slate-600">
              {done.status === "PENDING"
                ? "Uploaded; waiting for the worker…"
                : done.rowsImported > 0
                  ? `Every line checked; writing… ${done.rowsImported.toLocaleString("en-US")} of ${done.rowsRead.toLocaleString("en-US")} rows`
                  : `Checking every line… ${done.rowsRead.toLocaleString("en-US")} rows read`}
            </p>
          )
        ) : null}
      </CardBody>
    </Card>
  );
}
