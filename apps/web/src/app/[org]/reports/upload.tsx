"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";

import { Badge, Button } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { useTRPC } from "~/trpc/react";
import { sendReportFile, type UploadItem, type UploadSummary } from "./upload-send";

/** Drag and drop (or pick) many report files; each is uploaded in turn with its own progress. */
export function UploadReports() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<UploadItem[]>([]);
  const [over, setOver] = useState(false);

  async function upload(files: File[]) {
    const start = items.length;
    setItems((prev) => [...prev, ...files.map((f) => ({ name: f.name, size: f.size, progress: 0, state: "queued" as const }))]);
    const patch = (i: number, p: Partial<UploadItem>) => setItems((prev) => prev.map((it, j) => (j === start + i ? { ...it, ...p } : it)));
    for (const [i, file] of files.entries()) {
      patch(i, { state: "uploading" });
      try {
        const r = await sendReportFile(file, org.slug, (progress) => patch(i, { progress }));
        const body = r.body as { error?: { message?: string }; summary?: UploadSummary } | null;
        const done = { progress: 1, summary: body?.summary };
        patch(
          i,
          r.status === 202
            ? { state: "stored", ...done }
            : r.status === 200
              ? { state: "duplicate", ...done }
              : { state: "failed", message: body?.error?.message ?? `HTTP ${r.status}` },
        );
      } catch (err) {
        patch(i, { state: "failed", message: err instanceof Error ? err.message : "upload failed" });
      }
    }
    await queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() });
  }

  return (
    <div>
      <div
        role="button"
        tabIndex={0}
        onClick={() => input.current?.click()}
        onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void upload([...e.dataTransfer.files]);
        }}
        className={`flex cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed px-6 py-8 text-sm ${over ? "border-brand-500 bg-brand-50" : "border-slate-300 text-slate-500 hover:border-slate-400"}`}
      >
        <p className="font-medium text-slate-700">Drop report files here</p>
        <p>or click to choose (up to 25 MiB each)</p>
        <input
          ref={input}
          type="file"
          multiple
          className="hidden"
          onChange={(e) => {
            void upload([...(e.target.files ?? [])]);
            e.target.value = "";
          }}
        />
      </div>
      {items.length ? (
        <ul className="mt-3 space-y-3">
          {items.map((it, i) => (
            <UploadRow key={`${it.name}-${i}`} item={it} />
          ))}
        </ul>
      ) : null}
      {items.some((it) => it.state !== "queued" && it.state !== "uploading") ? (
        <div className="mt-2">
          <Button variant="secondary" size="sm" onClick={() => setItems([])}>
            Clear list
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** What the server stored and where it is: a link to the parsed report, or the raw archive. */
function UploadResult({ summary }: { summary: UploadSummary }) {
  const org = useOrg();
  const tone = summary.where === "raw" ? "text-red-700" : summary.isInInventory ? "text-slate-600" : "text-amber-700";
  return (
    <span className={`basis-full text-xs ${tone}`}>
      {summary.message}
      {summary.reportId ? (
        <Link className="ml-2 font-medium text-brand-700 hover:underline" href={org.href(`reports/${summary.reportId}`)}>
          Open
        </Link>
      ) : null}
    </span>
  );
}

const STATE_TONE = { stored: "green", duplicate: "slate", failed: "red", queued: "blue", uploading: "blue" } as const;

/** One file: its progress bar, its state, the server's error or what it stored. */
function UploadRow({ item: it }: { item: UploadItem }) {
  return (
    <li className="flex flex-wrap items-center gap-3 text-sm">
      <span className="w-48 shrink-0 truncate" title={it.name}>
        {it.name}
      </span>
      <span className="h-1.5 flex-1 rounded bg-slate-100">
        <span
          className={`block h-1.5 rounded ${it.state === "failed" ? "bg-red-500" : "bg-brand-600"}`}
          style={{ width: `${Math.round(it.progress * 100)}%` }}
        />
      </span>
      <Badge tone={STATE_TONE[it.state]}>{it.state === "duplicate" ? "already stored" : it.state}</Badge>
      {it.message ? <span className="text-xs text-red-700">{it.message}</span> : null}
      {it.summary ? <UploadResult summary={it.summary} /> : null}
    </li>
  );
}
