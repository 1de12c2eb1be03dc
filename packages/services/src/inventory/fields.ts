import { z } from "zod";

import { normalizeDomain, normalizeHostname, normalizeIp, type Normalized } from "@inboxwatch/deliverability/net";

/** Longest name input worth normalizing: 253 characters plus an optional root dot (RFC 1035 §2.3.4). */
const NAME_INPUT_MAX_CHARS = 254;

/** A zod string that normalizes through one of the deliverability normalizers, reporting its message. */
function normalized(fn: (s: string) => Normalized) {
  return z
    .string()
    .max(NAME_INPUT_MAX_CHARS, "Domain names are at most 253 characters")
    .transform((value, ctx) => {
      const r = fn(value);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.error });
        return z.NEVER;
      }
      return r.value;
    });
}

export const ZDomainName = normalized(normalizeDomain);
export const ZHostname = normalized(normalizeHostname);
export const ZIpAddress = normalized(normalizeIp);

/** DKIM selectors are DNS labels (possibly dotted, RFC 6376 §3.1). */
export const ZDkimSelector = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/,
    "Selectors are DNS labels like s1 or google",
  );

export const ZId = z.string().min(1).max(40);
