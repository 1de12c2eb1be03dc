import { redirect } from "next/navigation";

import { getDb } from "@inboxwatch/db";
import { accountContext } from "@inboxwatch/services";
import { listMyOrganizations } from "@inboxwatch/services/organization";

import { currentUser } from "~/server/context";

export const dynamic = "force-dynamic";

/** Home: the first organization of the signed-in user, onboarding for a user without one, sign-in otherwise. */
export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/login");
  const orgs = await listMyOrganizations(accountContext(getDb(), user), { userId: user.id });
  redirect(orgs[0] ? `/${orgs[0].slug}` : "/onboarding");
}
