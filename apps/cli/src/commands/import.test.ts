// `inboxwatch import` against an HTTP server speaking the import endpoints' replies: the file streamed as
// the body with its kind and name, the import polled until done, errors printed by line, exit codes.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { main } from "../main.ts";
import { captureIo } from "../testing.ts";

let server: http.Server;
let url: string;
let dir: string;
const received: { path: string; body: string }[] = [];
let polls = 0;

const base = { fileName: "orders.csv", rowsRead: 0, rowsImported: 0, errors: [], moreErrors: 0 };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-import-"));
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body });
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (req.method === "POST" && req.url?.startsWith("/api/v1/analytics/imports?kind=metadata"))
        return json(202, { ...base, id: "bad", status: "PENDING" });
      if (req.method === "POST") return json(202, { ...base, id: "good", status: "PENDING" });
      if (req.url === "/api/v1/analytics/imports/good")
        return json(
          200,
          polls++ < 1
            ? { ...base, id: "good", status: "RUNNING", rowsRead: 10_000 }
            : { ...base, id: "good", status: "IMPORTED", rowsRead: 2, rowsImported: 2 },
        );
      return json(200, {
        ...base,
        id: "bad",
        status: "FAILED",
        errors: [{ line: 3, column: "signup_date", message: '"2026-01-32" is not a date (YYYY-MM-DD)' }],
        moreErrors: 4,
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("inboxwatch import", () => {
  it("streams the file to /analytics/imports, waits for the worker and says how many rows were imported", async () => {
    const file = path.join(dir, "orders.csv");
    fs.writeFileSync(file, "external_id,recipient,occurred_at,value,currency\no-1,a@b.co,2026-12-07,1,EUR\n");
    const io = captureIo({ INBOXWATCH_API_KEY: "k", INBOXWATCH_API_URL: url });
    expect(await main(["import", "conversions", file], io)).toBe(0);
    expect(received[0]).toEqual({
      path: "/api/v1/analytics/imports?kind=conversions&file_name=orders.csv",
      body: fs.readFileSync(file, "utf8"),
    });
    expect(io.stderr).toContain("10,000 rows read");
    expect(io.stdout).toContain("Imported 2 rows from orders.csv");
  }, 10_000);

  it("prints a failed import's errors by line and exits 1", async () => {
    const file = path.join(dir, "m.csv");
    fs.writeFileSync(file, "message_id,signup_date\n");
    const io = captureIo({ INBOXWATCH_API_KEY: "k", INBOXWATCH_API_URL: url });
    expect(await main(["import", "metadata", file], io)).toBe(1);
    expect(io.stderr).toContain('line 3, signup_date: "2026-01-32" is not a date (YYYY-MM-DD)');
    expect(io.stderr).toContain("… and 4 more");
  }, 10_000);

  it("refuses an unknown kind as a usage error", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: "k", INBOXWATCH_API_URL: url });
    expect(await main(["import", "people", "x.csv"], io)).toBe(2);
  });
});
