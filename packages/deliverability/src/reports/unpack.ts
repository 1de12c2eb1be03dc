/**
 * Unpacking with limits: turns raw bytes (XML, JSON, gzip, zip, base64 of an archive) into a stream of
 * report bytes for the XML or JSON parser, enforcing the input cap, the inflated cap per layer, the zip
 * member cap and the no-nested-archives rule. Emails are recognised here and handed back to the caller
 * (see email.ts), whose attachments come back through `streamReportBytes`.
 */
import { type ByteSink, pump } from "./byte-sink.ts";
import { GunzipSink } from "./gunzip-sink.ts";
import { assertGzipWithinCap, assertZipMemberWithinCap } from "./inflated-size.ts";
import { type ReportLimits } from "./limits.ts";
import { ReportRejection } from "./rejection.ts";
import { SNIFF_HEAD_BYTES, type SniffedFormat, sniff } from "./sniff.ts";
import { chooseZipMember, unzipFirstMember } from "./unzip.ts";

/** The parsers at the end of the pipeline; each returns a sink that parses what it is fed. */
export interface ContentSinks {
  xml(): ByteSink;
  json(): ByteSink;
}

/** Where in the nesting a stream is: decides which containers may still be opened. */
interface Layer {
  gzipLayers: number;
  inZip: boolean;
  /** How the content was wrapped, outermost first (e.g. ["email", "zip"]), for diagnostics. */
  container: string[];
}

/**
 * Buffers the first SNIFF_HEAD_BYTES of a stream, decides what it is, then forwards everything to the
 * sink chosen for that format.
 */
class SniffingSink implements ByteSink {
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private target: ByteSink | undefined;

  constructor(private readonly choose: (format: SniffedFormat) => ByteSink) {}

  write(chunk: Uint8Array): void {
    if (this.target) return this.target.write(chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= SNIFF_HEAD_BYTES) this.decide();
  }

  end(): void {
    if (!this.target) this.decide();
    this.target?.end();
  }

  private decide(): void {
    const buffered = Buffer.concat(this.head);
    this.head = [];
    this.target = this.choose(sniff(buffered.subarray(0, SNIFF_HEAD_BYTES)));
    if (buffered.length > 0) this.target.write(buffered);
  }
}

/** A sink for the bytes inside a container (after gunzip or unzip): reports or one more gzip layer. */
function innerSink(layer: Layer, limits: ReportLimits, sinks: ContentSinks): ByteSink {
  return new SniffingSink((format) => {
    switch (format) {
      case "xml":
        layer.container.push("xml");
        return sinks.xml();
      case "json":
        layer.container.push("json");
        return sinks.json();
      case "gzip":
        if (layer.inZip) throw new ReportRejection("nested_archive", "a gzip file inside a zip archive");
        if (layer.gzipLayers >= limits.maxGzipLayers) {
          throw new ReportRejection("nested_archive", `more than ${limits.maxGzipLayers} gzip layers`);
        }
        layer.gzipLayers += 1;
        layer.container.push("gzip");
        return new GunzipSink(innerSink(layer, limits, sinks), limits.maxInflatedBytes);
      case "zip":
        throw new ReportRejection("nested_archive", "a zip archive inside another archive");
      case "empty":
        throw new ReportRejection("malformed", "the archive holds an empty file");
      default:
        throw new ReportRejection(
          "unsupported",
          `the archive holds ${format === "email" ? "an email" : "an unknown format"}, not a report`,
        );
    }
  });
}

async function unpackArchive(
  format: "gzip" | "zip",
  bytes: Uint8Array,
  limits: ReportLimits,
  sinks: ContentSinks,
  container: string[],
): Promise<void> {
  container.push(format);
  if (format === "zip") {
    const layer: Layer = { gzipLayers: 0, inZip: true, container };
    unzipFirstMember(bytes, limits.maxZipMembers, limits.maxInflatedBytes, () => innerSink(layer, limits, sinks));
  } else {
    const layer: Layer = { gzipLayers: 1, inZip: false, container };
    await pump(bytes, new GunzipSink(innerSink(layer, limits, sinks), limits.maxInflatedBytes));
  }
}

export type ReportBytesOutcome = { handled: true } | { handled: false; format: "email" };

/**
 * Detects the format of `bytes` and streams the report inside into `sinks`. Returns `{ handled: false,
 * format: "email" }` for an email when `allowEmail` is set, leaving it to the caller; throws a
 * `ReportRejection` for anything refused.
 */
export async function streamReportBytes(
  bytes: Uint8Array,
  limits: ReportLimits,
  sinks: ContentSinks,
  container: string[],
  allowEmail: boolean,
  base64Decoded = false,
): Promise<ReportBytesOutcome> {
  if (bytes.length > limits.maxInputBytes) {
    throw new ReportRejection("too_large", `input is ${bytes.length} bytes (at most ${limits.maxInputBytes})`);
  }
  const format = sniff(bytes.subarray(0, SNIFF_HEAD_BYTES));
  switch (format) {
    case "empty":
      throw new ReportRejection("malformed", "the input is empty");
    case "email":
      if (!allowEmail) throw new ReportRejection("unsupported", "an email inside an email attachment");
      container.push("email");
      return { handled: false, format: "email" };
    case "base64": {
      // Some senders and tools store the attachment still base64-encoded (e.g. a saved .json.gz.b64).
      const decoded = Buffer.from(Buffer.from(bytes).toString("latin1"), "base64");
      const inner = sniff(decoded.subarray(0, SNIFF_HEAD_BYTES));
      if (base64Decoded || (inner !== "gzip" && inner !== "zip")) {
        throw new ReportRejection("unsupported", "base64 text that does not hold a gzip or zip archive");
      }
      container.push("base64");
      return streamReportBytes(decoded, limits, sinks, container, false, true);
    }
    case "zip":
    case "gzip":
      // A dry run first: inflating is several times faster than parsing, so a bomb is refused in
      // milliseconds and no record is handed to `onDmarcRecord` from an archive that will be refused.
      if (format === "gzip") await assertGzipWithinCap(bytes, limits.maxInflatedBytes, limits.maxGzipLayers);
      else await assertZipMemberWithinCap(bytes, chooseZipMember(bytes, limits.maxZipMembers), limits.maxInflatedBytes);
      await unpackArchive(format, bytes, limits, sinks, container);
      return { handled: true };
    case "xml":
      container.push("xml");
      await pump(bytes, sinks.xml());
      return { handled: true };
    case "json":
      container.push("json");
      await pump(bytes, sinks.json());
      return { handled: true };
    default:
      throw new ReportRejection("unsupported", "not XML, JSON, gzip, zip or an email");
  }
}
