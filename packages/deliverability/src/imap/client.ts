/**
 * Connects to a customer's IMAP mailbox through the egress guard: the host they typed is resolved once,
 * every address is checked (no private, loopback or metadata ranges unless EGRESS_ALLOW opens them), and
 * imapflow connects to the checked address while TLS still verifies the certificate for the typed name
 * (SNI `servername`), so a DNS answer that changes between check and connect cannot redirect us.
 * Protocol only: the poll that stores what it fetches is services/src/reports/imap-poll.ts.
 */
import { ImapFlow } from "imapflow";

export { ImapFlow };

import { type EgressPolicy, type LookupAll, policyFromEnv, resolveAllowedAddresses } from "../net/egress-guard.ts";
import { parseIpLiteral } from "../net/ip-literal.ts";
import { REPORT_MAX_INPUT_BYTES } from "../reports/limits.ts";
import { describeTlsFailure, imapTlsOptions } from "./tls.ts";

/** TCP connect: a mail provider's IMAP answers in well under a second; a black-holed address should not hold a worker. */
export const IMAP_CONNECT_TIMEOUT_MS = 10_000;
/** Greeting after connect (RFC 9051 §7.1.1): servers send it at once. */
export const IMAP_GREETING_TIMEOUT_MS = 10_000;
/** Inactivity on an open session: a FETCH of a 25 MiB report still streams data well within this. */
export const IMAP_SOCKET_TIMEOUT_MS = 60_000;
/** One IMAP literal (a message body): a report larger than the raw-report limit is never fetched, so a server announcing more is lying; 1 MiB of slack for headers. */
export const IMAP_MAX_LITERAL_BYTES = REPORT_MAX_INPUT_BYTES + 1024 * 1024;

export type ImapTlsMode = "TLS" | "STARTTLS" | "NONE";

export interface ImapTarget {
  host: string;
  port: number;
  tlsMode: ImapTlsMode;
  username: string;
  password: string;
}

export interface ImapConnectDeps {
  /** Default: `policyFromEnv()` (EGRESS_ALLOW). */
  policy?: EgressPolicy;
  /** A/AAAA lookups through the caller's resolver (the platform's, DNS_SERVERS, in the worker). */
  lookupAll: LookupAll;
  /** Extra trusted CA certificates (PEM) on top of Node's store: tests, or a caller with a private CA. See tls.ts. */
  trustedCa?: readonly string[];
}

/** A connection refused before or during login, as data: the poller records it as the mailbox's last error. */
export type ImapConnectOutcome =
  | { ok: true; client: ImapFlow }
  | { ok: false; kind: "blocked_by_policy" | "dns_failed" | "connect_failed" | "tls_failed" | "auth_failed"; message: string };

/** Below this length a "password" is too short to scrub from text without mangling it (and is no real secret). */
const SECRET_REDACT_MIN_CHARS = 4;

/**
 * Removes the mailbox password from text a server or library produced before it is stored or shown: a
 * hostile or chatty server may echo the LOGIN arguments back in its NO response.
 */
export function redactSecret(text: string, secret: string): string {
  return secret.length >= SECRET_REDACT_MIN_CHARS ? text.split(secret).join("[redacted]") : text;
}

export async function connectImap(target: ImapTarget, deps: ImapConnectDeps): Promise<ImapConnectOutcome> {
  const resolved = await resolveAllowedAddresses(target.host, deps.policy ?? policyFromEnv(), deps.lookupAll);
  if (!resolved.ok) return { ok: false, kind: resolved.kind, message: resolved.message };
  const address = resolved.addresses[0];
  if (!address) return { ok: false, kind: "dns_failed", message: `${target.host} has no address` };
  // Any literal form ("127.1", "[::1]") is an address, not a name to send as SNI or verify a certificate for.
  const isName = !parseIpLiteral(target.host);
  const client = new ImapFlow({
    host: address,
    port: target.port,
    secure: target.tlsMode === "TLS",
    // STARTTLS mode requires the upgrade (no silent plaintext login); NONE never attempts it.
    doSTARTTLS: target.tlsMode === "STARTTLS" ? true : target.tlsMode === "NONE" ? false : undefined,
    ...(isName ? { servername: target.host } : {}),
    tls: imapTlsOptions(deps.trustedCa),
    auth: { user: target.username, pass: target.password },
    logger: false,
    connectionTimeout: IMAP_CONNECT_TIMEOUT_MS,
    greetingTimeout: IMAP_GREETING_TIMEOUT_MS,
    socketTimeout: IMAP_SOCKET_TIMEOUT_MS,
    disableAutoIdle: true,
    maxLiteralSize: IMAP_MAX_LITERAL_BYTES,
    // Above the literal cap, as imapflow requires, with room for the response framing.
    maxResponseSize: IMAP_MAX_LITERAL_BYTES * 2,
  });
  // An 'error' event without a listener would crash the process; failures surface through the promises.
  client.on("error", () => undefined);
  try {
    await client.connect();
    return { ok: true, client };
  } catch (err) {
    client.close();
    const tlsFailure = describeTlsFailure(err, target.host);
    if (tlsFailure) return { ok: false, ...tlsFailure };
    const e = err as Error & { authenticationFailed?: boolean; responseText?: string };
    const detail = redactSecret(e.responseText ?? e.message, target.password);
    return e.authenticationFailed
      ? { ok: false, kind: "auth_failed", message: `login refused: ${detail}` }
      : { ok: false, kind: "connect_failed", message: detail };
  }
}

/** Our folder names use "/" between levels; imapflow joins the parts with the server's delimiter and namespace prefix. */
export function folderPath(name: string): string[] {
  return name.split("/").filter(Boolean);
}

/** Creates a folder unless it exists (imapflow answers ALREADYEXISTS, RFC 5530, with created: false). */
export async function ensureFolder(client: ImapFlow, name: string): Promise<void> {
  await client.mailboxCreate(folderPath(name));
}

/** Logs out politely, or drops the socket when the server is gone. */
export async function closeImap(client: ImapFlow): Promise<void> {
  try {
    await client.logout();
  } catch {
    client.close();
  }
}
