/**
 * Throttling, greylisting and internal congestion, told apart from per-minute delivery counts, the
 * deferrals themselves (reply code, enhanced status, text, whether the retry got through) and the queue
 * depth series. Pure: no database, no clock; the caller loads a window and stores what comes out.
 *
 * The three look alike from a dashboard (deferrals rise, latency rises) and call for different actions:
 * - greylisting (a receiver's anti-spam delay): nothing to do, the retry is delivered;
 * - throttling (a provider limiting our rate): slow down towards that provider;
 * - internal congestion (our own MTA or network): fix our side; no provider is at fault.
 */

/** Delivery attempts of one provider in one minute (`minute` is epoch ms at the start of the minute). */
export interface ProviderMinute {
  provider: string;
  minute: number;
  attempts: number;
  sent: number;
  deferred: number;
  /** Deferrals that carried a remote 4xx reply (the rest are local: timeouts, refused connections). */
  remote4xx: number;
  delaySum: number;
  delayCount: number;
}

/** One deferred attempt, with how long until the same recipient's message was delivered (null: not yet). */
export interface Deferral {
  provider: string;
  at: number;
  replyCode: string;
  enhancedCode: string;
  response: string;
  retrySucceededAfterSeconds: number | null;
}

/** Queue depth (active + deferred + incoming + hold, summed over sources) at one moment. */
export interface QueuePoint {
  at: number;
  depth: number;
}

export interface DetectInput {
  from: number;
  to: number;
  /** Every provider's minutes in [from, to], not only the touched ones: throttling is judged against the others. */
  minutes: readonly ProviderMinute[];
  deferrals: readonly Deferral[];
  queue: readonly QueuePoint[];
  /** Providers to judge for throttling/greylisting (those a batch touched); all when absent. */
  providers?: readonly string[];
}

export type DetectionKind = "throttled" | "greylisted" | "internal_congestion";

/** The provider key of an internal congestion detection: it spans every provider. */
export const ALL_PROVIDERS = "*";

export interface DetectionEvidence {
  attempts: number;
  deferrals: number;
  matching: number;
  retriedOk: number;
  medianRetrySeconds: number | null;
  spikeFactor: number | null;
  otherDeferralRate: number | null;
  queueDepthMax: number | null;
  queueDepthBaseline: number | null;
  delayMeanSeconds: number | null;
  delayBaselineSeconds: number | null;
  codes: { code: string; count: number }[];
  sampleReplies: string[];
}

export interface Detection {
  provider: string;
  kind: DetectionKind;
  startedAt: number;
  lastSeenAt: number;
  summary: string;
  evidence: DetectionEvidence;
}

const MINUTE_MS = 60_000;

/** Reply texts kept as evidence: enough to read the provider's wording, small enough for an alert. */
export const DETECTION_SAMPLE_REPLIES = 5;
/** Distinct codes listed in the evidence. */
const DETECTION_CODES_MAX = 8;
/** Reply text length in the evidence. */
const SAMPLE_REPLY_MAX_CHARS = 300;

/** Fewer matching deferrals than this are single greylisted/throttled messages, not a pattern. */
export const GREYLIST_MIN_DEFERRALS = 3;
/** Greylisting is only confirmed by retries that get through (a greylist that never lets mail in is a block). */
export const GREYLIST_MIN_RETRIED_OK = 2;
/**
 * Greylisting servers accept the retry after their delay, usually 1–15 min (Postgrey defaults to 5 min,
 * Postfix's first retry is after `minimal_backoff_time`, 300 s by default); a retry accepted sooner is not a
 * greylist pass and one much later is an ordinary deferral that cleared. The window is widened on both
 * sides so MTA retry jitter does not hide the pattern.
 */
export const GREYLIST_RETRY_MIN_SECONDS = 45;
export const GREYLIST_RETRY_MAX_SECONDS = 20 * 60;
/** Of the matching deferrals whose outcome is known, at least this share must have passed on retry. */
export const GREYLIST_MIN_RETRIED_OK_RATIO = 0.5;

