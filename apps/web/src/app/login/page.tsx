import Link from "next/link";
import { redirect } from "next/navigation";

import { oauthProviders } from "@inboxwatch/auth";

import { AuthCard } from "~/components/auth-card";
import { currentUser } from "~/server/context";
import { LoginForms } from "./login-forms";

export const metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; code?: string }>;
}) {
  const params = await searchParams;
  if (await currentUser()) redirect(params.callbackUrl?.startsWith("/") ? params.callbackUrl : "/");
  const callbackUrl = params.callbackUrl?.startsWith("/") && !params.callbackUrl.startsWith("//") ? params.callbackUrl : "/";
  const initialError =
    params.error === "oauth_unverified"
      ? "That provider has not verified your email address. Verify it there, or sign in with an emailed link."
      : params.error
        ? "Sign-in failed. Try again."
        : undefined;
  return (
    <AuthCard
      title="Sign in to Inboxwatch"
      subtitle="Know where your email lands."
      footer={
        <>
          New here?{" "}
          <Link className="font-medium text-brand-600 hover:underline" href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
            Create an account
          </Link>
        </>
      }
    >
      <LoginForms callbackUrl={callbackUrl} providers={oauthProviders()} initialError={initialError} />
    </AuthCard>
  );
}
