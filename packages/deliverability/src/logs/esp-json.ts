/**
 * ESP webhook events as NDJSON lines (or one JSON array per line, as SendGrid posts them): SendGrid
 * Event Webhook, Mailgun webhooks (event-data), Postmark webhooks (RecordType), Amazon SES event and
 * notification JSON, bare or inside an SNS envelope (`Type: "Notification"`, `Message` as a string), and
 * SparkPost webhooks (msys).
 */
import { isMachineOpen } from "./machine-open.ts";
import { type DeliveryEvent, type DeliveryStatus, type LineRecord, type LogFormat } from "./types.ts";

type Partial1 = Partial<DeliveryEvent> & { recipient: string; status: DeliveryStatus };
type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Campaign names and variants past this are someone's whole metadata blob, not a label: cut. */
export const CAMPAIGN_MAX_CHARS = 200;

/**
 * The campaign and variant of an event from its provider's metadata (custom args, user variables,
 * Metadata, rcpt_meta: a flat object) and tags (categories, tags: a list). An explicit `campaign` (or
 * `campaign_id`) and `variant` key wins; without one, the first tag names the campaign. A campaign that
 * only a tag names has no variant.
 */
function campaignOf(meta: Json, tags: unknown): { campaign: string; variant: string } {
  const list = (Array.isArray(tags) ? tags : [tags]).map(str).filter((t) => t.trim() !== "");
  const campaign = str(meta.campaign).trim() || str(meta.campaign_id).trim() || (list[0] ?? "").trim();
  return { campaign: campaign.slice(0, CAMPAIGN_MAX_CHARS), variant: str(meta.variant).trim().slice(0, CAMPAIGN_MAX_CHARS) };
}

/** A boolean an ESP sent as JSON true/false (or, from a relay that stringified it, "true"/"false"); undefined otherwise. */
function flag(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  return undefined;
}

