/**
 * Zip (PKWARE APPNOTE) extraction of the one report member, streamed with a cap on its inflated size.
 * The central directory is read first (no decompression) to count members: receivers send one file, so
 * more than REPORT_MAX_ZIP_MEMBERS is refused before any byte is inflated.
 */
import { Unzip, UnzipInflate, UnzipPassThrough, unzipSync } from "fflate";

import { type ByteSink } from "./byte-sink.ts";
import { REPORT_INFLATE_STEP_BYTES } from "./limits.ts";
import { ReportRejection } from "./rejection.ts";

const ARCHIVE_NAME = /\.(zip|gz|tgz|tar|7z|rar|bz2|xz)$/i;

/** Member names from the central directory, without inflating anything. */
export function listZipMembers(zip: Uint8Array): string[] {
  const names: string[] = [];
  try {
    unzipSync(zip, {
      filter: (file) => {
        names.push(file.name);
        return false;
      },
    });
  } catch (err) {
    throw new ReportRejection("malformed", `zip: ${err instanceof Error ? err.message : String(err)}`);
  }
  return names;
}

/** The member the parser reads: the first file; refuses too many members and archive members. */
export function chooseZipMember(zip: Uint8Array, maxMembers: number): string {
  const names = listZipMembers(zip);
  if (names.length > maxMembers) throw new ReportRejection("too_many_members", `zip has ${names.length} members (at most ${maxMembers})`);
  const chosen = names.find((n) => !n.endsWith("/"));
  if (chosen === undefined) throw new ReportRejection("malformed", "zip has no file member");
  if (ARCHIVE_NAME.test(chosen)) throw new ReportRejection("nested_archive", `zip member "${chosen}" is an archive`);
  return chosen;
}

/**
 * Streams the first file member of `zip` into `openSink(name)`. Directories are skipped; a member that
 * is itself an archive is refused (no nested archives).
 */
export function unzipFirstMember(
  zip: Uint8Array,
  maxMembers: number,
  maxInflatedBytes: number,
  openSink: (name: string) => ByteSink,
): void {
  const chosen = chooseZipMember(zip, maxMembers);
  let started = false;
  let finished = false;
  let inflatedBytes = 0;
  const unzip = new Unzip((file) => {
    if (started || file.name !== chosen) return;
    started = true;
    const sink = openSink(file.name);
    file.ondata = (err, data, final) => {
      // fflate hands errors thrown by this callback back to it as `err`: keep our own rejections as they are.
      if (err) throw (err as unknown) instanceof ReportRejection ? err : new ReportRejection("malformed", `zip: ${err.message}`);
      inflatedBytes += data.length;
      if (inflatedBytes > maxInflatedBytes) {
        throw new ReportRejection("bomb", `zip member inflates to more than ${maxInflatedBytes} bytes`);
      }
      if (data.length > 0) sink.write(data);
      if (final && !finished) {
        finished = true;
        sink.end();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    for (let offset = 0; offset < zip.length; offset += REPORT_INFLATE_STEP_BYTES) {
      unzip.push(zip.subarray(offset, offset + REPORT_INFLATE_STEP_BYTES), offset + REPORT_INFLATE_STEP_BYTES >= zip.length);
    }
  } catch (err) {
    if (err instanceof ReportRejection) throw err;
    throw new ReportRejection("malformed", `zip: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!finished) throw new ReportRejection("malformed", `zip member "${chosen}" could not be read to its end`);
}
