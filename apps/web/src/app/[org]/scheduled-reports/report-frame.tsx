"use client";

import { LoadingRows, Notice } from "@inboxwatch/ui";

/**
 * The report document (the same HTML the PDF is printed from) in a sandboxed frame: its stylesheet and the
 * app's never mix, and nothing in it runs (sandbox="" allows no script, form or plug-in). The sandbox also
 * hides the document's height from this page, so the frame is tall and scrolls inside.
 */
export function ReportFrame({
  html,
  title,
  loading,
  error,
  loadingText = "Rendering the report…",
}: {
  html: string | undefined;
  title: string;
  loading?: boolean;
  error?: string | null;
  loadingText?: string;
}) {
  if (error) return <Notice title="The report could not be shown">{error}</Notice>;
  if (loading || html === undefined)
    return (
      <div className="rounded-xl border border-slate-200 bg-white p-6">
        <p className="mb-4 text-sm text-slate-500" role="status">
          {loadingText}
        </p>
        <LoadingRows rows={8} />
      </div>
    );
  return (
    <iframe
      sandbox=""
      srcDoc={html}
      title={title}
      className="block h-[1400px] max-h-[85vh] min-h-[640px] w-full rounded-xl border border-slate-200 bg-white shadow-sm"
    />
  );
}
