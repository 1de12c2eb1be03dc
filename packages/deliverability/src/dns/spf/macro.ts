/**
 * SPF macros (RFC 7208 §7): syntax validation and expansion. Syntax errors are found before any
 * evaluation (§4.6: a record with a syntax error is a permerror as a whole).
 */

export interface MacroContext {
  /** <sender>: local-part@domain (RFC 7208 §4.3 substitutes "postmaster" for a missing local-part). */
  sender: string;
  localPart: string;
  senderDomain: string;
  /** <domain>: the domain currently being checked (changes with include/redirect). */
  domain: string;
  /** The client IP as given, normalised (IPv4 dotted, IPv6 compressed). */
  ip: string;
  isIpv6: boolean;
  helo: string;
  /** %{r}: the receiving host's name (§7.3); "unknown" when not configured. */
  receiver: string;
  /** Seconds since the epoch for %{t}. */
  timestamp: number;
  /** Resolves %{p} lazily (§7.3: the validated domain name of <ip>), only when a macro uses it. */
  validatedName: () => Promise<string>;
}

const LETTERS = new Set(["s", "l", "o", "d", "i", "p", "h", "c", "r", "t", "v"]);
/** §7.2: c, r and t are only allowed in explanation strings. */
const EXP_ONLY_LETTERS = new Set(["c", "r", "t"]);
const DELIMITERS = ".-+,/_=";

type Part = { literal: string } | { letter: string; upper: boolean; digits?: number; reverse: boolean; delimiters: string };

/** Parses a macro-string (or explanation-string when `forExp`). Returns an error message on bad syntax. */
export function parseMacroString(text: string, forExp: boolean): Part[] | string {
  const parts: Part[] = [];
  let literal = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const code = ch.charCodeAt(0);
    if (ch !== "%") {
      // macro-literal = %x21-24 / %x26-7E; explanation-string also allows SP.
      if ((code < 0x21 || code > 0x7e) && !(forExp && ch === " ")) return `invalid character in macro-string: ${JSON.stringify(ch)}`;
      literal += ch;
      continue;
    }
    const next = text.charAt(i + 1);
    if (next === "%" || next === "_" || next === "-") {
      literal += next === "%" ? "%" : next === "_" ? " " : "%20";
      i++;
      continue;
    }
    if (next !== "{") return `invalid macro escape "%${next}"`;
    const close = text.indexOf("}", i + 2);
    if (close < 0) return "unterminated macro";
    const body = text.slice(i + 2, close);
    const m = /^([a-zA-Z])(\d*)(r?)([.\-+,/_=]*)$/i.exec(body);
    const letter = m?.[1]?.toLowerCase();
    if (!m || !letter || !LETTERS.has(letter)) return `invalid macro "%{${body}}"`;
    if (!forExp && EXP_ONLY_LETTERS.has(letter)) return `macro %{${letter}} is only allowed in exp text`;
    const digitText = m[2] ?? "";
    if (digitText !== "" && Number(digitText) === 0) return "macro transformer digit must be non-zero";
    if (literal) parts.push({ literal });
    literal = "";
    parts.push({
      letter,
      upper: m[1] !== letter,
      ...(digitText ? { digits: Number(digitText) } : {}),
      reverse: (m[3] ?? "").toLowerCase() === "r",
      delimiters: m[4] ?? "",
    });
    i = close;
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** RFC 7208 §7.3 / RFC 3986: uppercase macro letters URL-escape everything but unreserved characters. */
function urlEscape(value: string): string {
  return value.replace(/[^A-Za-z0-9\-._~]/g, (c) =>
    [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
}

function ipNibbles(ip: string, isIpv6: boolean): string {
  if (!isIpv6) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = [...h, ...Array<string>(ip.includes("::") ? 8 - h.length - t.length : 0).fill("0"), ...t];
  return groups
    .map((g) => g.padStart(4, "0"))
    .join("")
    .split("")
    .join(".");
}

async function letterValue(letter: string, ctx: MacroContext): Promise<string> {
  switch (letter) {
    case "s":
      return ctx.sender;
    case "l":
      return ctx.localPart;
    case "o":
      return ctx.senderDomain;
    case "d":
      return ctx.domain;
    case "i":
      return ipNibbles(ctx.ip, ctx.isIpv6);
    case "p":
      return ctx.validatedName();
    case "v":
      return ctx.isIpv6 ? "ip6" : "in-addr";
    case "h":
      return ctx.helo;
    case "c":
      return ctx.ip;
    case "r":
      return ctx.receiver;
    case "t":
      return String(ctx.timestamp);
    default:
      return "";
  }
}

export async function expandParts(parts: Part[], ctx: MacroContext): Promise<string> {
  let out = "";
  for (const part of parts) {
    if ("literal" in part) {
      out += part.literal;
      continue;
    }
    let value = await letterValue(part.letter, ctx);
    if (part.digits !== undefined || part.reverse || part.delimiters) {
      const delims = part.delimiters || ".";
      let pieces = value.split(new RegExp(`[${delims.replace(/[-\\\]^/]/g, "\\$&")}]`));
      if (part.reverse) pieces = pieces.reverse();
      if (part.digits !== undefined && part.digits < pieces.length) pieces = pieces.slice(pieces.length - part.digits);
      value = pieces.join(".");
    }
    out += part.upper ? urlEscape(value) : value;
  }
  return out;
}

/** §7.3 (last paragraph): an expanded name longer than 253 octets loses labels on the left. */
export function truncateDomain(name: string): string {
  let result = name.replace(/\.$/, "");
  while (result.length > 253 && result.includes(".")) result = result.slice(result.indexOf(".") + 1);
  return result;
}

export { DELIMITERS as MACRO_DELIMITERS };
