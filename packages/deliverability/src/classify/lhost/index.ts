/** The generator modules in the order they are tried (Sisimai lhost/order.go: specific before generic). */
import { amazonSes } from "./amazon-ses.ts";
import { activeHunter, apacheJames, interScanMss, mailFoundry, mailMarshal } from "./appliances.ts";
import { biglobe, verizon } from "./carriers.ts";
import { dragonFly } from "./dragonfly.ts";
import { exchange2003 } from "./exchange2003.ts";
import { exchange2007 } from "./exchange2007.ts";
import { exim } from "./exim.ts";
import { ezweb } from "./ezweb.ts";
import { fml } from "./fml.ts";
import { einsUndEins, gmx } from "./german-providers.ts";
import { gmail } from "./gmail.ts";
import { googleGroups } from "./google-groups.ts";
import { googleWorkspace } from "./google-workspace.ts";
import { messagingServer } from "./messaging-server.ts";
import { mFilter } from "./mfilter.ts";
import { mimecastLhost } from "./mimecast.ts";
import { openSmtpd } from "./opensmtpd.ts";
import { courier, domino, iMailServer, notes } from "./phrase-generators.ts";
import { postfix } from "./postfix.ts";
import { qmail } from "./qmail.ts";
import { sendmail } from "./sendmail.ts";
import { type Lhost } from "./types.ts";
import { x1, x3, x6 } from "./unidentified.ts";
import { v5sendmail } from "./v5sendmail.ts";
import { zoho } from "./zoho.ts";

export type { BounceMail, Draft, Lhost } from "./types.ts";
export { emptyDraft } from "./types.ts";

export const LHOSTS: readonly Lhost[] = [
  amazonSes,
  googleGroups,
  gmail,
  googleWorkspace,
  mFilter,
  activeHunter,
  apacheJames,
  interScanMss,
  mailFoundry,
  mailMarshal,
  biglobe,
  verizon,
  fml,
  openSmtpd,
  dragonFly,
  messagingServer,
  zoho,
  exchange2003,
  exchange2007,
  gmx,
  einsUndEins,
  exim,
  ezweb,
  postfix,
  qmail,
  domino,
  iMailServer,
  courier,
  notes,
  sendmail,
  v5sendmail,
  mimecastLhost,
  x6,
  x3,
  x1,
];
