import Link from "next/link";

import { AuthCard } from "~/components/auth-card";
import { MagicForm } from "./magic-form";

export const metadata = { title: "Sign in with your link" };

export default async function MagicPage({ searchParams }: { searchParams: Promise<{ token?: string; next?: string }> }) {
  const { token, next } = await searchParams;
  return (
    <AuthCard
      title="Sign in with your link"
      subtitle="Press the button to finish signing in."
      footer={
        <Link href="/login" className="text-brand-600 hover:underline">
          Back to sign in
        </Link>
      }
    >
      {token ? (
        <MagicForm token={token} next={next} />
      ) : (
        <p className="text-sm text-slate-600">This link is incomplete. Ask for a new one from the sign-in page.</p>
      )}
    </AuthCard>
  );
}