function isoFrom(v: unknown): string | null {
  if (typeof v === "number") return new Date(v < 1e12 ? v * 1000 : v).toISOString();
  if (typeof v === "string" && v !== "") {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  return null;
}

function sendgrid(e: Json): Partial1[] {
  const kind = str(e.event);
  const base = {
    recipient: str(e.email),
    time: isoFrom(e.timestamp),
    messageId: str(e["smtp-id"]) || str(e.sg_message_id),
    source: "sendgrid",
    eventType: kind,
    // Custom args (unique_args in the legacy API) arrive as top-level keys of the event; some relays nest them.
    ...campaignOf({ ...e, ...obj(e.unique_args), ...obj(e.custom_args) }, e.category),
  };
  const response = str(e.response) || str(e.reason);
  switch (kind) {
    case "delivered":
      return [{ ...base, status: "sent", response, enhancedCode: str(e.status) }];
    case "deferred":
      return [{ ...base, status: "deferred", response, enhancedCode: str(e.status) }];
    case "bounce":
    case "dropped":
      return [{ ...base, status: "bounced", response, enhancedCode: str(e.status) }];
    case "open":
      // sg_machine_open: SendGrid's Apple Mail Privacy Protection indicator; useragent and ip describe the fetch.
      return [
        {
          ...base,
          status: "sent",
          eventType: "open",
          machineOpen: isMachineOpen({ providerFlag: flag(e.sg_machine_open), userAgent: str(e.useragent), ip: str(e.ip) }),
        },
      ];
    case "click":
    case "spamreport":
    case "unsubscribe":
    case "group_unsubscribe":
      return [{ ...base, status: "sent", eventType: kind === "spamreport" ? "complaint" : kind }];
    default:
      return [];
  }
}

function mailgun(e: Json): Partial1[] {
  const d = obj(e["event-data"]);
  const kind = str(d.event);
  const ds = obj(d["delivery-status"]);
  const headers = obj(obj(d.message).headers);
  const base = {
    recipient: str(d.recipient),
    time: isoFrom(d.timestamp),
    messageId: str(headers["message-id"]),
    sender: str(headers.from),
    source: "mailgun",
    eventType: kind,
    ...campaignOf(obj(d["user-variables"]), d.tags),
  };
  const response = [str(ds.code), str(ds.message) || str(ds.description)].filter(Boolean).join(" ");
  const code = str(ds["enhanced-code"]);
  const relay = { relayHost: str(ds["mx-host"]), delaySeconds: typeof ds["session-seconds"] === "number" ? ds["session-seconds"] : null };
  switch (kind) {
    case "delivered":
      return [{ ...base, ...relay, status: "sent", response, enhancedCode: code }];
    case "failed":
      return [{ ...base, ...relay, status: str(d.severity) === "temporary" ? "deferred" : "bounced", response, enhancedCode: code }];
    case "opened":
      // Mailgun names no machine opens: the fetch's user agent is in client-info (older payloads: top-level user-agent).
      return [
        {
          ...base,
          status: "sent",
          eventType: "open",
          machineOpen: isMachineOpen({ userAgent: str(obj(d["client-info"])["user-agent"]) || str(d["user-agent"]), ip: str(d.ip) }),
        },
      ];
    case "clicked":
    case "complained":
    case "unsubscribed":
      return [
        {
          ...base,
          status: "sent",
          eventType: { clicked: "click", complained: "complaint", unsubscribed: "unsubscribe" }[kind],
        },
      ];
    default:
      return [];
  }
}

function postmark(e: Json): Partial1[] {
  const kind = str(e.RecordType);
  const base = {
    recipient: str(e.Recipient) || str(e.Email),
    messageId: str(e.MessageID),
    source: "postmark",
    ...campaignOf(obj(e.Metadata), e.Tag),
  };
  switch (kind) {
    case "Delivery":
      return [{ ...base, time: isoFrom(e.DeliveredAt), status: "sent", response: str(e.Details), eventType: "delivered" }];
    case "Bounce": {
      const soft = /Soft|Transient|DnsError|AutoResponder/.test(str(e.Type));
      return [
        {
          ...base,
          time: isoFrom(e.BouncedAt),
          status: soft ? "deferred" : "bounced",
          response: str(e.Details) || str(e.Description),
          eventType: "bounce",
        },
      ];
    }
    case "SpamComplaint":
      return [{ ...base, time: isoFrom(e.BouncedAt), status: "sent", eventType: "complaint" }];
    case "Open":
      // Postmark describes the fetch (UserAgent, Client, OS, Platform, Geo.IP) but flags no machine opens.
      return [
        {
          ...base,
          time: isoFrom(e.ReceivedAt),
          status: "sent",
          eventType: "open",
          machineOpen: isMachineOpen({ userAgent: str(e.UserAgent), ip: str(obj(e.Geo).IP) }),
        },
      ];
    case "Click":
      return [{ ...base, time: isoFrom(e.ReceivedAt), status: "sent", eventType: "click" }];
    case "SubscriptionChange":
      return [{ ...base, time: isoFrom(e.ChangedAt), status: "sent", eventType: "unsubscribe" }];
    default:
      return [];
  }
}

/**
 * SES message tags are `{ name: [value] }`; Amazon adds its own (`ses:configuration-set`, `ses:from-domain`…),
 * which name no campaign. Without a `campaign` tag the first of the sender's own tags is the campaign.
 */
function sesCampaign(tags: Json): { campaign: string; variant: string } {
  const own = Object.entries(tags).filter(([k]) => !k.startsWith("ses:") && !k.startsWith("aws:"));
  const meta: Json = Object.fromEntries(own.map(([k, v]) => [k, arr(v)[0] ?? v]));
  return campaignOf(
    meta,
    own.map(([, v]) => arr(v)[0] ?? v),
  );
}

function ses(e: Json): Partial1[] {
  const kind = (str(e.eventType) || str(e.notificationType)).toLowerCase();
  const mail = obj(e.mail);
  const base = { messageId: str(mail.messageId), sender: str(mail.source), source: "ses", ...sesCampaign(obj(mail.tags)) };
  if (kind === "delivery") {
    const d = obj(e.delivery);
    const ms = d.processingTimeMillis;
    return arr(d.recipients).map((r) => ({
      ...base,
      recipient: str(r),
      time: isoFrom(d.timestamp),
      status: "sent" as const,
      response: str(d.smtpResponse),
      relayIp: str(d.remoteMtaIp),
      delaySeconds: typeof ms === "number" ? ms / 1000 : null,
      eventType: "delivered",
    }));
  }
  if (kind === "bounce") {
    const b = obj(e.bounce);
    const transient = str(b.bounceType) === "Transient";
    return arr(b.bouncedRecipients).map((x) => {
      const r = obj(x);
      return {
        ...base,
        recipient: str(r.emailAddress),
        time: isoFrom(b.timestamp),
        status: transient ? ("deferred" as const) : ("bounced" as const),
        response: str(r.diagnosticCode).replace(/^smtp;\s*/i, ""),
        enhancedCode: str(r.status),
        relayHost: str(b.reportingMTA).replace(/^dns;\s*/i, ""),
        eventType: "bounce",
      };
    });
  }
  if (kind === "deliverydelay") {
    const d = obj(e.deliveryDelay);
    return arr(d.delayedRecipients).map((x) => {
      const r = obj(x);
      return {
        ...base,
        recipient: str(r.emailAddress),
        time: isoFrom(d.timestamp),
        status: "deferred" as const,
        response: str(r.diagnosticCode),
        enhancedCode: str(r.status),
        eventType: "deferred",
      };
    });
  }
  const lists: Record<string, [string, string]> = {
    complaint: ["complaint", "complainedRecipients"],
    open: ["open", ""],
    click: ["click", ""],
  };
  const l = lists[kind];
  if (!l) return [];
  const detail = obj(e[kind]);
  const recipients = l[1] ? arr(detail[l[1]]).map((x) => str(obj(x).emailAddress)) : arr(mail.destination).map(str);
  // An SES open carries the fetch's userAgent and ipAddress, and no machine-open flag.
  const machine = kind === "open" ? { machineOpen: isMachineOpen({ userAgent: str(detail.userAgent), ip: str(detail.ipAddress) }) } : {};
  return recipients.map((recipient) => ({
    ...base,
    recipient,
    time: isoFrom(detail.timestamp),
    status: "sent" as const,
    eventType: l[0],
    ...machine,
  }));
}

/**
 * SparkPost webhooks: `{ msys: { message_event | track_event | unsubscribe_event: {...} } }`. A bounce
 * event is final (retries arrive as delay events), so it is a bounce whatever its class; the reply text
 * decides, through the classifier, whether its category is hard or soft.
 */
function sparkpost(e: Json): Partial1[] {
  const msys = obj(e.msys);
  const d = obj(msys.message_event ?? msys.track_event ?? msys.unsubscribe_event);
  const kind = str(d.type);
  const base = {
    recipient: str(d.rcpt_to) || str(d.raw_rcpt_to),
    time: isoFrom(Number(str(d.timestamp)) || str(d.timestamp)),
    messageId: str(d.message_id),
    sender: str(d.friendly_from),
    source: "sparkpost",
    eventType: kind,
    ...campaignOf({ campaign_id: d.campaign_id, ...obj(d.rcpt_meta) }, d.tags),
  };
  const response = str(d.raw_reason) || str(d.reason);
  switch (kind) {
    case "delivery":
      return [{ ...base, status: "sent", response, relayHost: str(d.mailbox_provider) }];
    case "delay":
      return [{ ...base, status: "deferred", response }];
    case "bounce":
    case "out_of_band":
      return [{ ...base, status: "bounced", response }];
    case "policy_rejection":
    case "generation_rejection":
      return [{ ...base, status: "bounced", response }];
    case "spam_complaint":
      return [{ ...base, status: "sent", eventType: "complaint" }];
    case "open":
    case "initial_open":
    case "amp_open":
      // SparkPost track events carry the fetch's user_agent and ip_address, and no machine-open flag.
      return [
        { ...base, status: "sent", eventType: "open", machineOpen: isMachineOpen({ userAgent: str(d.user_agent), ip: str(d.ip_address) }) },
      ];
    case "click":
    case "amp_click":
      return [{ ...base, status: "sent", eventType: "click" }];
    case "list_unsubscribe":
    case "link_unsubscribe":
      return [{ ...base, status: "sent", eventType: "unsubscribe" }];
    default:
      return [];
  }
}

/** Which ESP a parsed event comes from, by its distinctive keys. */
export function eventsFromJson(value: unknown): Partial1[] {
  if (Array.isArray(value)) return value.flatMap(eventsFromJson);
  const e = obj(value);
  if (e.Type === "Notification" && typeof e.Message === "string") {
    try {
      return eventsFromJson(JSON.parse(e.Message));
    } catch {
      return [];
    }
  }
  if ("event-data" in e) return mailgun(e);
  if ("msys" in e) return sparkpost(e);
  if ("RecordType" in e) return postmark(e);
  if ("notificationType" in e || ("eventType" in e && "mail" in e)) return ses(e);
  if ("event" in e && "email" in e) return sendgrid(e);
  return [];
}

function jsonFormat(name: string): LogFormat {
  return {
    name,
    parseLine(line: string): LineRecord | null {
      const t = line.trimStart();
      if (t[0] !== "{" && t[0] !== "[") return null;
      let value: unknown;
      try {
        value = JSON.parse(t);
      } catch {
        return null;
      }
      const events = eventsFromJson(value).filter((e) => name === "json" || e.source === name);
      return events.length > 0 ? { kind: "events", events } : null;
    },
  };
}

export const sendgridFormat = jsonFormat("sendgrid");
export const mailgunFormat = jsonFormat("mailgun");
export const postmarkFormat = jsonFormat("postmark");
export const sesFormat = jsonFormat("ses");
export const sparkpostFormat = jsonFormat("sparkpost");
/** Any of the four, told apart per event. */
export const espJsonFormat = jsonFormat("json");
