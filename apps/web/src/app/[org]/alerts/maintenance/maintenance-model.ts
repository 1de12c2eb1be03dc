import { z } from "zod";

export type ScopeType = "organization" | "domain" | "ip" | "server";
export type ScopeOptions = Record<Exclude<ScopeType, "organization">, { id: string; label: string }[]>;

/** "2026-11-28T09:30" in local time, the value format of <input type="datetime-local">. */
export function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export type WindowState = "active" | "planned" | "over";
export function windowState(w: { startsAt: Date; endsAt: Date }, now: number): WindowState {
  if (w.endsAt.getTime() <= now) return "over";
  return w.startsAt.getTime() <= now ? "active" : "planned";
}

/** The form as typed; the server holds the 7-day limit and checks the scope belongs to the organization. */
export const ZMaintenanceForm = z
  .object({
    scopeType: z.enum(["organization", "domain", "ip", "server"]),
    scopeId: z.string(),
    reason: z.string().trim().min(1, "Say why (it shows on muted rules).").max(200),
    startsAt: z.string().min(1, "When does the work start?"),
    endsAt: z.string().min(1, "When does it end?"),
  })
  .refine((f) => f.scopeType === "organization" || f.scopeId !== "", { path: ["scopeId"], message: "Choose what the window mutes." })
  .refine((f) => !f.startsAt || !f.endsAt || new Date(f.endsAt) > new Date(f.startsAt), {
    path: ["endsAt"],
    message: "Ends after it starts.",
  });
export type TMaintenanceForm = z.infer<typeof ZMaintenanceForm>;

export function newMaintenanceForm(now = new Date()): TMaintenanceForm {
  return {
    scopeType: "organization",
    scopeId: "",
    reason: "",
    startsAt: localInput(now),
    endsAt: localInput(new Date(now.getTime() + 2 * 3_600_000)),
  };
}
