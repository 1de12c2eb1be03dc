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

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string; status?: string; diagnosticCode?: string; action?: string }[]; reportingMTA?: string };
  delivery?: { recipients?: string[]; smtpResponse?: string; remoteMtaIp?: string; reportingMTA?: string };
  Message?: string;
}

/** The first JSON object in `text` that looks like an SES notification (possibly wrapped in an SNS envelope). */
function findNotification(text: string): SesNotification | undefined {
  const start = text.indexOf("{");
  if (start < 0 || !/"(?:notificationType|eventType)"/.test(text)) return undefined;
  const end = text.lastIndexOf("}");
  try {
    let parsed = JSON.parse(text.slice(start, end + 1).replace(/\s*\n\s*/g, " ")) as SesNotification;
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
    return (n.bounce.bouncedRecipients ?? []).map((r) => {
      const diag = (r.diagnosticCode ?? "").replace(/^smtp;\s*/i, "");
      return {
        address: (r.emailAddress ?? "").toLowerCase(),
        status: r.status ?? "",
        diagnostic: diag,
        diagnosticType: "SMTP",
        action: transient ? "delayed" : (r.action ?? "failed"),
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
