export const ASSIGNABLE = ["ADMIN", "OPS", "MARKETING", "VIEWER"] as const;
export type AssignableRole = (typeof ASSIGNABLE)[number];
export const ROLE_HELP: Record<AssignableRole, string> = {
  ADMIN: "Everything but billing and deleting the organization",
  OPS: "Servers, domains, IPs, alerts; reads API keys and the audit log",
  MARKETING: "Analytics, ROI, reports and alert rules; changes no infrastructure",
  VIEWER: "Sees everything, changes nothing",
};
/** "VIEWER" → "Viewer". */
export const roleLabel = (r: string) => r.charAt(0) + r.slice(1).toLowerCase();
export const ROLE_OPTIONS = ASSIGNABLE.map((r) => ({ value: r, label: roleLabel(r) }));
