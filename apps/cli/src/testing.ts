import { type CliIo } from "./command.ts";

/** An in-memory CliIo for tests: what the command printed, with the given env and stdin. */
export function captureIo(env: Record<string, string | undefined> = {}, stdin = ""): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    env,
    out(text: string) {
      io.stdout += text.endsWith("\n") ? text : `${text}\n`;
    },
    err(text: string) {
      io.stderr += text.endsWith("\n") ? text : `${text}\n`;
    },
    readStdin: async () => Buffer.from(stdin),
  };
  return io;
}
