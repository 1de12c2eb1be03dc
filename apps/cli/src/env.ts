import { parseAllowlist } from "@inboxwatch/deliverability/net";
import { cliEnv as cliPiece, composeEnv, egressEnv } from "@inboxwatch/env";

/**
 * The CLI's environment. Commands read it through `io.env` (tests hand them their own), so a bad value
 * fails the command that runs, with every variable to fix named, not `--help`.
 */
export const cliEnv = composeEnv("cli", [cliPiece, egressEnv], { module: "apps/cli/src/env.ts", checks: { EGRESS_ALLOW: parseAllowlist } });
