/**
 * fml mailing-list manager notices to the poster ("-admin@" sender, X-MLServer header, Message-Id
 * with ".FML"): the subject or the body names why the post was refused (Sisimai lhost/via-fml.go).
 * Sisimai later (2025) reads "Duplicated Message-ID" as notcompliantrfc; the loop-alert subject
 * rule ("systemerror") is the one the published expectations were written with.
 */
import { type BounceReason } from "../types.ts";
import { beforeAny, emptyDraft, reasonByPhrases, type Draft, type Lhost } from "./types.ts";

const BODY: Partial<Record<BounceReason, readonly string[]>> = {
  rejected: [
    " header may cause mail loop",
    "NOT MEMBER article from ",
    "reject mail from ",
    "reject spammers:",
    "You are not a member of this mailing list",
  ],
  securityerror: ["Security alert:"],
  systemerror: [" has detected a loop condition so that", "Loop Back Warning:"],
};
const SUBJECT: Partial<Record<BounceReason, readonly string[]>> = {
  rejected: [" are not member", "NOT MEMBER article from ", "reject mail ", "Spam mail from a spammer is rejected"],
  systemerror: ["fml system error message", "Loop Alert: ", "Loop Back Warning: ", "WARNING: UNIX FROM Loop"],
  securityerror: ["Security Alert"],
};

export const fml: Lhost = {
  name: "fml",
  detect: (mail) => mail.header("x-mlserver") !== "" && mail.from.indexOf("-admin@") > 0 && mail.messageId.indexOf(".FML") > 1,
  parse(mail) {
    const notice = beforeAny(mail.text, ["Original mail as follows:"]);
    const drafts: Draft[] = [];
    for (const line of notice.split("\n")) {
      if (line.trim() === "") continue;
      const address = /<([^<>\s]+@[^<>\s]+)>/.exec(line)?.[1];
      if (address) drafts.push({ ...emptyDraft(address.toLowerCase()), diagnostic: line.trim() });
      else {
        const last = drafts[drafts.length - 1];
        if (last) last.diagnostic += ` ${line.trim()}`;
      }
    }
    for (const d of drafts) d.reason = reasonByPhrases(d.diagnostic, BODY) ?? reasonByPhrases(mail.subject, SUBJECT);
    return drafts.length > 0 ? drafts : undefined;
  },
};
