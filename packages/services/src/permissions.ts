/**
 * Roles map to named permissions in this one table; the server checks permissions (never roles), and the
 * UI uses the same table to hide what a role cannot do.
 */
export const ROLES = ["OWNER", "ADMIN", "OPS", "MARKETING", "VIEWER"] as const;
export type TRole = (typeof ROLES)[number];

export const PERMISSIONS = [
  "org.read",
  "org.write",
  "org.delete",
  "members.read",
  "members.write",
  "servers.read",
  "servers.write",
  "domains.read",
  "domains.write",
  "ips.read",
  "ips.write",
  "alerts.read",
  "alerts.write",
  "analytics.read",
  "analytics.write",
  "reports.read",
  "reports.write",
  "apikeys.read",
  "apikeys.write",
  "audit.read",
  "billing.read",
  "billing.write",
  "integrations.write",
] as const;
export type TPermission = (typeof PERMISSIONS)[number];

const READ_ALL: TPermission[] = [
  "org.read",
  "members.read",
  "servers.read",
  "domains.read",
  "ips.read",
  "alerts.read",
  "analytics.read",
  "reports.read",
];

export const ROLE_PERMISSIONS: Record<TRole, readonly TPermission[]> = {
  OWNER: PERMISSIONS,
  ADMIN: PERMISSIONS.filter((p) => p !== "org.delete" && p !== "billing.write"),
  OPS: [...READ_ALL, "servers.write", "domains.write", "ips.write", "alerts.write", "reports.write", "apikeys.read", "audit.read"],
  // Marketing reads everything and owns the business side (ROI inputs, experiments, reports, alert rules on
  // its KPIs); it changes no infrastructure — servers, domains, IPs and integrations are ops' (issue 13 item 7).
  MARKETING: [...READ_ALL, "analytics.write", "reports.write", "alerts.write"],
  VIEWER: READ_ALL,
};

/** Roles a member may assign: never above their own, and OWNER only by transfer. */
export const ROLE_RANK: Record<TRole, number> = { OWNER: 4, ADMIN: 3, OPS: 2, MARKETING: 2, VIEWER: 1 };

export function can(role: TRole, permission: TPermission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Scopes an API key can carry: a subset of permissions, plus machine-only scopes. */
export const API_KEY_SCOPES = [
  "org.read",
  "servers.read",
  "servers.write",
  "domains.read",
  "domains.write",
  "ips.read",
  "ips.write",
  "reports.read",
  "reports.write",
  "alerts.read",
  "alerts.write",
  "analytics.read",
  "analytics.write",
  "ingest",
  "metrics.read",
] as const;
export type TApiKeyScope = (typeof API_KEY_SCOPES)[number];