export const THROTTLE_MIN_DEFERRALS = 5;
/** The provider's throttling replies must be a real part of its traffic in the episode, not a stray one. */
export const THROTTLE_MIN_SHARE = 0.1;
/** "Other providers deliver normally": their deferral rate over the same minutes stays below this. */
export const THROTTLE_OTHERS_MAX_DEFERRAL_RATE = 0.1;
/** Below this many attempts the other providers say nothing about "normal", either way. */
export const THROTTLE_OTHERS_MIN_ATTEMPTS = 10;
/** The minutes before the first throttled reply that count as "the send spike" it follows. */
export const SPIKE_LEAD_MINUTES = 10;
/** A spike is the lead rate at this multiple of the earlier per-minute rate. */
export const SPIKE_FACTOR = 2;
/** The earlier rate is at least this (per minute), so a provider idle before counts as spiking only on real volume. */
export const SPIKE_BASELINE_FLOOR_PER_MINUTE = 1;

/** A congested minute: mean delay at this multiple of the window's usual delay… */
export const CONGESTION_DELAY_FACTOR = 3;
/** …and at least this long (a 2 s → 6 s rise is noise, not congestion). */
export const CONGESTION_MIN_DELAY_SECONDS = 60;
/** …or this share of the minute's attempts deferred locally (no remote 4xx: timeouts, refused connections). */
export const CONGESTION_LOCAL_DEFERRAL_SHARE = 0.2;
/** Congestion spans providers: at least this many of the active ones, and at least half of them. */
export const CONGESTION_MIN_PROVIDERS = 2;
export const CONGESTION_MIN_MINUTES = 2;
/** Remote replies must not explain it: under this share of the episode's deferrals carry a remote 4xx. */
export const CONGESTION_MAX_REMOTE_SHARE = 0.5;
/** With queue snapshots, congestion needs the queue to grow by this factor over its earlier level… */
export const QUEUE_RISE_FACTOR = 2;
/** …and to hold at least this many messages (a queue of 3 doubling to 6 is not congestion). */
export const QUEUE_MIN_DEPTH = 50;

/**
 * Greylisting replies (RFC 6647 describes the technique; there is no dedicated code): 450/451 with
 * 4.7.1 (RFC 3463 "delivery not authorized") or 4.2.0, or text naming greylisting / asking to try later.
 */
const GREYLIST_TEXT_RE =
  /gr[ae]y[- ]?list|try again later|please try again in|retry (?:later|in \d+)|temporarily (?:rejected|deferred), (?:please )?try again/i;
const GREYLIST_CODE_RE = /^45[01]$/;
const GREYLIST_ENHANCED = new Set(["4.7.1", "4.2.0"]);
/**
 * Rate limiting replies: 421 (RFC 5321 §4.2.3: service closing the channel), 4.7.0 and Gmail's 4.7.28
 * ("unusual rate of unsolicited mail"), Microsoft's 4.7.650/4.7.500 (server busy, rate limited) and the
 * texts providers use ("rate limit", "too many", "temporarily deferred due to unexpected volume").
 */
const THROTTLE_TEXT_RE = /rate[- ]limit|too many|throttl|unexpected volume|unusual rate|exceeded|try again slower|server busy|slow down/i;
const THROTTLE_ENHANCED = new Set(["4.7.0", "4.7.28", "4.7.500", "4.7.650", "4.3.2"]);

/** Greylisting is checked first: "451 4.7.1 greylisted, try again later" is not throttling. */
export function isGreylistReply(d: Pick<Deferral, "replyCode" | "enhancedCode" | "response">): boolean {
  if (/gr[ae]y[- ]?list/i.test(d.response)) return true;
  const codeFits = GREYLIST_CODE_RE.test(d.replyCode) || GREYLIST_ENHANCED.has(d.enhancedCode);
  return codeFits && GREYLIST_TEXT_RE.test(d.response) && !THROTTLE_TEXT_RE.test(d.response);
}

