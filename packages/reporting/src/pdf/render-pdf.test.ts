import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { type AddressInfo } from "node:net";

import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderReportHtml } from "../render/document.tsx";
import { sampleFigures } from "../testing/sample-figures.ts";
import {
  ChromiumMissingError,
  PdfRenderTimeoutError,
  chromiumPath,
  createPdfRenderer,
  pdfHeaderTemplate,
  type PdfRenderer,
} from "./render-pdf.ts";

/** The text of every page, in order, as pdf.js extracts it (what a search or a screen reader sees). */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await doc.destroy();
  return pages;
}

/** Chromium processes this test process started (the renderer's browser): their pids, to kill one by id. */
function ownChromiumPids(): number[] {
  let out = "";
  try {
    out = execFileSync("pgrep", ["-P", String(process.pid)], { encoding: "utf8" });
  } catch {
    return [];
  }
  return out
    .split("\n")
    .filter(Boolean)
    .map(Number)
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("chrom");
      } catch {
        return false;
      }
    });
}

describe("createPdfRenderer (real Chromium)", () => {
  const blocked: string[] = [];
  let renderer: PdfRenderer;
  const figures = sampleFigures();

  beforeAll(() => {
    if (!fs.existsSync(chromiumPath())) throw new Error(`these tests need Chromium at ${chromiumPath()} (apt-get install -y chromium)`);
    renderer = createPdfRenderer({ onBlockedRequest: (url) => blocked.push(url) });
  });
  afterAll(async () => {
    await renderer.close();
  });

  it("prints the report on A4 with the headline figures, a header and page numbers", async () => {
    const pdf = await renderer.render(renderReportHtml(figures, { audience: "ops" }), { title: figures.title, orgName: figures.org.name });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const all = pages.join("\n");
    for (const k of figures.headline) expect(all).toContain(k.display);
    expect(all).toContain("Microsoft deferrals rose 4.1× after IP 203.0.113.7");
    expect(all).toContain("mx-out-1.northwind.example");
    expect(pages[0]).toContain("Page 1 of");
    expect(pages[0]).toContain(`Page 1 of ${pages.length}`);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(pages[1]).toContain("Northwind Outfitters");
    // The operations appendix starts on a page of its own.
    expect(pages.findIndex((p) => p.includes("Technical appendix"))).toBeGreaterThan(0);
  });

  it("blocks every request of the page that is not a data: URL", async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.end("beacon");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const base = `http://127.0.0.1:${port}`;
    try {
      const html = `<!DOCTYPE html><html><head><link rel="stylesheet" href="${base}/style.css"><style>body{background:url(${base}/bg.png)}</style></head>
        <body><h1>Report 42.0 %</h1><img src="${base}/beacon"><iframe src="${base}/frame"></iframe>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <script>fetch("${base}/script-fetch")</script></body></html>`;
      const pdf = await renderer.render(html, { title: "t", orgName: "o" });
      expect((await pdfPages(pdf)).join(" ")).toContain("Report 42.0 %");
      expect(hits).toBe(0);
      expect(blocked).toContain(`${base}/beacon`);
      expect(blocked).toContain(`${base}/style.css`);
      expect(blocked.some((u) => u.startsWith("data:"))).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("renders several reports at once through one browser", async () => {
    const html = renderReportHtml(figures);
    const pdfs = await Promise.all(
      [1, 2, 3].map((n) => renderer.render(html, { title: `${figures.title} ${n}`, orgName: figures.org.name })),
    );
    for (const pdf of pdfs) expect((await pdfPages(pdf))[0]).toContain("96.4 %");
    expect(ownChromiumPids()).toHaveLength(1);
  });

  it("launches a new browser after the old one crashed", async () => {
    await renderer.render("<p>warm</p>", { title: "t", orgName: "o" });
    const [pid] = ownChromiumPids();
    expect(pid).toBeDefined();
    process.kill(pid!, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pdf = await renderer.render("<p>after the crash 7.5 %</p>", { title: "t", orgName: "o" });
    expect((await pdfPages(pdf))[0]).toContain("after the crash 7.5 %");
    expect(ownChromiumPids()).not.toContain(pid);
  });

  it("gives up after its timeout", async () => {
    const slow = createPdfRenderer({ timeoutMs: 1 });
    try {
      await expect(slow.render("<p>x</p>", { title: "t", orgName: "o" })).rejects.toBeInstanceOf(PdfRenderTimeoutError);
    } finally {
      await slow.close();
    }
  });

  it("says how to install Chromium when it is missing", async () => {
    const missing = createPdfRenderer({ executablePath: "/nonexistent/chromium" });
    const err = await missing.render("<p>x</p>", { title: "t", orgName: "o" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChromiumMissingError);
    expect(String(err)).toContain("apt-get install -y chromium");
    await missing.close();
  });

  it("escapes the organization and title in the page header", () => {
    const header = pdfHeaderTemplate({ orgName: `<img src=x onerror=alert(1)>`, title: `"&"` });
    expect(header).not.toContain("<img");
    expect(header).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(header).toContain("&quot;&amp;&quot;");
  });
});
