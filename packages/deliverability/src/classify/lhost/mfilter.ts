/**
 * Digital Arts m-FILTER (https://www.daj.jp/bs/mf/): "failure notice" with X-Mailer: m-FILTER, each
 * failed address alone on a line, the server's reply under "-------server message" and the command it
 * answered under "-------SMTP command" (Sisimai lhost/via-mfilter.go).
 */
import { findCommand } from "../smtp-command.ts";
import { beforeAny, emptyDraft, type Draft, type Lhost } from "./types.ts";

const SERVER_MESSAGE = "-------server message";
const SMTP_COMMAND = "-------SMTP command";
const ADDRESS_ONLY_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const mFilter: Lhost = {
  name: "mFILTER",
  detect: (mail) => mail.subject === "failure notice" && mail.header("x-mailer").trim() === "m-FILTER",
  parse(mail) {
    const body = beforeAny(mail.text, ["-------original message", "-------original mail info"]);
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    let expecting: "message" | "command" | "" = "";
    for (const raw of body.split("\n")) {
      const line = raw.trim();
      if (line === "") continue;
      if (ADDRESS_ONLY_RE.test(line)) {
        current = emptyDraft(line.toLowerCase());
        drafts.push(current);
      } else if (line === SERVER_MESSAGE) {
        expecting = "message";
      } else if (line === SMTP_COMMAND) {
        expecting = "command";
      } else if (current && expecting === "message" && current.diagnostic === "") {
        current.diagnostic = line;
        expecting = "";
      } else if (current && expecting === "command" && findCommand(line) !== "") {
        current.command = findCommand(line);
        expecting = "";
      }
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};
