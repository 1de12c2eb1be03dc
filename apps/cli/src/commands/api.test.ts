import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { main } from "../main.ts";
import { captureIo } from "../testing.ts";

let server: http.Server;
let url: string;
const seen: { auth?: string; path?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ auth: req.headers.authorization, path: req.url });
    if (req.headers.authorization !== "Bearer iw_test_key") {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end('{"error":{"code":"UNAUTHORIZED","message":"Invalid or revoked API key"}}');
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end('{"slug":"demo"}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("inboxwatch api", () => {
  it("calls /api/v1/<path> with the key as a bearer token and prints the JSON", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: "iw_test_key", INBOXWATCH_API_URL: url });
    expect(await main(["api", "organization"], io)).toBe(0);
    expect(seen.at(-1)).toEqual({ auth: "Bearer iw_test_key", path: "/api/v1/organization" });
    expect(io.stdout).toContain('"slug": "demo"');
  });

  it("exits 1 and shows the server's error for a refused key", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: "iw_wrong", INBOXWATCH_API_URL: url });
    expect(await main(["api", "/organization", "--json"], io)).toBe(1);
    expect(io.stdout).toContain("Invalid or revoked API key");
  });
});
