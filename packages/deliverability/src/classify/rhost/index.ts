/**
 * Picks the provider rule for a recipient: by the recipient's domain, then the remote host (MX or
 * Remote-MTA), then the reporting host, as Sisimai's rhost.Name does; the rule's reason then wins over
 * the generic phrase lists.
 */
import { type BounceReason } from "../types.ts";
import { apple, cloudflare, cox, iua, kddi, outlook, tencent, zohoMail } from "./documented-providers.ts";
import { facebook } from "./facebook.ts";
import { francePtt } from "./franceptt.ts";
import { goDaddy } from "./godaddy.ts";
import { google } from "./google.ts";
import { messageLabs } from "./messagelabs.ts";
import { mimecast } from "./mimecast.ts";
import { aol, gSuite, microsoft, nttDocomo, spectrum } from "./small-providers.ts";
import { type RemoteHost, type RhostFact } from "./types.ts";
import { yahooInc } from "./yahoo-inc.ts";

export type { RhostFact } from "./types.ts";

/** Sisimai rhost/lib.go RhostClass, the same providers. */
const REMOTE_HOSTS: readonly RemoteHost[] = [
  aol,
  apple,
  cloudflare,
  cox,
  facebook,
  francePtt,
  goDaddy,
  google,
  gSuite,
  iua,
  kddi,
  messageLabs,
  microsoft,
  mimecast,
  nttDocomo,
  outlook,
  spectrum,
  tencent,
  yahooInc,
  zohoMail,
];

export interface RhostWhere {
  /** The domain part of the recipient address. */
  destination: string;
  /** The host that answered (Remote-MTA, the host named in the reply, or the last Received hop). */
  remoteHost: string;
  /** The host that reported the failure. */
  localHost: string;
}

/** The provider that answered, or undefined. */
export function findRemoteHost(where: RhostWhere): RemoteHost | undefined {
  const destination = where.destination.toLowerCase();
  if (destination !== "") {
    // Sisimai compares the other way round here: a listed suffix that ends with the whole domain.
    const byDomain = REMOTE_HOSTS.find((h) => h.hosts.some((s) => s.endsWith(destination)));
    if (byDomain) return byDomain;
  }
  for (const host of [where.remoteHost.toLowerCase(), where.localHost.toLowerCase()]) {
    if (host === "") continue;
    const found = REMOTE_HOSTS.find((h) => h.hosts.some((s) => host.endsWith(s)));
    if (found) return found;
  }
  return undefined;
}

/** The reason a provider's documentation gives for this reply, or "". */
export function reasonFromRemoteHost(where: RhostWhere, fact: RhostFact): BounceReason | "" {
  if (fact.diagnostic === "") return "";
  return findRemoteHost(where)?.reasonFor(fact) ?? "";
}
