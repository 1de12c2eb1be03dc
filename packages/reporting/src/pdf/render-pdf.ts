/**
 * Prints report HTML to PDF with the Chromium that Playwright already drives (Debian's `chromium`; no
 * browser download). One browser is shared by every render (launched on first use, relaunched when it
 * crashed), each render gets its own context and page, at most `maxConcurrentPages` at once, each under
 * a timeout. The page may fetch nothing: JavaScript is off and every request that is not a data: URL is
 * aborted, so a report (or a hostile string in it) can never reach the network or the organization's
 * internal hosts from the worker.
 */
import fs from "node:fs";

import { type Browser, type BrowserContext, chromium } from "playwright-core";

/** Where Debian's package puts it. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/** The binary to launch: the option (the apps pass CHROMIUM_PATH from their validated environment), else Debian's path. */
export function chromiumPath(explicit?: string): string {
  return explicit ?? DEFAULT_CHROMIUM_PATH;
}
/** One render (set content, lay out, print): a monthly report takes ~1 s; beyond this something is stuck. */
export const PDF_RENDER_TIMEOUT_MS = 30_000;
/** Pages printing at once: each costs ~50–100 MB in Chromium; two keep a 2-core worker responsive. */
export const PDF_MAX_CONCURRENT_PAGES = 2;
/** Chromium's cold start here is ~0.5 s; a launch still pending after this has failed. */
export const CHROMIUM_LAUNCH_TIMEOUT_MS = 30_000;
/**
 * The page is laid out for a ~900 px column (the web page); printing at 80 % fits that column on A4's
 * 182 mm text width, so the PDF shows the same layout, and the leadership page stays about one page.
 */
export const PDF_SCALE = 0.8;
/** Margins of the printed page: room for the header (organization, title) and the footer (page numbers). */
const PDF_MARGIN = { top: "18mm", bottom: "16mm", left: "14mm", right: "14mm" } as const;

/** Headless in a container as root, with no background traffic (updates, sync, QUIC probes). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  "--disable-extensions",
];

export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(
      `Chromium was not found at ${path}. Install it with "apt-get update && apt-get install -y chromium", or set CHROMIUM_PATH to its binary.`,
    );
    this.name = "ChromiumMissingError";
  }
}

export class PdfRenderTimeoutError extends Error {
  constructor(ms: number) {
    super(`rendering the PDF took longer than ${ms} ms`);
    this.name = "PdfRenderTimeoutError";
  }
}

export interface PdfRendererOptions {
  /** The Chromium binary; chromiumPath() when absent. */
  executablePath?: string;
  timeoutMs?: number;
  maxConcurrentPages?: number;
  /** Called with each request the page tried and was refused (logs; tests prove the block). */
  onBlockedRequest?: (url: string) => void;
}

export interface PdfRenderInput {
  /** The report's title, printed in every page's header. */
  title: string;
  orgName: string;
}

export interface PdfRenderer {
  render(html: string, input: PdfRenderInput): Promise<Buffer>;
  /** Closes the browser; renders after this are refused. */
  close(): Promise<void>;
}

/** The header and footer templates are HTML that Chromium renders apart from the page: escape what goes in. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const TEMPLATE_STYLE = `font-family:-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Liberation Sans',sans-serif;font-size:8px;color:#64748b;width:100%;padding:0 ${PDF_MARGIN.left};display:flex;justify-content:space-between;-webkit-print-color-adjust:exact`;

export function pdfHeaderTemplate(input: PdfRenderInput): string {
  return `<div style="${TEMPLATE_STYLE}"><span style="font-weight:600;color:#334155">${escapeHtml(input.orgName)}</span><span>${escapeHtml(input.title)}</span></div>`;
}

export function pdfFooterTemplate(): string {
  return `<div style="${TEMPLATE_STYLE}"><span>Inboxwatch</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/** A counting gate: at most `limit` holders, the rest wait in arrival order. */
function createGate(limit: number): { acquire(): Promise<void>; release(): void } {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire: () =>
      new Promise<void>((resolve) => {
        if (active < limit) {
          active++;
          resolve();
        } else waiting.push(resolve);
      }),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else active--;
    },
  };
}

export function createPdfRenderer(options: PdfRendererOptions = {}): PdfRenderer {
  const executablePath = chromiumPath(options.executablePath);
  const timeoutMs = options.timeoutMs ?? PDF_RENDER_TIMEOUT_MS;
  const gate = createGate(Math.max(1, options.maxConcurrentPages ?? PDF_MAX_CONCURRENT_PAGES));
  let launching: Promise<Browser> | null = null;
  let closed = false;

  function browser(): Promise<Browser> {
    if (closed) return Promise.reject(new Error("the PDF renderer is closed"));
    if (launching) return launching;
    const attempt = (async () => {
      if (!fs.existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
      const b = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: CHROMIUM_LAUNCH_TIMEOUT_MS });
      // A crashed or killed browser is forgotten, and the next render launches a new one.
      b.on("disconnected", () => {
        if (launching === attempt) launching = null;
      });
      return b;
    })();
    launching = attempt;
    attempt.catch(() => {
      if (launching === attempt) launching = null;
    });
    return attempt;
  }

  async function connectedBrowser(): Promise<Browser> {
    const b = await browser();
    if (b.isConnected()) return b;
    if (launching !== null && (await launching) === b) launching = null;
    return browser();
  }

  async function renderOnce(html: string, input: PdfRenderInput): Promise<Buffer> {
    let context: BrowserContext | null = null;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const work = (async () => {
      const b = await connectedBrowser();
      const created = await b.newContext({ javaScriptEnabled: false, serviceWorkers: "block", acceptDownloads: false });
      context = created;
      // The timeout fired while the browser was starting: the caller is gone, so is this context.
      if (finished) throw new PdfRenderTimeoutError(timeoutMs);
      await created.route("**/*", async (route) => {
        const url = route.request().url();
        if (url.startsWith("data:")) return route.continue();
        options.onBlockedRequest?.(url);
        return route.abort("blockedbyclient");
      });
      const page = await created.newPage();
      page.setDefaultTimeout(timeoutMs);
      await page.setContent(html, { waitUntil: "load", timeout: timeoutMs });
      return page.pdf({
        format: "A4",
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: pdfHeaderTemplate(input),
        footerTemplate: pdfFooterTemplate(),
        margin: PDF_MARGIN,
        scale: PDF_SCALE,
      });
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PdfRenderTimeoutError(timeoutMs)), timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      finished = true;
      clearTimeout(timer);
      // Closing the context ends a render that timed out too; its own rejection is then moot.
      work.catch(() => undefined);
      const ctx = context as BrowserContext | null;
      await ctx?.close().catch(() => undefined);
    }
  }

  return {
    async render(html, input) {
      await gate.acquire();
      try {
        return await renderOnce(html, input);
      } finally {
        gate.release();
      }
    },
    async close() {
      closed = true;
      const pending = launching;
      launching = null;
      if (pending) await (await pending.catch(() => null))?.close();
    },
  };
}
