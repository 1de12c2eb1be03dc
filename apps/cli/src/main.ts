/**
 * The `inboxwatch` command line: the product's engines without the web app. The commands are listed in
 * command-table.ts; only the one that runs is loaded, so `--help` and a single command start fast (the
 * bundled bin, dist/inboxwatch.mjs, keeps one chunk per command).
 */
import { type CliIo, UsageError } from "./command.ts";
import { CLI_VERSION, COMMANDS, type CommandEntry } from "./command-table.ts";

export { CLI_VERSION };

function helpText(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
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

/** The validated environment's reader, set by main() before a command marked readsEnv runs. */
let readEnv: (() => CliIo["env"]) | undefined;

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  outBytes: (bytes) => new Promise<void>((resolve, reject) => process.stdout.write(bytes, (error) => (error ? reject(error) : resolve()))),
  // Read when a command asks, so `--help` works whatever the environment holds.
  get env() {
    if (!readEnv) throw new Error("this command reads the environment: mark it readsEnv in command-table.ts");
    return readEnv();
  },
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(helpText(COMMANDS));
    return 0;
  }
  if (name === "--version" || name === "-v") return main(["version"], io);
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`Unknown command: ${name}\n\n${helpText(COMMANDS)}`);
    return 2;
  }
  const { command } = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(command.usage);
    return 0;
  }
  // Loaded here, not imported at the top: its schemas are not what --help or classify should pay for.
  if (entry.readsEnv && !readEnv) {
    const { cliEnv } = await import("./env.ts");
    readEnv = () => cliEnv.read();
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
