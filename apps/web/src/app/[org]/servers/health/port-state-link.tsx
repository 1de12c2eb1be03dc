"use client";

import Link from "next/link";

import { percent, STATE_CELL } from "../[id]/probe-state";

/** What one port of the matrix shows: its state (coloured), last latency, TLS version and 24 h uptime; the reasons as a tooltip. */
export interface PortState {
  state: string;
  stateReasons: string[];
  lastLatencyMs: number | null;
  lastTlsVersion: string | null;
  uptime24h: number | null;
}

export function PortStateLink({ href, port }: { href: string; port: PortState }) {
  return (
    <Link href={href} className={`block rounded-md px-2 py-1 text-xs ${STATE_CELL[port.state] ?? ""}`} title={port.stateReasons.join("; ")}>
      <span className="font-semibold">{port.state === "UNKNOWN" ? "pending" : port.state}</span>
      <span className="ml-2">{port.lastLatencyMs === null ? "" : `${port.lastLatencyMs} ms`}</span>
      <span className="ml-2">{port.lastTlsVersion ?? ""}</span>
      <span className="ml-2 font-normal">{percent(port.uptime24h)}</span>
    </Link>
  );
}

/** A custom port in the matrix's last column: the port number with its state and latency. */
export function CustomPortLink({ href, port }: { href: string; port: PortState & { port: number } }) {
  return (
    <Link href={href} className={`rounded-md px-2 py-1 text-xs ${STATE_CELL[port.state] ?? ""}`} title={port.stateReasons.join("; ")}>
      <span className="font-mono">{port.port}</span>{" "}
      <span className="font-semibold">{port.state === "UNKNOWN" ? "pending" : port.state}</span>
      {port.lastLatencyMs === null ? "" : ` ${port.lastLatencyMs} ms`}
    </Link>
  );
}
