import type { ComponentType, ReactNode } from "react";

import { PageHeader } from "./card.tsx";

export interface Breadcrumb {
  label: string;
  /** Absent on the current page (the last crumb). */
  href?: string;
}

/** How a crumb links: next/link in the app, a plain <a> by default (the kit does not import Next). */
export type LinkComponent = ComponentType<{ href: string; className?: string; children: ReactNode }>;

function PlainLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <a href={href} className={className}>
      {children}
    </a>
  );
}

/** The trail above a page title: a labelled navigation landmark, the last crumb marked as the current page. */
export function Breadcrumbs({ items, link: Link = PlainLink }: { items: readonly Breadcrumb[]; link?: LinkComponent }) {
  if (items.length === 0) return null;
  return (
    <nav aria-label="Breadcrumb" className="mb-2">
      <ol className="flex flex-wrap items-center gap-1.5 text-sm text-slate-500">
        {items.map((item, i) => {
          const last = i === items.length - 1;
          return (
            <li key={`${i}-${item.label}`} className="flex items-center gap-1.5">
              {last || !item.href ? (
                <span aria-current={last ? "page" : undefined} className={last ? "text-slate-700" : undefined}>
                  {item.label}
                </span>
              ) : (
                <Link href={item.href} className="hover:text-slate-900">
                  {item.label}
                </Link>
              )}
              {last ? null : (
                <span aria-hidden className="text-slate-400">
                  /
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** A page: breadcrumbs, the title (the page's one h1), its description and actions, then the content. */
export function PageLayout({
  title,
  description,
  actions,
  breadcrumbs = [],
  link,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  breadcrumbs?: readonly Breadcrumb[];
  link?: LinkComponent;
  children?: ReactNode;
}) {
  return (
    <>
      <Breadcrumbs items={breadcrumbs} link={link} />
      <PageHeader title={title} description={description} actions={actions} />
      {children}
    </>
  );
}
