import fs from "node:fs";

import { describe, expect, it } from "vitest";

import { COMMANDS } from "./command-table.ts";

describe("command table", () => {
  it("has one row per file in ./commands, each loading a command with usage text", async () => {
    const files = fs
      .readdirSync(new URL("./commands/", import.meta.url))
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(COMMANDS.map((c) => c.name).sort()).toEqual(files);
    for (const entry of COMMANDS) {
      const { command } = await entry.load();
      expect(command.usage, entry.name).toContain(`inboxwatch ${entry.name}`);
      expect(entry.summary.length, entry.name).toBeGreaterThan(0);
    }
  });

  it("marks exactly the commands that read io.env with readsEnv", () => {
    for (const entry of COMMANDS) {
      const source = fs.readFileSync(new URL(`./commands/${entry.name}.ts`, import.meta.url), "utf8");
      expect(entry.readsEnv ?? false, entry.name).toBe(/\bio\.env\b/.test(source));
    }
  });
});