export function isThrottleReply(d: Pick<Deferral, "replyCode" | "enhancedCode" | "response">): boolean {
  if (!d.replyCode.startsWith("4") && !d.enhancedCode.startsWith("4.")) return false;
  if (isGreylistReply(d)) return false;
  return d.replyCode === "421" || THROTTLE_ENHANCED.has(d.enhancedCode) || THROTTLE_TEXT_RE.test(d.response);
}

const floorMinute = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Addresses would split identical replies and leak recipients into alerts. */
function maskReply(text: string): string {
  return text.replace(/<?[^<>\s@]+@[^<>\s]+>?/g, "<address>").slice(0, SAMPLE_REPLY_MAX_CHARS);
}

function codeAndSamples(deferrals: readonly Deferral[]): Pick<DetectionEvidence, "codes" | "sampleReplies"> {
  const codes = new Map<string, number>();
  const samples: string[] = [];
  for (const d of deferrals) {
    const code = [d.replyCode, d.enhancedCode].filter(Boolean).join(" ") || "(none)";
    codes.set(code, (codes.get(code) ?? 0) + 1);
    const text = maskReply(d.response);
    if (text !== "" && samples.length < DETECTION_SAMPLE_REPLIES && !samples.includes(text)) samples.push(text);
  }
  return {
    codes: [...codes.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, DETECTION_CODES_MAX)
      .map(([code, count]) => ({ code, count })),
    sampleReplies: samples,
  };
}

const emptyEvidence = (): DetectionEvidence => ({
  attempts: 0,
  deferrals: 0,
  matching: 0,
  retriedOk: 0,
  medianRetrySeconds: null,
  spikeFactor: null,
  otherDeferralRate: null,
  queueDepthMax: null,
  queueDepthBaseline: null,
  delayMeanSeconds: null,
  delayBaselineSeconds: null,
  codes: [],
  sampleReplies: [],
});

function sumMinutes(minutes: readonly ProviderMinute[], pred: (m: ProviderMinute) => boolean) {
  const s = { attempts: 0, sent: 0, deferred: 0, remote4xx: 0, delaySum: 0, delayCount: 0 };
  for (const m of minutes) {
    if (!pred(m)) continue;
    s.attempts += m.attempts;
    s.sent += m.sent;
    s.deferred += m.deferred;
    s.remote4xx += m.remote4xx;
    s.delaySum += m.delaySum;
    s.delayCount += m.delayCount;
  }
  return s;
}

export function detectThrottling(input: DetectInput): Detection[] {
  const providers = input.providers ?? [...new Set(input.minutes.map((m) => m.provider))];
  const out: Detection[] = [];
  for (const provider of providers) {
    const mine = input.deferrals.filter((d) => d.provider === provider && d.at >= input.from && d.at <= input.to);
    const grey = detectGreylisting(input, provider, mine.filter(isGreylistReply));
    if (grey) out.push(grey);
    const throttle = detectThrottle(input, provider, mine.filter(isThrottleReply));
    if (throttle) out.push(throttle);
  }
  const congestion = detectCongestion(input);
  if (congestion) out.push(congestion);
  return out;
}

function episodeBounds(deferrals: readonly Deferral[]): { startedAt: number; lastSeenAt: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const d of deferrals) {
    first = Math.min(first, d.at);
    last = Math.max(last, d.at);
  }
  return { startedAt: floorMinute(first), lastSeenAt: last };
}

/**
 * Greylisting: enough greylist replies from the provider, and their retries delivered after the usual
 * greylisting delay. Volume and other providers do not matter: greylisting is per sender/recipient triplet.
 */
