// `inboxwatch report` against an HTTP server answering like the report endpoints: the PDF bytes written
// unchanged to stdout or --output, the period and filters in the query, --org checked against the key's
// organization, the server's refusal printed with exit 1, usage errors with exit 2.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { main } from "../main.ts";
import { captureIo } from "../testing.ts";

const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.from([0, 1, 2, 255, 254, 10]), Buffer.from("%%EOF\n")]);
let server: http.Server;
let env: Record<string, string>;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (req.url === "/api/v1/organization") return json(200, { slug: "acme" });
    if (req.url?.startsWith("/api/v1/report-render?period=2026-13"))
      return json(400, { error: { code: "VALIDATION", message: '"2026-13" is not a period' } });
    if (req.url?.startsWith("/api/v1/report-render")) return res.writeHead(200, { "content-type": "application/pdf" }).end(PDF);
    if (req.url === "/api/v1/report-definitions")
      return json(200, {
        items: [
          { id: "d1", name: "Weekly", cadence: "weekly", audience: "leadership", enabled: true, nextRunAt: "2026-12-14T07:00:00.000Z" },
        ],
      });
    if (req.url === "/api/v1/report-definitions/d1/send" && req.method === "POST") return json(202, { editionId: "e9" });
    return json(404, { error: { code: "NOT_FOUND", message: "Report not found" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  env = { INBOXWATCH_API_KEY: "iw_test", INBOXWATCH_API_URL: `http://127.0.0.1:${address.port}` };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("inboxwatch report render", () => {
  it("writes the PDF bytes unchanged to standard output, with the period, format and filters in the query", async () => {
    const io = captureIo(env);
    expect(await main(["report", "render", "--period", "2026-11", "--domain", "a.test", "--campaign", "black friday"], io)).toBe(0);
    expect(io.stdoutBytes.equals(PDF)).toBe(true);
    expect(seen.at(-1)).toBe("GET /api/v1/report-render?period=2026-11&format=pdf&audience=leadership&domain=a.test&campaign=black+friday");
  });

  it("writes to --output and checks --org against the key's organization", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-report-")), "r.pdf");
    const io = captureIo(env);
    expect(await main(["report", "render", "--org", "acme", "--period", "2026-W48", "--output", file], io)).toBe(0);
    expect(fs.readFileSync(file).equals(PDF)).toBe(true);
    const wrong = captureIo(env);
    expect(await main(["report", "render", "--org", "other", "--period", "2026-11"], wrong)).toBe(1);
    expect(wrong.stderr).toContain('belongs to organization "acme", not "other"');
    expect(wrong.stdoutBytes.length).toBe(0);
  });

  it("prints the server's refusal and exits 1; bad arguments exit 2 before any call", async () => {
    const io = captureIo(env);
    expect(await main(["report", "render", "--period", "2026-13"], io)).toBe(1);
    expect(io.stderr).toContain('400: "2026-13" is not a period');
    const before = seen.length;
    expect(await main(["report", "render", "--period", "november"], captureIo(env))).toBe(2);
    expect(await main(["report", "render", "--period", "2026-11", "--format", "docx"], captureIo(env))).toBe(2);
    expect(seen.length).toBe(before);
  });
});

describe("inboxwatch report list and send", () => {
  it("lists the definitions with their next send and sends one now", async () => {
    const listed = captureIo(env);
    expect(await main(["report", "list"], listed)).toBe(0);
    expect(listed.stdout).toContain("d1  Weekly  (weekly, leadership)  next: 2026-12-14T07:00:00.000Z");
    const sent = captureIo(env);
    expect(await main(["report", "send", "d1"], sent)).toBe(0);
    expect(sent.stdout).toContain("edition e9");
    const missing = captureIo(env);
    expect(await main(["report", "send", "nope"], missing)).toBe(1);
    expect(missing.stderr).toContain("404: Report not found");
  });
});
