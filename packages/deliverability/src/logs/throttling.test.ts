import { describe, expect, it } from "vitest";

import { type Deferral, detectThrottling, isGreylistReply, isThrottleReply, type ProviderMinute, type QueuePoint } from "./throttling.ts";

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const MIN = 60_000;
const at = (minute: number, second = 0) => T0 + minute * MIN + second * 1000;

/** A steady provider: `attempts` per minute, all delivered after `delay` seconds. */
function steady(provider: string, fromMinute: number, toMinute: number, attempts: number, delay = 2): ProviderMinute[] {
  const out: ProviderMinute[] = [];
  for (let m = fromMinute; m <= toMinute; m++)
    out.push({
      provider,
      minute: at(m),
      attempts,
      sent: attempts,
      deferred: 0,
      remote4xx: 0,
      delaySum: delay * attempts,
      delayCount: attempts,
    });
  return out;
}

function replace(minutes: ProviderMinute[], next: ProviderMinute): void {
  const i = minutes.findIndex((m) => m.provider === next.provider && m.minute === next.minute);
  if (i >= 0) minutes[i] = next;
  else minutes.push(next);
}

const window = { from: at(0), to: at(59, 59) };

describe("detectThrottling", () => {
  it("tells greylisting by its replies and by retries delivered minutes later", () => {
    const minutes = [...steady("google", 0, 59, 20), ...steady("microsoft", 0, 59, 20)];
    const deferrals: Deferral[] = [];
    for (let i = 0; i < 6; i++) {
      deferrals.push({
        provider: "microsoft",
        at: at(30 + i),
        replyCode: "451",
        enhancedCode: "4.7.1",
        response: `451 4.7.1 <u${i}@outlook.example>: Recipient address rejected: Greylisted, please try again in 300 seconds`,
        retrySucceededAfterSeconds: 300 + i * 20,
      });
    }
    const d = detectThrottling({ ...window, minutes, deferrals, queue: [] });
    expect(d.map((x) => [x.provider, x.kind])).toEqual([["microsoft", "greylisted"]]);
    expect(d[0]?.evidence).toMatchObject({ matching: 6, retriedOk: 6, codes: [{ code: "451 4.7.1", count: 6 }] });
    expect(d[0]?.evidence.medianRetrySeconds).toBe(350);
    expect(d[0]?.evidence.sampleReplies[0]).toContain("<address>");
    expect(d[0]?.startedAt).toBe(at(30));
  });

  it("does not call it greylisting while the retries have not got through, or got through at once", () => {
    const minutes = steady("microsoft", 0, 59, 20);
    const grey = (retry: number | null, i: number): Deferral => ({
      provider: "microsoft",
      at: at(30 + i),
      replyCode: "450",
      enhancedCode: "4.2.0",
      response: "450 4.2.0 greylisted",
      retrySucceededAfterSeconds: retry,
    });
    expect(detectThrottling({ ...window, minutes, deferrals: [0, 1, 2, 3].map((i) => grey(null, i)), queue: [] })).toEqual([]);
    expect(detectThrottling({ ...window, minutes, deferrals: [0, 1, 2, 3].map((i) => grey(5, i)), queue: [] })).toEqual([]);
  });

  it("calls rate-limit replies after a send spike to one provider throttling while the others deliver", () => {
    const minutes = [...steady("google", 0, 59, 10), ...steady("yahoo", 0, 59, 15)];
    // Yahoo's rate jumps from 15/min to 120/min at minute 40; from minute 42 it answers 421 4.7.0.
    const deferrals: Deferral[] = [];
    for (let m = 40; m <= 50; m++) {
      const throttled = m >= 42 ? 30 : 0;
      replace(minutes, {
        provider: "yahoo",
        minute: at(m),
        attempts: 120,
        sent: 120 - throttled,
        deferred: throttled,
        remote4xx: throttled,
        delaySum: 240,
        delayCount: 120 - throttled,
      });
      for (let k = 0; k < throttled; k++) {
        deferrals.push({
          provider: "yahoo",
          at: at(m, k),
          replyCode: "421",
          enhancedCode: "4.7.0",
          response: "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
          retrySucceededAfterSeconds: null,
        });
      }
    }
    const d = detectThrottling({ ...window, minutes, deferrals, queue: [], providers: ["yahoo"] });
    expect(d.map((x) => [x.provider, x.kind])).toEqual([["yahoo", "throttled"]]);
    const e = d[0]?.evidence;
    expect(e?.matching).toBe(270);
    expect(e?.spikeFactor).toBeGreaterThan(2);
    expect(e?.otherDeferralRate).toBe(0);
    expect(e?.codes[0]).toEqual({ code: "421 4.7.0", count: 270 });
    expect(d[0]?.startedAt).toBe(at(42));
  });

  it("does not call steady-volume rate limiting, or rate limiting while every provider defers, throttling", () => {
    const flat = [...steady("google", 0, 59, 10), ...steady("yahoo", 0, 59, 40)];
    const deferrals: Deferral[] = [];
    for (let m = 42; m <= 50; m++)
      for (let k = 0; k < 10; k++)
        deferrals.push({
          provider: "yahoo",
          at: at(m, k),
          replyCode: "421",
          enhancedCode: "4.7.0",
          response: "421 too many connections",
          retrySucceededAfterSeconds: null,
        });
    expect(detectThrottling({ ...window, minutes: flat, deferrals, queue: [] })).toEqual([]);

    const spiky = [...steady("google", 0, 59, 10), ...steady("yahoo", 0, 59, 10)];
    for (let m = 40; m <= 50; m++) {
      replace(spiky, { provider: "yahoo", minute: at(m), attempts: 80, sent: 70, deferred: 10, remote4xx: 10, delaySum: 0, delayCount: 0 });
      replace(spiky, { provider: "google", minute: at(m), attempts: 10, sent: 5, deferred: 5, remote4xx: 0, delaySum: 0, delayCount: 0 });
    }
    expect(
      detectThrottling({ ...window, minutes: spiky, deferrals, queue: [], providers: ["yahoo"] }).filter((x) => x.kind === "throttled"),
    ).toEqual([]);
  });

  it("calls delays rising across all providers with the queue, without remote 4xx, internal congestion", () => {
    const minutes = [...steady("google", 0, 59, 20), ...steady("microsoft", 0, 59, 20), ...steady("yahoo", 0, 59, 20)];
    const deferrals: Deferral[] = [];
    for (let m = 45; m <= 52; m++) {
      for (const p of ["google", "microsoft", "yahoo"]) {
        replace(minutes, {
          provider: p,
          minute: at(m),
          attempts: 20,
          sent: 14,
          deferred: 6,
          remote4xx: 0,
          delaySum: 14 * 400,
          delayCount: 14,
        });
        deferrals.push({
          provider: p,
          at: at(m, 5),
          replyCode: "",
          enhancedCode: "4.4.1",
          response: "connect to mx.example[192.0.2.9]:25: Connection timed out",
          retrySucceededAfterSeconds: null,
        });
      }
    }
    const queue: QueuePoint[] = [];
    for (let m = 0; m < 60; m += 5) queue.push({ at: at(m), depth: m >= 45 ? 1200 : 80 });
    const d = detectThrottling({ ...window, minutes, deferrals, queue });
    expect(d.map((x) => [x.provider, x.kind])).toEqual([["*", "internal_congestion"]]);
    expect(d[0]?.evidence).toMatchObject({ queueDepthMax: 1200, queueDepthBaseline: 80, delayBaselineSeconds: 2 });
    expect(d[0]?.evidence.delayMeanSeconds).toBeCloseTo(400);
    expect(d[0]?.startedAt).toBe(at(45));

    // The same slowdown while the queue stays flat is not our congestion.
    const flatQueue = queue.map((q) => ({ ...q, depth: 80 }));
    expect(detectThrottling({ ...window, minutes, deferrals, queue: flatQueue })).toEqual([]);
  });

  it("does not call a slowdown explained by remote 4xx replies internal congestion", () => {
    const minutes = [...steady("google", 0, 59, 20), ...steady("microsoft", 0, 59, 20)];
    for (let m = 45; m <= 52; m++) {
      for (const p of ["google", "microsoft"])
        replace(minutes, {
          provider: p,
          minute: at(m),
          attempts: 20,
          sent: 12,
          deferred: 8,
          remote4xx: 8,
          delaySum: 12 * 400,
          delayCount: 12,
        });
    }
    expect(detectThrottling({ ...window, minutes, deferrals: [], queue: [] }).filter((x) => x.kind === "internal_congestion")).toEqual([]);
  });

  it("classifies replies: greylisting before rate limiting", () => {
    const r = (replyCode: string, enhancedCode: string, response: string) => ({ replyCode, enhancedCode, response });
    expect(isGreylistReply(r("451", "4.7.1", "451 4.7.1 Greylisting in action, please come back later"))).toBe(true);
    expect(isGreylistReply(r("450", "4.2.0", "450 4.2.0 Try again later"))).toBe(true);
    expect(isThrottleReply(r("450", "4.2.0", "450 4.2.0 Try again later"))).toBe(false);
    expect(isThrottleReply(r("421", "4.7.28", "421-4.7.28 Gmail has detected an unusual rate of unsolicited mail"))).toBe(true);
    expect(isThrottleReply(r("451", "4.7.500", "451 4.7.500 Server busy. Please try again later"))).toBe(true);
    expect(isGreylistReply(r("451", "4.7.500", "451 4.7.500 Server busy. Please try again later"))).toBe(false);
    expect(isThrottleReply(r("550", "5.7.1", "550 5.7.1 too many complaints"))).toBe(false);
  });
});
