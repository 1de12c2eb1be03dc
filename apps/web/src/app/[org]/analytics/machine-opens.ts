/**
 * How many of the opens on the overview were machine opens (Apple Mail Privacy Protection pre-fetching the
 * pixel), from the two rate KPIs the API already returns: both are over the same delivered messages, so
 * rate × volume gives the opened and human-opened message counts back.
 */
import { type KpiFigure } from "./format";

export interface MachineOpenSummary {
  /** Messages opened at least once, machine opens included. */
  opened: number;
  /** Of them, messages whose only opens were machine opens. */
  machineOnly: number;
  /** machineOnly ÷ opened; 0 when nothing was opened. */
  share: number;
}

/** Null when either rate has no figure (no ESP data, or not enough mail): there is nothing to split. */
export function machineOpenSummary(openRate: KpiFigure | undefined, humanRate: KpiFigure | undefined): MachineOpenSummary | null {
  const all = openRate?.current;
  const human = humanRate?.current;
  if (all?.state !== "ok" || human?.state !== "ok") return null;
  const opened = Math.round(all.value * all.volume);
  const machineOnly = Math.max(0, opened - Math.round(human.value * human.volume));
  return { opened, machineOnly, share: opened === 0 ? 0 : machineOnly / opened };
}
