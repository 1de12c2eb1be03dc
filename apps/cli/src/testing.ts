import { type CliIo } from "./command.ts";

/** An in-memory CliIo for tests: what the command printed, with the given env and stdin. */
export function captureIo(
  env: Record<string, string | undefined> = {},
  stdin = "",
): CliIo & { stdout: string; stderr: string; stdoutBytes: Buffer } {
  const io = {
    stdout: "",
    stderr: "",
    stdoutBytes: Buffer.alloc(0),
    env,
    out(text: string) {
      io.stdout += text.endsWith("\n") ? text : `${text}\n`;
    },
    err(text: string) {
      io.stderr += text.endsWith("\n") ? text : `${text}\n`;
    },
    async outBytes(bytes: Uint8Array) {
      io.stdoutBytes = Buffer.concat([io.stdoutBytes, bytes]);
    },
    readStdin: async () => Buffer.from(stdin),
  };
  return io;
}
