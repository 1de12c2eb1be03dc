import { type CliCommand } from "../command.ts";
import { CLI_VERSION } from "../command-table.ts";

export const command: CliCommand = {
  usage: "Usage: inboxwatch version [--json]",
  async run(args, io) {
    io.out(
      args.includes("--json")
        ? JSON.stringify({ version: CLI_VERSION, node: process.version })
        : `inboxwatch ${CLI_VERSION} (node ${process.version})`,
    );
    return 0;
  },
};
