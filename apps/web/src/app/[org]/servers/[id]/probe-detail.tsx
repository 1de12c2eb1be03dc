"use client";

import { useQuery } from "@tanstack/react-query";

import { Badge, LoadingRows, Notice } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";
import { OutcomeBadge } from "./probe-state";

/** Phases in the order a probe runs them (the engine's ProbeTimings). */
const PHASES = [
  ["dns", "DNS"],
  ["connect", "TCP connect"],
  ["banner", "220 banner"],
  ["ehlo", "EHLO"],
  ["tls", "TLS"],
  ["ehloAfterTls", "EHLO after TLS"],
  ["auth", "AUTH"],
  ["envelope", "MAIL/RCPT"],
] as const;

type Timings = Partial<Record<(typeof PHASES)[number][0], number | null>> & { total: number };

/** Bars laid end to end on one time axis: where the probe spent its time. */
export function TimingWaterfall({ timings }: { timings: Timings }) {
  const total = Math.max(timings.total, 1);
  let offset = 0;
  return (
    <div className="space-y-1.5">
      {PHASES.map(([key, name]) => {
        const ms = timings[key];
        if (ms === null || ms === undefined) return null;
        const left = (offset / total) * 100;
        offset += ms;
        return (
          <div key={key} className="flex items-center gap-3 text-xs">
            <span className="w-28 shrink-0 text-slate-600">{name}</span>
            <div className="relative h-3 flex-1 rounded bg-slate-100">
              <div
                className="absolute h-3 rounded bg-brand-500"
                style={{ left: `${left}%`, width: `${Math.max((ms / total) * 100, 0.5)}%` }}
              />
            </div>
            <span className="w-16 shrink-0 text-right tabular-nums text-slate-700">{ms.toFixed(0)} ms</span>
          </div>
        );
      })}
      <div className="flex items-center gap-3 text-xs font-medium">
        <span className="w-28 shrink-0">Total</span>
        <span className="flex-1" />
        <span className="w-16 shrink-0 text-right tabular-nums">{timings.total.toFixed(0)} ms</span>
      </div>
    </div>
  );
}

/** One probe: outcome, waterfall, TLS and certificate, capabilities, transcript (credentials already redacted). */
export function ProbeDetail({ id, time }: { id: string; time: Date }) {
  const trpc = useTRPC();
  const probe = useQuery(trpc.probes.results.byId.queryOptions({ id, time }));
  if (probe.error) return <Notice>{errorMessage(probe.error)}</Notice>;
  if (!probe.data) return <LoadingRows rows={4} />;
  return <ProbeResultView result={probe.data.result} />;
}

type ResultView = {
  outcome: { kind: string; message?: string };
  timings: Timings;
  connected: { host: string; address: string; port: number } | null;
  banner: { code: number; text: string; hostname: string | null } | null;
  tls: {
    version: string;
    cipher: string;
    authorized: boolean;
    authorizationError: string | null;
    chain: { subject: string; issuer: string; notAfter: string; daysLeft: number; selfSigned: boolean }[];
  } | null;
  ehlo: { capabilities: { size: number | null; authMechanisms: string[]; startTls: boolean } } | null;
  ehloAfterTls: { capabilities: { size: number | null; authMechanisms: string[]; startTls: boolean } } | null;
  transcript: { dir: string; atMs: number; text: string }[];
};

export function ProbeResultView({ result }: { result: ResultView }) {
  const caps = (result.ehloAfterTls ?? result.ehlo)?.capabilities;
  const leaf = result.tls?.chain[0];
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-4">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <OutcomeBadge outcome={result.outcome.kind} />
          {result.outcome.message ? <span className="text-slate-600">{result.outcome.message}</span> : null}
          {result.connected ? (
            <span className="text-slate-500">
              {result.connected.address}:{result.connected.port}
            </span>
          ) : null}
        </div>
        <TimingWaterfall timings={result.timings} />
        {result.tls ? (
          <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-xs">
            <dt className="text-slate-500">TLS</dt>
            <dd>
              {result.tls.version} · {result.tls.cipher}{" "}
              {result.tls.authorized ? (
                <Badge tone="green">verified</Badge>
              ) : (
                <Badge tone="amber">{result.tls.authorizationError ?? "unverified"}</Badge>
              )}
            </dd>
            {leaf ? (
              <>
                <dt className="text-slate-500">Certificate</dt>
                <dd className="break-all">{leaf.subject}</dd>
                <dt className="text-slate-500">Issuer</dt>
                <dd className="break-all">{leaf.selfSigned ? "self-signed" : leaf.issuer}</dd>
                <dt className="text-slate-500">Expires</dt>
                <dd>
                  {leaf.notAfter} ({leaf.daysLeft} days)
                </dd>
              </>
            ) : null}
          </dl>
        ) : null}
        {caps ? (
          <div className="flex flex-wrap gap-1 text-xs">
            {caps.size !== null ? <Badge>SIZE {caps.size}</Badge> : null}
            {caps.startTls ? <Badge>STARTTLS</Badge> : null}
            {caps.authMechanisms.map((m) => (
              <Badge key={m} tone="blue">
                AUTH {m}
              </Badge>
            ))}
          </div>
        ) : null}
      </div>
      <pre className="max-h-80 overflow-auto rounded-lg bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
        {result.transcript.map((t, i) => (
          <div key={i} className={t.dir === "C" ? "text-sky-300" : t.dir === "I" ? "text-slate-400" : ""}>
            <span className="text-slate-400">{t.atMs.toFixed(0).padStart(6)} </span>
            {t.dir === "C" ? "> " : t.dir === "S" ? "< " : "* "}
            {t.text}
          </div>
        ))}
      </pre>
    </div>
  );
}
