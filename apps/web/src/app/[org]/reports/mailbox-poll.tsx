"use client";

import { useState } from "react";

import { dateTime } from "./report-format";

/** How often the card re-reads the mailboxes while a requested poll has not reported back. */
export const POLL_REFRESH_MS = 2_000;
/** After this long without a new poll, stop re-reading and say so (the worker may be down). */
const POLL_WAIT_MAX_MS = 3 * 60 * 1000;
/** requestedAt comes from the web process, lastPollAt from the worker: tolerate a little clock skew. */
const POLL_CLOCK_SLACK_MS = 1_000;

/** A "Poll now" the card is waiting on: when it was asked, whether it queued a job, the count before it. */
export type PollWait = { requestedAt: Date; queued: boolean; ingestedBefore: number; gaveUp: boolean };
type MailboxPollState = { id: string; lastPollAt: Date | string | null };

export const when = (d: Date | string | null) => (d ? dateTime(d) : "never");

const polledSince = (lastPollAt: Date | string | null, requestedAt: Date) =>
  lastPollAt !== null && new Date(lastPollAt).getTime() >= requestedAt.getTime() - POLL_CLOCK_SLACK_MS;
export const isWaiting = (m: MailboxPollState, wait: PollWait | undefined) =>
  wait !== undefined && !wait.gaveUp && !polledSince(m.lastPollAt, wait.requestedAt);

/** The "Poll now" requests the card waits on, by mailbox id; each gives up after POLL_WAIT_MAX_MS. */
export function usePollWaits() {
  const [polls, setPolls] = useState<Record<string, PollWait>>({});
  const started = (id: string, result: { requestedAt: Date | string; queued: boolean }, ingestedBefore: number) => {
    const requestedAt = new Date(result.requestedAt);
    setPolls((p) => ({ ...p, [id]: { requestedAt, queued: result.queued, ingestedBefore, gaveUp: false } }));
    const giveUp = () =>
      setPolls((p) => {
        const current = p[id];
        return current?.requestedAt === requestedAt ? { ...p, [id]: { ...current, gaveUp: true } } : p;
      });
    setTimeout(giveUp, POLL_WAIT_MAX_MS);
  };
  return { polls, started };
}

/** What became of a "Poll now": waiting, the worker silent, or the poll's result once lastPollAt passes the request. */
export function PollOutcome({
  mailbox,
  wait,
}: {
  mailbox: MailboxPollState & { lastError: string | null; ingestedCount: number };
  wait: PollWait | undefined;
}) {
  if (!wait) return null;
  if (polledSince(mailbox.lastPollAt, wait.requestedAt)) {
    if (mailbox.lastError) return <div className="mt-1 text-red-700">Polled {when(mailbox.lastPollAt)}: failed (see the error above).</div>;
    const stored = mailbox.ingestedCount - wait.ingestedBefore;
    return (
      <div className="mt-1 text-emerald-700">
        Polled {when(mailbox.lastPollAt)}: {stored === 0 ? "no new reports" : `${stored} new report(s) stored`}.
      </div>
    );
  }
  if (wait.gaveUp) return <div className="mt-1 text-amber-700">No poll yet: is the worker running?</div>;
  return <div className="mt-1 text-slate-500">{wait.queued ? "Poll queued…" : "A poll is already queued or running…"}</div>;
}
