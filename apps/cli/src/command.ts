/** One subcommand of the `inboxwatch` CLI: one file in ./commands exporting `command`, one row in command-table.ts. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Raw bytes to standard output (a PDF piped to a file), without a newline added. */
  outBytes(bytes: Uint8Array): Promise<void>;
  env: Record<string, string | undefined>;
  /** Standard input as a Buffer, for commands that accept `-` as a file. */
  readStdin(): Promise<Buffer>;
}

export interface CliCommand {
  /** The command's own usage text, shown by `inboxwatch <name> --help` and on usage errors. */
  usage: string;
  /** Resolves to the process exit code: 0 ok, 1 the check found a failure, 2 usage error. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown for bad arguments; main() prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {}
