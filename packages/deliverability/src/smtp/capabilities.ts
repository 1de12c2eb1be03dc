/**
 * EHLO reply → capabilities (RFC 5321 §4.1.1.1: first line is the server's name and greeting, each
 * further line one keyword with optional parameters). Known extensions get typed fields; every line is
 * also kept raw so nothing a server advertises is lost.
 */
export interface SmtpCapabilities {
  /** RFC 1870 SIZE: the declared maximum message size in bytes; 0 = no fixed limit; null = SIZE not advertised. */
  size: number | null;
  pipelining: boolean; // RFC 2920
  eightBitMime: boolean; // RFC 6152
  smtpUtf8: boolean; // RFC 6531
  chunking: boolean; // RFC 3030
  dsn: boolean; // RFC 3461
  enhancedStatusCodes: boolean; // RFC 2034
  startTls: boolean; // RFC 3207
  requireTls: boolean; // RFC 8689
  /** RFC 4954 AUTH mechanisms, upper-cased and sorted (also from the legacy `AUTH=` form). */
  authMechanisms: string[];
  /** Every keyword line as sent, first line (the greeting) excluded. */
  raw: string[];
}

const FLAG_KEYWORDS = {
  PIPELINING: "pipelining",
  "8BITMIME": "eightBitMime",
  SMTPUTF8: "smtpUtf8",
  CHUNKING: "chunking",
  DSN: "dsn",
  ENHANCEDSTATUSCODES: "enhancedStatusCodes",
  STARTTLS: "startTls",
  REQUIRETLS: "requireTls",
} as const satisfies Record<string, keyof SmtpCapabilities>;

export function emptyCapabilities(): SmtpCapabilities {
  return {
    size: null,
    pipelining: false,
    eightBitMime: false,
    smtpUtf8: false,
    chunking: false,
    dsn: false,
    enhancedStatusCodes: false,
    startTls: false,
    requireTls: false,
    authMechanisms: [],
    raw: [],
  };
}

/** `lines` are the reply texts after the code, as the reply parser returns them. */
export function parseEhloCapabilities(lines: readonly string[]): SmtpCapabilities {
  const caps = emptyCapabilities();
  const mechanisms = new Set<string>();
  for (const line of lines.slice(1)) {
    const text = line.trim();
    if (!text) continue;
    caps.raw.push(text);
    // Keyword ends at space or "=" (the pre-RFC 4954 "AUTH=LOGIN PLAIN" form some servers still send).
    const [keywordRaw = "", ...params] = text.split(/[\s=]+/);
    const keyword = keywordRaw.toUpperCase();
    if (keyword === "SIZE") {
      const n = Number(params[0] ?? "0");
      caps.size = Number.isFinite(n) && n >= 0 ? n : 0;
    } else if (keyword === "AUTH") {
      for (const p of params) if (p) mechanisms.add(p.toUpperCase());
    } else if (keyword in FLAG_KEYWORDS) {
      caps[FLAG_KEYWORDS[keyword as keyof typeof FLAG_KEYWORDS]] = true;
    }
  }
  caps.authMechanisms = [...mechanisms].sort();
  return caps;
}

/**
 * The server's name from a 220 banner or the EHLO greeting line: RFC 5321 §4.2 puts the domain (or an
 * address literal) first. Returns null when the first word does not look like one.
 */
export function hostnameFromGreeting(text: string): string | null {
  const first = text.trim().split(/\s+/)[0] ?? "";
  // "220 ESMTP ready" names no host; protocol words are not hostnames.
  if (/^E?SMTP$/i.test(first)) return null;
  if (/^\[[0-9a-fA-F:.]+(?:IPv6:[0-9a-fA-F:.]+)?\]$/.test(first)) return first;
  if (/^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_-]{1,63})*\.?$/.test(first)) return first.toLowerCase();
  return null;
}