function detectGreylisting(input: DetectInput, provider: string, matching: readonly Deferral[]): Detection | null {
  if (matching.length < GREYLIST_MIN_DEFERRALS) return null;
  const retryDelays = matching.map((d) => d.retrySucceededAfterSeconds).filter((s): s is number => s !== null);
  const inWindow = retryDelays.filter((s) => s >= GREYLIST_RETRY_MIN_SECONDS && s <= GREYLIST_RETRY_MAX_SECONDS);
  if (inWindow.length < GREYLIST_MIN_RETRIED_OK) return null;
  // Only retries whose outcome is known can vote; ones still pending neither confirm nor refute.
  if (inWindow.length / retryDelays.length < GREYLIST_MIN_RETRIED_OK_RATIO) return null;
  const { startedAt, lastSeenAt } = episodeBounds(matching);
  const totals = sumMinutes(input.minutes, (m) => m.provider === provider && m.minute >= startedAt && m.minute <= lastSeenAt);
  const medianRetrySeconds = median(inWindow);
  return {
    provider,
    kind: "greylisted",
    startedAt,
    lastSeenAt,
    summary: `${provider}: ${matching.length} greylisted deferrals, ${inWindow.length} delivered on retry after a median ${Math.round(medianRetrySeconds ?? 0)} s`,
    evidence: {
      ...emptyEvidence(),
      attempts: totals.attempts,
      deferrals: totals.deferred,
      matching: matching.length,
      retriedOk: inWindow.length,
      medianRetrySeconds,
      ...codeAndSamples(matching),
    },
  };
}

/**
 * Throttling: rate-limit replies concentrated on this provider (a real share of its attempts while the
 * other providers deliver normally over the same minutes) right after its sending rate jumped. Without
 * the spike the same replies more likely mean a reputation problem, which the bounce/deferral rules
 * watch; with other providers deferring too, the cause is on our side (see congestion).
 */
function detectThrottle(input: DetectInput, provider: string, matching: readonly Deferral[]): Detection | null {
  if (matching.length < THROTTLE_MIN_DEFERRALS) return null;
  const { startedAt, lastSeenAt } = episodeBounds(matching);
  const inEpisode = (m: ProviderMinute) => m.minute >= startedAt && m.minute <= lastSeenAt;
  const own = sumMinutes(input.minutes, (m) => m.provider === provider && inEpisode(m));
  if (own.attempts === 0 || matching.length / own.attempts < THROTTLE_MIN_SHARE) return null;

  const others = sumMinutes(input.minutes, (m) => m.provider !== provider && inEpisode(m));
  const otherDeferralRate = others.attempts >= THROTTLE_OTHERS_MIN_ATTEMPTS ? others.deferred / others.attempts : null;
  if (otherDeferralRate !== null && otherDeferralRate >= THROTTLE_OTHERS_MAX_DEFERRAL_RATE) return null;

  // Minutes absent from the input had no attempts: rates are per minute of wall time, not per active minute.
  const leadFrom = Math.max(input.from, startedAt - SPIKE_LEAD_MINUTES * MINUTE_MS);
  const lead = sumMinutes(input.minutes, (m) => m.provider === provider && m.minute >= leadFrom && m.minute <= startedAt);
  const leadRate = lead.attempts / ((startedAt - leadFrom) / MINUTE_MS + 1);
  const baseMinutes = Math.max(0, (leadFrom - floorMinute(input.from)) / MINUTE_MS);
  const base = sumMinutes(input.minutes, (m) => m.provider === provider && m.minute < leadFrom);
  const baseRate = Math.max(SPIKE_BASELINE_FLOOR_PER_MINUTE, baseMinutes > 0 ? base.attempts / baseMinutes : 0);
  const spikeFactor = leadRate / baseRate;
  if (spikeFactor < SPIKE_FACTOR) return null;

  return {
    provider,
    kind: "throttled",
    startedAt,
    lastSeenAt,
    summary:
      `${provider}: ${matching.length} rate-limit deferrals of ${own.attempts} attempts after sending rose ${round(spikeFactor, 1)}×` +
      (otherDeferralRate === null ? "" : `; other providers deferred ${round(100 * otherDeferralRate, 1)}%`),
    evidence: {
      ...emptyEvidence(),
      attempts: own.attempts,
      deferrals: own.deferred,
      matching: matching.length,
      spikeFactor: round(spikeFactor),
      otherDeferralRate: otherDeferralRate === null ? null : round(otherDeferralRate, 4),
      ...codeAndSamples(matching),
    },
  };
}

/**
 * Internal congestion: delays or local deferrals rising for most providers at once, the queue growing
 * with them, and remote 4xx replies not explaining it. Judged over every provider in the window.
 */
