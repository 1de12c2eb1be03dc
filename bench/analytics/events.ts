/**
 * The synthetic mail of the analytics and report benchmarks (bench/analytics, bench/report): one
 * organization's delivery events in time order, with campaign mail and ESP engagement, deterministic per
 * seed. Shared so both benchmarks measure the same data.
 */
import { type EventRow } from "../../packages/services/src/ingest/event-rows.ts";

const DAY = 86_400_000;

/** mulberry32: the same events on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROVIDERS = ["google", "google", "google", "microsoft", "microsoft", "yahoo", "apple", "other"];
const DEFER_CODES = ["421", "421", "450", "451"];
const BOUNCE_CODES = ["550", "550", "550", "552", "554"];

/**
 * `count` events of one organization between `from` and `to`, in time order, yielded in slices. A message
 * is one delivery event (93 % sent, else deferred or bounced); half the messages are campaign mail (one
 * campaign a week, variants A/B) of which 30 % are opened (a fifth of them twice) and 5 % clicked, as ESP
 * webhooks report them. Engagement events follow their delivery by up to an hour.
 */
export function* eventSlices(orgId: string, count: number, from: number, to: number, seed: number, slice: number): Generator<EventRow[]> {
  const rand = rng(seed);
  const span = to - from;
  let out: EventRow[] = [];
  let written = 0;
  let g = 0;
  const base = { orgId, source: "bench", host: "mx1", recipientDomain: "example.com", recipient: null, enhancedCode: "", reason: "" };
  const common = { response: "", relayHost: "", relayIp: "", serverId: null, hop: null };
  while (written < count) {
    g++;
    const time = from + (written / count) * span + rand() * 1000;
    const provider = PROVIDERS[g % PROVIDERS.length]!;
    const senderDomain = g % 2 ? "acme.example" : "news.acme.example";
    const marketing = rand() < 0.5;
    const week = Math.floor(time / (7 * DAY));
    const campaign = marketing ? `newsletter-${week}` : "";
    const variant = marketing ? (g % 2 ? "A" : "B") : "";
    const messageId = `<m${seed}.${g}@acme.example>`;
    const recipientHash = `r${seed}.${g}`;
    const roll = rand();
    const status = roll < 0.93 ? "sent" : roll < 0.98 ? "deferred" : "bounced";
    const replyCode = status === "sent" ? "250" : status === "deferred" ? DEFER_CODES[g % 4]! : BOUNCE_CODES[g % 5]!;
    // Campaign mail comes through an ESP (which reports opens); the rest from MTA logs.
    const message = {
      ...base,
      ...common,
      queueId: `Q${g}`,
      messageId,
      campaign,
      variant,
      senderDomain,
      recipientHash,
      provider,
      engagementTracked: marketing,
    };
    out.push({
      ...message,
      time: new Date(time),
      status,
      eventType: status === "sent" ? "delivered" : status,
      replyCode,
      category: status === "sent" ? "delivered" : status === "deferred" ? "throttled" : "user_unknown",
      delaySeconds: status === "sent" ? rand() * 30 : null,
      eventKey: `k${seed}.${g}`,
    });
    written++;
    if (marketing && status === "sent") {
      const engagement = (kind: "open" | "click", n: number) => {
        if (written >= count) return;
        out.push({
          ...message,
          time: new Date(time + rand() * 3_600_000),
          status: "sent",
          eventType: kind,
          replyCode: "",
          category: kind,
          delaySeconds: null,
          eventKey: `k${seed}.${g}.${kind}${n}`,
        });
        written++;
      };
      if (rand() < 0.3) {
        engagement("open", 1);
        if (rand() < 0.2) engagement("open", 2);
        if (rand() < 0.17) engagement("click", 1);
      }
    }
    if (out.length >= slice) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}
