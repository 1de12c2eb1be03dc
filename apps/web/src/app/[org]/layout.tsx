import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";

import { getDb } from "@inboxwatch/db";
import { NotFoundError, ROLE_PERMISSIONS, accountContext } from "@inboxwatch/services";
import { getMembershipBySlug, listMyOrganizations } from "@inboxwatch/services/organization";

import { OrgProvider } from "~/components/org-context";
import { Shell } from "~/components/shell";
import { currentUser } from "~/server/context";
import { TRPCReactProvider } from "~/trpc/react";

export const dynamic = "force-dynamic";

export default async function OrgLayout({ params, children }: { params: Promise<{ org: string }>; children: ReactNode }) {
  const { org: slug } = await params;
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/${slug}`)}`);
  const membership = await getMembershipBySlug(accountContext(getDb(), user), { userId: user.id, slug }).catch((err: unknown) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });
  if (!membership) notFound();
  const orgs = await listMyOrganizations(accountContext(getDb(), user), { userId: user.id });
  const value = {
    id: membership.orgId,
    slug: membership.slug,
    name: membership.orgName,
    role: membership.role,
    permissions: ROLE_PERMISSIONS[membership.role],
  };
  return (
    <OrgProvider value={value}>
      <TRPCReactProvider orgSlug={membership.slug}>
        <Shell orgs={orgs.map((o) => ({ slug: o.slug, name: o.name }))} userEmail={user.email}>
          {children}
        </Shell>
      </TRPCReactProvider>
    </OrgProvider>
  );
}
