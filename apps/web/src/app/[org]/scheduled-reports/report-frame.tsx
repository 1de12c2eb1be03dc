"use client";

import { useState } from "react";

import { LoadingRows, Notice } from "@inboxwatch/ui";

/** Until the document has laid out (and if it cannot be measured): tall enough for the headline page. */
const FALLBACK_HEIGHT_PX = 1400;

/**
 * The report document (the same HTML the PDF is printed from) in a sandboxed frame, so its stylesheet and
 * the app's never mix. Nothing in it runs: the sandbox grants no script, form, popup or navigation of this
 * page but a click on one of its evidence links, which opens that page in the app's window (base target
 * _top). It keeps the page's origin (allow-same-origin) only so the page can read the document's height and
 * size the frame to it; without allow-scripts the document has no code to use that origin with.
 */
/** Links in the report open in the app's window, not inside the frame (unless the document sets its own base). */
export function withTopTarget(html: string): string {
  if (/<base\b/i.test(html)) return html;
  return html.replace(/<head(\s[^>]*)?>/i, (head) => `${head}<base target="_top">`);
}

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
  const [height, setHeight] = useState<number | null>(null);
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
      sandbox="allow-same-origin allow-top-navigation-by-user-activation"
      srcDoc={withTopTarget(html)}
      title={title}
      onLoad={(e) => {
        const doc = e.currentTarget.contentDocument;
        const measured = doc ? Math.max(doc.documentElement.scrollHeight, doc.body.scrollHeight) : 0;
        setHeight(measured > 0 ? measured + 2 : null);
      }}
      style={{ height: height ?? FALLBACK_HEIGHT_PX }}
      className="block w-full rounded-xl border border-slate-200 bg-white shadow-sm"
    />
  );
}
