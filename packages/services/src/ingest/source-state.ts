/** The correlator state of a log source as stored: gzip of its JSON (tens of MB of JSON for a busy MTA). */
import { gunzipSync, gzipSync } from "node:zlib";

import { type CorrelatorState } from "@inboxwatch/deliverability/logs";

/** Written after every batch; speed over ratio. */
const STATE_GZIP_LEVEL = 1;

export function packState(state: CorrelatorState): Uint8Array {
  return new Uint8Array(gzipSync(JSON.stringify(state), { level: STATE_GZIP_LEVEL }));
}

/** Null for a state this release cannot read (another version): the source starts afresh rather than fail. */
export function unpackState(bytes: Uint8Array): CorrelatorState | null {
  try {
    const state = JSON.parse(gunzipSync(bytes).toString("utf8")) as CorrelatorState;
    return state.version === 1 ? state : null;
  } catch {
    return null;
  }
}
