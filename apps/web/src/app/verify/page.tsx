import Link from "next/link";

import { AuthCard } from "~/components/auth-card";
import { VerifyForms } from "./verify-forms";

export const metadata = { title: "Confirm your address" };

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string; next?: string }> }) {
  const { token, next } = await searchParams;
  const safeNext = next?.startsWith("/") && !next.startsWith("//") ? next : "/onboarding";
  return (
    <AuthCard
      title="Confirm your address"
      subtitle="Enter the password you chose when you signed up to finish."
      footer={
        <Link href="/login" className="text-brand-600 hover:underline">
          Back to sign in
        </Link>
      }
    >
      {token ? (
        <VerifyForms token={token} next={safeNext} />
      ) : (
        <p className="text-sm text-slate-600">
          This link is incomplete. Sign in with your address and password to get a new confirmation link.
        </p>
      )}
    </AuthCard>
  );
}
