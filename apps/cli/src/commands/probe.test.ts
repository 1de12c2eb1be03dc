import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";

import { main } from "../main.ts";
import { captureIo } from "../testing.ts";

// Cast: some workspace typings make NODE_ENV a required key of ProcessEnv.
const env = (vars: Record<string, string>): NodeJS.ProcessEnv => vars as NodeJS.ProcessEnv;
const LOOPBACK = env({ EGRESS_ALLOW: "127.0.0.0/8" });
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    name: "cli.test.example",
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("nobody@")) callback(Object.assign(new Error("No such user"), { responseCode: 550 }));
      else callback();
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  port = typeof address === "object" && address ? address.port : 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("inboxwatch probe", () => {
  it("prints outcome, phases, capabilities, TLS details and transcript for a loopback server", async () => {
    const io = captureIo(LOOPBACK);
    expect(await main(["probe", "127.0.0.1", "--port", String(port), "--helo", "cli.test"], io)).toBe(0);
    expect(io.stdout).toContain("Outcome: ok");
    for (const section of [
      "Phases:",
      "banner",
      "Capabilities (after TLS):",
      "STARTTLS",
      "TLS: TLSv1.3",
      "self-signed",
      "Transcript:",
      "C: EHLO cli.test",
    ]) {
      expect(io.stdout).toContain(section);
    }
  });

  it("prints the result object with --json", async () => {
    const io = captureIo(LOOPBACK);
    expect(await main(["probe", "127.0.0.1", "--port", String(port), "--json"], io)).toBe(0);
    const result = JSON.parse(io.stdout) as { outcome: { kind: string }; banner: { hostname: string }; tls: { via: string } };
    expect(result.outcome.kind).toBe("ok");
    expect(result.banner.hostname).toBe("cli.test.example");
    expect(result.tls.via).toBe("starttls");
  });

  it("applies the egress guard unless --allow-private is given", async () => {
    const blocked = captureIo(env({}));
    expect(await main(["probe", "127.0.0.1", "--port", String(port), "--json"], blocked)).toBe(1);
    expect((JSON.parse(blocked.stdout) as { outcome: { kind: string } }).outcome.kind).toBe("blocked_by_policy");
    const allowed = captureIo(env({}));
    expect(await main(["probe", "127.0.0.1", "--port", String(port), "--allow-private", "--plain"], allowed)).toBe(0);
  });

  it("exits 1 for a rejected recipient and shows the reply code", async () => {
    const io = captureIo(LOOPBACK);
    expect(await main(["probe", "127.0.0.1", "--port", String(port), "--rcpt", "nobody@cli.test"], io)).toBe(1);
    expect(io.stdout).toMatch(/Outcome: rejected in envelope \(550/);
  });

  it("does not send credentials over a self-signed certificate without --lab, and never prints them", async () => {
    const io = captureIo(LOOPBACK);
    expect(await main(["probe", "127.0.0.1", "--port", String(port), "--auth", "user:hunter2"], io)).toBe(1);
    expect(io.stdout).toContain("Outcome: auth_failed");
    expect(io.stdout).not.toContain("hunter2");
  });

  it.each([
    [["probe"], "Missing <host|domain>"],
    [["probe", "x.test", "--port", "99999"], "--port must be a port number"],
    [["probe", "x.test", "--tls", "--starttls"], "Choose one of"],
    [["probe", "x.test", "--auth", "nopassword"], "--auth takes user:pass"],
  ])("rejects bad arguments %j with exit code 2", async (args, message) => {
    const io = captureIo(LOOPBACK);
    expect(await main(args, io)).toBe(2);
    expect(io.stderr).toContain(message);
  });
});
