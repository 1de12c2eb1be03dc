"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";

import { type TPermission } from "@inboxwatch/services/permissions";
import { cn } from "@inboxwatch/ui";

import { signOutAction } from "~/server/auth-actions";
import { Icon, type IconName } from "./icons";
import { Logo } from "./logo";
import { useOrg } from "./org-context";

interface NavItem {
  label: string;
  path: string;
  icon: IconName;
  /** Shown only to roles that hold it: a link that ends on "your role cannot see this" is a dead end. */
  permission?: TPermission;
}

const MAIN_NAV: NavItem[] = [
  { label: "Overview", path: "", icon: "home" },
  { label: "Servers", path: "servers", icon: "server" },
  { label: "Domains", path: "domains", icon: "globe" },
  { label: "IPs", path: "ips", icon: "ip" },
  { label: "Health", path: "health", icon: "check" },
  { label: "Deliverability", path: "deliverability", icon: "arrow" },
  { label: "Analytics", path: "analytics", icon: "chart" },
  { label: "Alerts", path: "alerts", icon: "bell" },
  { label: "Reports", path: "reports", icon: "chart" },
  { label: "Scheduled reports", path: "scheduled-reports", icon: "list" },
];

const SETTINGS_NAV: NavItem[] = [
  { label: "Organization", path: "settings", icon: "cog" },
  { label: "Members", path: "settings/members", icon: "users" },
  { label: "API keys", path: "settings/api-keys", icon: "key", permission: "apikeys.read" },
  { label: "Blocklists", path: "settings/blocklists", icon: "list" },
  { label: "Audit log", path: "settings/audit", icon: "list", permission: "audit.read" },
  { label: "Billing", path: "settings/billing", icon: "card", permission: "billing.read" },
  { label: "Integrations", path: "settings/integrations", icon: "plug" },
];

function NavLink({ item, onNavigate }: { item: NavItem; onNavigate: () => void }) {
  const org = useOrg();
  const pathname = usePathname();
  const href = org.href(item.path);
  const active = item.path === "" || item.path === "settings" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      onClick={onNavigate}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
        active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
      )}
    >
      <Icon name={item.icon} className={cn("size-5", active ? "text-brand-600" : "text-slate-400")} />
      {item.label}
    </Link>
  );
}

export function Shell({ orgs, userEmail, children }: { orgs: { slug: string; name: string }[]; userEmail: string; children: ReactNode }) {
  const org = useOrg();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  const sidebar = (
    <nav className="flex h-full flex-col gap-6 overflow-y-auto px-4 py-5" aria-label="Main">
      <Link href={org.href()} className="px-2 text-lg text-slate-900">
        <Logo />
      </Link>
      <div>
        <label htmlFor="org-switcher" className="px-2 text-xs font-medium uppercase tracking-wide text-slate-500">
          Organization
        </label>
        <select
          id="org-switcher"
          value={org.slug}
          onChange={(e) => router.push(e.target.value === "__new" ? "/onboarding" : `/${e.target.value}`)}
          className="mt-1 block w-full rounded-md border-0 bg-slate-100 py-2 pl-3 pr-8 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-200 focus:ring-2 focus:ring-brand-600"
        >
          {orgs.map((o) => (
            <option key={o.slug} value={o.slug}>
              {o.name}
            </option>
          ))}
          <option value="__new">+ New organization…</option>
        </select>
      </div>
      <div className="space-y-1">
        {MAIN_NAV.filter((item) => !item.permission || org.can(item.permission)).map((item) => (
          <NavLink key={item.path} item={item} onNavigate={close} />
        ))}
      </div>
      <div className="space-y-1">
        <div className="px-3 pb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Settings</div>
        {SETTINGS_NAV.filter((item) => !item.permission || org.can(item.permission)).map((item) => (
          <NavLink key={item.path} item={item} onNavigate={close} />
        ))}
      </div>
      <div className="mt-auto border-t border-slate-200 pt-4">
        <Link
          href={org.href("settings/account")}
          onClick={close}
          className="flex items-center gap-3 rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100"
        >
          <Icon name="user" className="size-5 text-slate-400" />
          <span className="min-w-0 flex-1">
            <span className="block truncate font-medium text-slate-800">{userEmail}</span>
            <span className="block text-xs capitalize text-slate-500">{org.role.toLowerCase()}</span>
          </span>
        </Link>
        <form action={signOutAction}>
          <button
            type="submit"
            className="mt-1 flex w-full items-center gap-3 rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100"
          >
            <Icon name="logout" className="size-5 text-slate-400" />
            Sign out
          </button>
        </form>
      </div>
    </nav>
  );
  return (
    <div className="min-h-full">
      <aside className="fixed inset-y-0 left-0 hidden w-64 border-r border-slate-200 bg-white lg:block">{sidebar}</aside>
      {open ? (
        <div className="fixed inset-0 z-40 lg:hidden">
          <div className="absolute inset-0 bg-slate-900/40" onClick={close} />
          <aside className="absolute inset-y-0 left-0 w-72 bg-white shadow-xl">{sidebar}</aside>
        </div>
      ) : null}
      <div className="lg:pl-64">
        <header className="sticky top-0 z-30 flex items-center gap-3 border-b border-slate-200 bg-white/90 px-4 py-3 backdrop-blur lg:hidden">
          <button
            type="button"
            onClick={() => setOpen(true)}
            aria-label="Open menu"
            className="rounded-md p-1.5 text-slate-600 hover:bg-slate-100"
          >
            <Icon name="menu" />
          </button>
          <Logo />
        </header>
        <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-10">{children}</main>
      </div>
    </div>
  );
}
