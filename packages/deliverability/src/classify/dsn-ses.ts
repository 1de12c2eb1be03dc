/**
 * Amazon SES bounce/delivery notifications (the JSON that SES posts to SNS and, forwarded, mails):
 * `bounce.bouncedRecipients[]` with `status` and `diagnosticCode`, `delivery.recipients[]` for successes.
 */

export interface SesRecipient {
  address: string;
  status: string;
  diagnostic: string;
  diagnosticType: string;
  action: string;
  remoteMta: string;
}

interface SesMail {
  destination?: string[];
  commonHeaders?: { to?: string[] };
  headers?: { name?: string; value?: string }[];
}

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  mail?: SesMail;
  bounce?: {
    bounceType?: string;
    bouncedRecipients?: { emailAddress?: string; status?: string; diagnosticCode?: string; action?: string }[];
    reportingMTA?: string;
  };
  delivery?: { recipients?: string[]; smtpResponse?: string; remoteMtaIp?: string; reportingMTA?: string };
  Message?: string;
}

/**
 * Amazon SNS mails a notification with its long lines folded as "…!" + newline + " …" and appends an
 * unsubscribe footer after a "--" line (Sisimai Lhost/AmazonSES.pm unfolds and cuts the same way).
 */
function unfoldSnsMail(text: string): string {
  const footer = text.search(/\r?\n\r?\n--\r?\n/);
  return (footer >= 0 ? text.slice(0, footer) : text).replace(/!\r?\n /g, "");
}

const ADDRESS_IN_HEADER_RE = /<?([^\s<>@"(),;:]+@[A-Za-z0-9.-]+[A-Za-z0-9])>?/;

/**
 * The addresses the message was sent to, from the notification's mail object (destination, else the
 * common or raw To: header): a bounce whose bouncedRecipients name no address is still about them.
 */
function mailRecipients(mail: SesMail | undefined): string[] {
  const fromHeaders = [
    ...(mail?.commonHeaders?.to ?? []),
    ...(mail?.headers ?? []).filter((h) => (h.name ?? "").toLowerCase() === "to").map((h) => h.value ?? ""),
  ];
  const list = (mail?.destination ?? []).length > 0 ? (mail?.destination ?? []) : fromHeaders;
  return list.flatMap((v) => ADDRESS_IN_HEADER_RE.exec(v)?.[1]?.toLowerCase() ?? []);
}

/** The first JSON object in `text` that looks like an SES notification (possibly wrapped in an SNS envelope). */
function findNotification(text: string): SesNotification | undefined {
  if (!/"(?:notificationType|eventType)"/.test(text)) return undefined;
  const body = unfoldSnsMail(text);
  const start = body.indexOf("{");
  if (start < 0) return undefined;
  const end = body.lastIndexOf("}");
  try {
    let parsed = JSON.parse(body.slice(start, end + 1).replace(/\s*\n\s*/g, " ")) as SesNotification;
    if (typeof parsed.Message === "string") parsed = JSON.parse(parsed.Message) as SesNotification;
    return parsed;
  } catch {
    return undefined;
  }
}

export function recipientsFromSesJson(text: string): SesRecipient[] {
  const n = findNotification(text);
  if (!n) return [];
  const type = (n.notificationType ?? n.eventType ?? "").toLowerCase();
  if (type === "bounce" && n.bounce) {
    const transient = n.bounce.bounceType === "Transient";
    const listed = (n.bounce.bouncedRecipients ?? []).filter((r) => (r.emailAddress ?? "").includes("@"));
    // No bounced recipient with an address (bounce subtype NoEmail, or a truncated list): the mail
    // object still says whom the message was for.
    const bounced =
      listed.length > 0
        ? listed
        : mailRecipients(n.mail).map((emailAddress) => ({ emailAddress, status: "", diagnosticCode: "", action: "" }));
    return bounced.map((r) => {
      const diag = (r.diagnosticCode ?? "").replace(/^smtp;\s*/i, "");
      return {
        address: (r.emailAddress ?? "").toLowerCase(),
        status: r.status ?? "",
        diagnostic: diag,
        diagnosticType: "SMTP",
        action: transient ? "delayed" : r.action || "failed",
        remoteMta: n.bounce?.reportingMTA ?? "",
      };
    });
  }
  if (type === "delivery" && n.delivery) {
    const smtp = n.delivery.smtpResponse ?? "";
    return (n.delivery.recipients ?? []).map((address) => ({
      address: address.toLowerCase(),
      status: /\b2\.\d\.\d\b/.exec(smtp)?.[0] ?? "2.0.0",
      diagnostic: smtp,
      diagnosticType: "SMTP",
      action: "delivered",
      remoteMta: n.delivery?.remoteMtaIp ?? "",
    }));
  }
  return [];
}
