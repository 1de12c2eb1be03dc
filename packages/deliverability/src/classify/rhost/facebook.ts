/**
 * Facebook: "XXX-Pn"/"XXX-Tn" response labels. https://www.facebook.com/postmaster/response_codes
 * (Sisimai rhost/for-facebook.go).
 */
import { type BounceReason } from "../types.ts";
import { type RemoteHost } from "./types.ts";

const ERROR_CODES: Partial<Record<BounceReason, readonly string[]>> = {
  authfailure: ["POL-P7"],
  blocked: ["POL-P1", "POL-P2", "POL-P3", "POL-P4", "POL-T1", "POL-T2", "POL-T3"],
  contenterror: ["MSG-P2"],
  filtered: ["RCP-P2", "RCP-P3"],
  mesgtoobig: ["MSG-P1", "INT-P2"],
  notcompliantrfc: ["MSG-P3"],
  rejected: ["DNS-P1", "DNS-P2", "DNS-T1"],
  requireptr: ["DNS-P3", "DNS-T2"],
  spamdetected: ["POL-P6"],
  suspend: ["RCP-T4"],
  systemerror: ["RCP-T1"],
  toomanyconn: ["CON-T1", "CON-T2", "CON-T3", "CON-T4", "MSG-T1"],
  userunknown: ["RCP-P1", "INT-P1", "INT-P3", "INT-P4"],
  virusdetected: ["POL-P5"],
};

export const facebook: RemoteHost = {
  name: "Facebook",
  hosts: [".facebook.com"],
  reasonFor({ diagnostic }) {
    const label = /\b([A-Z]{3}-[PT]\d)\b/.exec(diagnostic)?.[1];
    if (!label) return "";
    for (const [reason, codes] of Object.entries(ERROR_CODES) as [BounceReason, readonly string[]][]) {
      if (codes.includes(label)) return reason;
    }
    return "";
  },
};