function detectCongestion(input: DetectInput): Detection | null {
  const byMinute = new Map<number, ProviderMinute[]>();
  for (const m of input.minutes) {
    const list = byMinute.get(m.minute);
    if (list) list.push(m);
    else byMinute.set(m.minute, [m]);
  }
  // The usual delay: the median of per-minute mean delays over the window (robust to a congested tail).
  const minuteMeans: number[] = [];
  for (const list of byMinute.values()) {
    const s = sumMinutes(list, () => true);
    if (s.delayCount > 0) minuteMeans.push(s.delaySum / s.delayCount);
  }
  const delayBaseline = median(minuteMeans) ?? 0;
  const delayBar = Math.max(CONGESTION_MIN_DELAY_SECONDS, CONGESTION_DELAY_FACTOR * delayBaseline);
  const isSlow = (m: ProviderMinute) =>
    (m.delayCount > 0 && m.delaySum / m.delayCount >= delayBar) ||
    (m.attempts > 0 && (m.deferred - m.remote4xx) / m.attempts >= CONGESTION_LOCAL_DEFERRAL_SHARE);

  const congested: number[] = [];
  const affected = new Set<string>();
  for (const [minute, list] of byMinute) {
    const active = list.filter((m) => m.attempts > 0);
    const slow = active.filter(isSlow);
    if (slow.length >= CONGESTION_MIN_PROVIDERS && slow.length * 2 >= active.length) {
      congested.push(minute);
      for (const m of slow) affected.add(m.provider);
    }
  }
  if (congested.length < CONGESTION_MIN_MINUTES) return null;
  congested.sort((a, b) => a - b);
  const startedAt = congested[0] ?? input.from;
  const lastMinute = congested[congested.length - 1] ?? input.to;
  const episode = sumMinutes(input.minutes, (m) => m.minute >= startedAt && m.minute <= lastMinute);
  if (episode.deferred > 0 && episode.remote4xx / episode.deferred >= CONGESTION_MAX_REMOTE_SHARE) return null;

  let queueDepthMax: number | null = null;
  let queueDepthBaseline: number | null = null;
  if (input.queue.length > 0) {
    const before = input.queue.filter((q) => q.at < startedAt).map((q) => q.depth);
    const during = input.queue.filter((q) => q.at >= startedAt && q.at <= lastMinute + MINUTE_MS).map((q) => q.depth);
    if (during.length > 0) queueDepthMax = Math.max(...during);
    queueDepthBaseline = median(before.length > 0 ? before : input.queue.map((q) => q.depth));
    // Snapshots exist but show no growing queue: slow deliveries without a backlog are not our congestion.
    if (queueDepthMax === null || queueDepthMax < QUEUE_MIN_DEPTH || queueDepthMax < QUEUE_RISE_FACTOR * (queueDepthBaseline ?? 0))
      return null;
  }
  const delayMean = episode.delayCount > 0 ? episode.delaySum / episode.delayCount : null;
  const local = episode.deferred - episode.remote4xx;
  const deferrals = input.deferrals.filter((d) => d.at >= startedAt && d.at <= lastMinute + MINUTE_MS);
  return {
    provider: ALL_PROVIDERS,
    kind: "internal_congestion",
    startedAt,
    lastSeenAt: lastMinute + MINUTE_MS - 1,
    summary:
      `${affected.size} providers slowed together: mean delay ${Math.round(delayMean ?? 0)} s (usually ${Math.round(delayBaseline)} s), ` +
      `${local} local deferrals` +
      (queueDepthMax === null ? "" : `, queue ${queueDepthBaseline ?? 0} → ${queueDepthMax}`),
    evidence: {
      ...emptyEvidence(),
      attempts: episode.attempts,
      deferrals: episode.deferred,
      matching: local,
      queueDepthMax,
      queueDepthBaseline: queueDepthBaseline === null ? null : Math.round(queueDepthBaseline),
      delayMeanSeconds: delayMean === null ? null : round(delayMean),
      delayBaselineSeconds: round(delayBaseline),
      ...codeAndSamples(deferrals),
    },
  };
}
