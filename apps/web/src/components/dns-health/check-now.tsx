"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { Button } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";

/** How often a page re-reads the health while a requested check is running. */
export const CHECK_POLL_MS = 2_000;
/** After this long without a new result, stop polling and say so (the worker may be down). */
const CHECK_WAIT_MAX_MS = 3 * 60 * 1000;

/**
 * "Check now": enqueues the check, then asks the page to poll (`pollMs`) until a result newer than the
 * request lands (`latestAt`), or the wait gives up.
 */
export function useCheckNow(kind: "domain" | "ip", id: string, latestAt: Date | null | undefined) {
  const trpc = useTRPC();
  const [requestedAt, setRequestedAt] = useState<Date | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  const onSuccess = (r: { requestedAt: Date }) => {
    setGaveUp(false);
    setRequestedAt(r.requestedAt);
  };
  const runDomain = useMutation(trpc.dnsCheck.domains.run.mutationOptions({ onSuccess }));
  const runIp = useMutation(trpc.dnsCheck.ips.run.mutationOptions({ onSuccess }));
  const run = kind === "domain" ? runDomain : runIp;
  const waiting = requestedAt !== null && !(latestAt && latestAt.getTime() >= requestedAt.getTime() - 1_000);
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => {
      setGaveUp(true);
      setRequestedAt(null);
    }, CHECK_WAIT_MAX_MS);
    return () => clearTimeout(timer);
  }, [waiting]);
  return {
    start: () => run.mutate({ id }),
    pending: run.isPending || waiting,
    error: errorMessage(run.error),
    gaveUp,
    pollMs: waiting ? CHECK_POLL_MS : (false as const),
  };
}

export function CheckNowButton({ check }: { check: ReturnType<typeof useCheckNow> }) {
  return (
    <div className="flex items-center gap-3">
      {check.error ? <span className="text-sm text-red-700">{check.error}</span> : null}
      {check.gaveUp ? <span className="text-sm text-amber-700">No result yet: is the worker running?</span> : null}
      {check.pending ? <span className="text-sm text-slate-500">Checking…</span> : null}
      <Button variant="secondary" size="sm" loading={check.pending} onClick={check.start}>
        Check now
      </Button>
    </div>
  );
}
