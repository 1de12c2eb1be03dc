import Link from "next/link";

import { AuthCard } from "~/components/auth-card";
import { SignupForm } from "./signup-form";

export const metadata = { title: "Create your account" };

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; email?: string }> }) {
  const params = await searchParams;
  const callbackUrl = params.callbackUrl?.startsWith("/") && !params.callbackUrl.startsWith("//") ? params.callbackUrl : "/";
  return (
    <AuthCard
      title="Create your account"
      subtitle="Watch your mail servers, domains and IPs in minutes."
      footer={
        <>
          Already have an account?{" "}
          <Link className="font-medium text-brand-600 hover:underline" href={`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
            Sign in
          </Link>
        </>
      }
    >
      <SignupForm callbackUrl={callbackUrl} email={params.email} />
    </AuthCard>
  );
}
