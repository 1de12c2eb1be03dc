import { describe, expect, it } from "vitest";

import { main } from "./main.ts";
import { captureIo } from "./testing.ts";

describe("inboxwatch CLI", () => {
  it("lists every command in --help", async () => {
    const io = captureIo();
    expect(await main(["--help"], io)).toBe(0);
    expect(io.stdout).toContain("version");
    expect(io.stdout).toContain("api");
  });

  it("prints the version", async () => {
    const io = captureIo();
    expect(await main(["version", "--json"], io)).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({ version: "0.1.0" });
  });

  it("rejects an unknown command with exit code 2", async () => {
    const io = captureIo();
    expect(await main(["nope"], io)).toBe(2);
    expect(io.stderr).toContain("Unknown command: nope");
  });

  it("api refuses to run without an API key", async () => {
    const io = captureIo();
    expect(await main(["api", "/organization"], io)).toBe(2);
    expect(io.stderr).toContain("INBOXWATCH_API_KEY is not set");
  });
});
