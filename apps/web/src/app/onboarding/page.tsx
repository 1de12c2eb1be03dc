import { redirect } from "next/navigation";

import { AuthCard } from "~/components/auth-card";
import { currentUser } from "~/server/context";
import { TRPCReactProvider } from "~/trpc/react";
import { CreateOrgForm } from "./create-org-form";

export const metadata = { title: "Create your organization" };

export default async function OnboardingPage() {
  if (!(await currentUser())) redirect("/login?callbackUrl=/onboarding");
  return (
    <AuthCard title="Create your organization" subtitle="Your team, servers, domains and IPs live here. You can invite colleagues next.">
      <TRPCReactProvider>
        <CreateOrgForm />
      </TRPCReactProvider>
    </AuthCard>
  );
}
