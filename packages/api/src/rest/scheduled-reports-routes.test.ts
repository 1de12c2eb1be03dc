/**
 * The scheduled-report HTTP surface through its route handlers with real API keys and real PostgreSQL:
 * definitions created and listed per organization (a foreign id 404, reports.write needed to write), the
 * archive as JSON and PDF, an ad hoc render of a past month as JSON, HTML and a real Chromium PDF, the
 * public share page (CSP, no login; tampered or revoked: the same 404), and the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { sampleFigures } from "@inboxwatch/reporting/sample-figures";
import { type OrgContext } from "@inboxwatch/services";
import { createApiKey } from "@inboxwatch/services/apikey";
import { createShare, revokeShare } from "@inboxwatch/services/scheduled-reports";

import { openApiDocument } from "./openapi.ts";
import { closeRestPdfRenderer, sharedReportRoutes } from "./scheduled-reports.ts";
import { testHttpDeps, testRestRoutes } from "./testing.ts";

let t: TestDatabase;
let ctxA: OrgContext;
let keys: { read: string; write: string; b: string };
let editionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "Rest reports A", slug: "rest-reports-a" } });
  const b = await t.db.organization.create({ data: { name: "Rest reports B", slug: "rest-reports-b" } });
  ctxA = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  const ctxB: OrgContext = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  keys = {
    read: (await createApiKey(ctxA, { name: "read", scopes: ["reports.read"] })).key,
    write: (await createApiKey(ctxA, { name: "write", scopes: ["reports.read", "reports.write"] })).key,
    b: (await createApiKey(ctxB, { name: "b", scopes: ["reports.read", "reports.write"] })).key,
  };
  editionId = (
    await t.db.reportEdition.create({
      data: {
        orgId: a.id,
        runKey: "2026-11",
        title: "Monthly deliverability report · November 2026",
        cadence: "monthly",
        audience: "leadership",
        periodFrom: new Date("2026-11-01T00:00:00Z"),
        periodTo: new Date("2026-12-01T00:00:00Z"),
        status: "ready",
        figures: JSON.parse(JSON.stringify(sampleFigures())) as object,
        pdf: Buffer.from("%PDF-1.7 archived"),
      },
    })
  ).id;
});
afterAll(async () => {
  await closeRestPdfRenderer();
  await t?.drop();
});

type Routes = ReturnType<typeof testRestRoutes>;
async function call(
  route: keyof Routes,
  key: string,
  init: { path?: string; method?: string; body?: unknown; params?: Record<string, string> } = {},
) {
  const routes = testRestRoutes(t.db);
  const req = new Request(`http://127.0.0.1/api/v1${init.path ?? "/x"}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, ...(init.body ? { "content-type": "application/json" } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const handler = routes[route] as (r: Request, p: { params: Promise<Record<string, string>> }) => Promise<Response>;
  return handler(req, { params: Promise.resolve(init.params ?? {}) });
}

describe("REST report definitions", () => {
  it("creates, lists, changes and sends a definition with reports.write; a foreign key sees none of it", async () => {
    const created = await call("createReportDefinition", keys.write, {
      method: "POST",
      body: { name: "Weekly for the board", cadence: "weekly", weekday: 1, audience: "leadership", recipientEmails: ["board@a.test"] },
    });
    expect(created.status).toBe(201);
    const def = (await created.json()) as { id: string; nextRunAt: string };
    expect(def.nextRunAt).toMatch(/T08:00:00.000Z$/);
    const listed = (await (await call("listReportDefinitions", keys.read)).json()) as { items: { id: string }[] };
    expect(listed.items.map((d) => d.id)).toEqual([def.id]);
    const patched = await call("updateReportDefinition", keys.write, { method: "PATCH", body: { sendHour: 6 }, params: { id: def.id } });
    expect(((await patched.json()) as { nextRunAt: string }).nextRunAt).toMatch(/T06:00:00.000Z$/);
    const sent = await call("sendReportNow", keys.write, { method: "POST", params: { id: def.id } });
    expect(sent.status).toBe(202);
    expect(await sent.json()).toMatchObject({ editionId: expect.any(String) as string });

    expect((await call("getReportDefinition", keys.b, { params: { id: def.id } })).status).toBe(404);
    expect((await call("deleteReportDefinition", keys.b, { method: "DELETE", params: { id: def.id } })).status).toBe(404);
    expect(((await (await call("listReportDefinitions", keys.b)).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await call("createReportDefinition", keys.read, { method: "POST", body: {} })).status).toBe(403);
    const invalid = await call("createReportDefinition", keys.write, {
      method: "POST",
      body: { name: "x", cadence: "weekly", audience: "ops", recipientEmails: ["a@a.test"] },
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain("weekday");
  });
});

describe("REST archive and renders", () => {
  it("gives an archived report's frozen figures and its PDF; another organization gets 404", async () => {
    const res = await call("getReportEdition", keys.read, { params: { id: editionId } });
    const body = (await res.json()) as { status: string; figures: { org: { name: string } } };
    expect(body.status).toBe("ready");
    expect(body.figures.org.name).toBe(sampleFigures().org.name);
    const pdf = await call("getReportEditionPdf", keys.read, { params: { id: editionId } });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).toString()).toBe("%PDF-1.7 archived");
    expect((await call("getReportEdition", keys.b, { params: { id: editionId } })).status).toBe(404);
    expect((await call("getReportEditionPdf", keys.b, { params: { id: editionId } })).status).toBe(404);
    const list = (await (await call("listReportEditions", keys.read, { path: "/report-editions?limit=10" })).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((e) => e.id)).toContain(editionId);
  });

  it("renders a past month as figures, as the HTML page and as a PDF printed by Chromium", async () => {
    const json = (await (await call("renderReport", keys.read, { path: "/report-render?period=2026-11" })).json()) as {
      period: { label: string };
    };
    expect(json.period.label).toBe("November 2026");
    const html = await call("renderReport", keys.read, { path: "/report-render?period=2026-11&format=html&audience=ops" });
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(html.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await html.text()).toContain("November 2026");
    const pdf = await call("renderReport", keys.read, { path: "/report-render?period=2026-11&format=pdf" });
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const bad = await call("renderReport", keys.read, { path: "/report-render?period=2026-13" });
    expect(bad.status).toBe(400);
  }, 60_000);
});

describe("public share pages", () => {
  it("show a shared report without login, with a strict CSP, and the same 404 once revoked or tampered", async () => {
    const share = await createShare(ctxA, { editionId, expiresInDays: 7 });
    const token = share.url.split("/").at(-1) ?? "";
    const routes = sharedReportRoutes(testHttpDeps(t.db));
    const open = (tk: string) =>
      routes.page(new Request(`http://127.0.0.1/share/reports/${tk}`), { params: Promise.resolve({ token: tk }) });
    const ok = await open(token);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(ok.headers.get("x-robots-tag")).toContain("noindex");
    expect(await ok.text()).toContain(sampleFigures().org.name);
    const pdf = await routes.pdf(new Request(`http://127.0.0.1/share/reports/${token}/pdf`), { params: Promise.resolve({ token }) });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");

    const tampered = await open(`${token.slice(0, -2)}xx`);
    expect(tampered.status).toBe(404);
    await revokeShare(ctxA, { id: share.id });
    const revoked = await open(token);
    expect(revoked.status).toBe(404);
    expect(await revoked.text()).toBe(await tampered.text());
  });
});

describe("OpenAPI", () => {
  it("documents the report endpoints", () => {
    const doc = openApiDocument("http://127.0.0.1");
    expect(doc.paths["/report-definitions"]?.post).toMatchObject({ operationId: "createReportDefinition" });
    expect(doc.paths["/report-definitions/{id}/send"]?.post).toMatchObject({ operationId: "sendReportNow" });
    expect(doc.paths["/report-editions/{id}/pdf"]?.get).toMatchObject({ operationId: "getReportEditionPdf" });
    expect(doc.paths["/report-render"]?.get).toMatchObject({ operationId: "renderReport" });
  });
});
