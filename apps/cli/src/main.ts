/**
 * The `inboxwatch` command line: the product's engines without the web app. Every file in ./commands
 * that exports `command` is a subcommand, so a capability adds its command without touching this file.
 */
import fs from "node:fs";

import { type CliCommand, type CliIo, UsageError } from "./command.ts";

export const CLI_VERSION = "0.1.0";

async function loadCommands(): Promise<Map<string, CliCommand>> {
  const dir = new URL("./commands/", import.meta.url);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort();
  const commands = new Map<string, CliCommand>();
  for (const file of files) {
    const mod = (await import(new URL(file, dir).href)) as { command?: CliCommand };
    if (mod.command) commands.set(mod.command.name, mod.command);
  }
  return commands;
}

function helpText(commands: Map<string, CliCommand>): string {
  const width = Math.max(...[...commands.keys()].map((n) => n.length));
  const lines = [...commands.values()].map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `inboxwatch ${CLI_VERSION}: email deliverability checks from the command line`,
    "",
    "Usage: inboxwatch <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `inboxwatch <command> --help` for a command's options. Most commands take --json.",
  ].join("\n");
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  env: process.env,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const commands = await loadCommands();
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(helpText(commands));
    return 0;
  }
  if (name === "--version" || name === "-v") return main(["version"], io);
  const command = commands.get(name);
  if (!command) {
    io.err(`Unknown command: ${name}\n\n${helpText(commands)}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${command.usage}`);
      return 2;
    }
    io.err(`inboxwatch ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
