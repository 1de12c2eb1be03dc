/** Format detection from the first bytes of an input or of a decompressed stream. */

export type SniffedFormat = "empty" | "gzip" | "zip" | "xml" | "json" | "email" | "base64" | "unknown";

/** Bytes of the head the sniffer needs to decide (enough to pass a BOM, blank lines and a header line). */
export const SNIFF_HEAD_BYTES = 1024;

// RFC 5322 §3.6.8: a header field name is printable ASCII except ":"; a report email starts with one.
const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;
// mbox "From " separator lines precede the headers in files saved from a mailbox.
const MBOX_LINE = /^From \S+/;
const BASE64_TEXT = /^[A-Za-z0-9+/=\r\n]+$/;

export function sniff(head: Uint8Array): SniffedFormat {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  // PK\3\4: a local file header; PK\5\6: an empty archive's end record.
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) return "zip";
  let text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1");
  if (text.startsWith("\xef\xbb\xbf")) text = text.slice(3);
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return "empty";
  const first = trimmed[0];
  if (first === "<") return "xml";
  if (first === "{" || first === "[") return "json";
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  if (HEADER_LINE.test(firstLine) || MBOX_LINE.test(firstLine)) return "email";
  if (trimmed.length >= 16 && BASE64_TEXT.test(trimmed.slice(0, SNIFF_HEAD_BYTES))) return "base64";
  return "unknown";
}
