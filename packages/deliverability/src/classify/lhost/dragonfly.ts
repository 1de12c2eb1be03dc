/**
 * DragonFly Mail Agent (dma, https://github.com/corecode/dma): "There was an error delivering your
 * mail to <addr>." then the error; net.c writes a refusal as "host [ip] did not like our RCPT TO:" and
 * the reply on the next line (Sisimai lhost/via-dragonfly.go).
 */
import { type BounceReason } from "../types.ts";
import { findCommand } from "../smtp-command.ts";
import { beforeAny, emptyDraft, reasonByPhrases, type Draft, type Lhost } from "./types.ts";

const START = "This is the DragonFly Mail Agent ";
const RECIPIENT = "There was an error delivering your mail to <";
/** dma.c:373 and net.c:663: the agent's own errors. */
const MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  expired: ["Could not deliver for the last "],
  hostunknown: ["DNS lookup failure: host "],
};

export const dragonFly: Lhost = {
  name: "DragonFly",
  detect: (mail) => mail.subject.includes("Mail delivery failed") && mail.header("received").includes(" (DragonFly Mail Agent"),
  parse(mail) {
    const body = beforeAny(mail.text, ["Original message follows.", "Message headers follow"]);
    const start = body.indexOf(START);
    if (start < 0) return undefined;
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    for (const line of body.slice(start).split("\n").slice(1)) {
      if (line.trim() === "") continue;
      if (line.startsWith(RECIPIENT)) {
        const address = /<([^<>\s]+@[^<>\s]+)>/.exec(line)?.[1]?.toLowerCase();
        if (!address) continue;
        current = emptyDraft(address);
        drafts.push(current);
      } else if (current) {
        current.diagnostic += `${line.trimEnd()} `;
        if (line.includes(" did not like our ") && current.remoteMta === "") {
          const [first = "", second = ""] = line.split(" ");
          current.remoteMta = first.indexOf(".") > 1 ? first : second;
          current.command = findCommand(line);
        }
      }
    }
    for (const d of drafts) {
      d.diagnostic = d.diagnostic.replace(/\s+/g, " ").trim();
      d.reason = reasonByPhrases(d.diagnostic, MESSAGES);
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};
