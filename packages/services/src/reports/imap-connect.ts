/**
 * The IMAP client (deliverability/imap) wired to the platform: lookups through the one resolver
 * (DNS_SERVERS) unless a caller (a test) injects its own.
 */
import { connectImap, type ImapConnectDeps, type ImapConnectOutcome, type ImapTarget } from "@inboxwatch/deliverability/imap";

import { platformDns } from "../net/platform-dns.ts";

/** What a mailbox verb lets its caller inject; every field has a production default. */
export type ReportMailboxDeps = Partial<ImapConnectDeps>;

export function connectReportMailbox(target: ImapTarget, deps: ReportMailboxDeps = {}): Promise<ImapConnectOutcome> {
  return connectImap(target, { ...deps, lookupAll: deps.lookupAll ?? ((host) => platformDns().lookupAll(host)) });
}
