/**
 * The command table: every subcommand's name and one-line summary, and how to load it. `inboxwatch --help`
 * reads only this file; a command's module (and the engines it imports) loads when that command runs, so
 * the bundled CLI parses one command's code, never all of them (dist/ has one chunk per command).
 *
 * A new command is one file in ./commands exporting `command` plus one row here; command-table.test.ts
 * fails when a file in ./commands has no row.
 */
import { type CliCommand } from "./command.ts";

export const CLI_VERSION = "0.1.0";

export interface CommandEntry {
  name: string;
  /** One line for `inboxwatch --help`. */
  summary: string;
  /** A literal import() each, so the bundler can split every command into its own chunk. */
  load(): Promise<{ command: CliCommand }>;
  /**
   * The command reads `io.env`: main() then loads the validated environment (./env.ts, whose zod schemas
   * cost about 0.1 s of CPU to load) before it runs. command-table.test.ts checks the flag.
   */
  readsEnv?: true;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "api",
    summary: "Call the REST API (/api/v1/…) with INBOXWATCH_API_KEY",
    load: () => import("./commands/api.ts"),
    readsEnv: true,
  },
  {
    name: "check",
    summary: "DNS authentication and reputation checks: check domain|ip|spf",
    load: () => import("./commands/check.ts"),
    readsEnv: true,
  },
  {
    name: "classify",
    summary: "Classify a bounce/DSN mail or one SMTP reply (category, reason, hard/soft)",
    load: () => import("./commands/classify.ts"),
  },
  {
    name: "import",
    summary: "Upload a metadata or conversion CSV (REST, INBOXWATCH_API_KEY) and wait for the import",
    load: () => import("./commands/import.ts"),
    readsEnv: true,
  },
  {
    name: "kpi",
    summary: "Every KPI for a period with the previous one and a breakdown (REST, INBOXWATCH_API_KEY)",
    load: () => import("./commands/kpi.ts"),
    readsEnv: true,
  },
  {
    name: "parse-log",
    summary: "Parse an MTA log or ESP events into classified delivery events",
    load: () => import("./commands/parse-log.ts"),
  },
  {
    name: "parse-report",
    summary: "Parse a DMARC aggregate/failure, ARF or TLS-RPT report (XML, JSON, gzip, zip, email)",
    load: () => import("./commands/parse-report.ts"),
  },
  {
    name: "probe",
    summary: "Probe an SMTP server (banner, EHLO, STARTTLS/TLS, AUTH, envelope) once",
    load: () => import("./commands/probe.ts"),
    readsEnv: true,
  },
  {
    name: "report",
    summary: "Render a month's or week's deliverability report as PDF, HTML or JSON; list or send scheduled reports (REST)",
    load: () => import("./commands/report.ts"),
    readsEnv: true,
  },
  { name: "version", summary: "Print the CLI version", load: () => import("./commands/version.ts") },
];
