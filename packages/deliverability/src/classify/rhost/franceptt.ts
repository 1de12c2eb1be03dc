/**
 * Orange / Wanadoo / La Poste (France): the "OFR_nnn" / "LPNnnn_nnn" labels at the end of the reply.
 * https://www.postmastery.com/orange-postmaster-smtp-error-codes-ofr/, https://smtpfieldmanual.com/provider/orange
 * (Sisimai rhost/for-franceptt.go).
 */
import { type BounceReason } from "../types.ts";
import { firstPhraseMatch, type RemoteHost } from "./types.ts";

const ERROR_CODES: Record<string, BounceReason | ""> = {
  "101": "blocked",
  "102": "blocked",
  "103": "blocked",
  "104": "toomanyconn",
  "105": "",
  "107": "",
  "108": "",
  "109": "",
  "201": "",
  "305": "securityerror",
  "401": "authfailure",
  "402": "securityerror",
  "403": "rejected",
  "405": "rejected",
  "415": "rejected",
  "416": "userunknown",
  "417": "mailboxfull",
  "420": "suspend",
  "421": "rejected",
  "423": "",
  "424": "",
  "426": "suspend",
  "505": "systemerror",
  "506": "spamdetected",
  "510": "blocked",
  "513": "",
  "514": "mesgtoobig",
  "517": "authfailure",
  "630": "policyviolation",
  "999": "blocked",
};
const MESSAGES = { authfailure: ["spf/dns de votre nom de domaine"] } as const;

export const francePtt: RemoteHost = {
  name: "FrancePTT",
  hosts: [".laposte.net", ".orange.fr", ".wanadoo.fr"],
  reasonFor({ diagnostic }) {
    const text = diagnostic.toLowerCase().replaceAll("_", "-");
    for (const label of ["lpn", "lpnaaa", "ofr", "ouk"]) {
      const at = text.lastIndexOf(label);
      if (at < 0) continue;
      const rest = text.slice(at + label.length).split(" ")[0] ?? "";
      for (const [code, reason] of Object.entries(ERROR_CODES)) if (rest.endsWith(code)) return reason;
      break;
    }
    return firstPhraseMatch(text, MESSAGES);
  },
};
