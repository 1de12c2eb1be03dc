"use client";

import { createContext, useContext, type ReactNode } from "react";

import type { TPermission, TRole } from "@inboxwatch/services/permissions";

export interface OrgValue {
  id: string;
  slug: string;
  name: string;
  role: TRole;
  permissions: readonly TPermission[];
}

const OrgContext = createContext<OrgValue | null>(null);

export function OrgProvider({ value, children }: { value: OrgValue; children: ReactNode }) {
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}

/** The current organization and what the member's role may do. The UI hides; the server refuses. */
export function useOrg() {
  const org = useContext(OrgContext);
  if (!org) throw new Error("useOrg outside an organization page");
  return { ...org, can: (p: TPermission) => org.permissions.includes(p), href: (path = "") => `/${org.slug}${path ? `/${path}` : ""}` };
}
