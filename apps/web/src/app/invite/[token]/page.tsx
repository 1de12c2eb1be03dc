import Link from "next/link";

import { getDb } from "@inboxwatch/db";
import { NotFoundError, systemContext } from "@inboxwatch/services";
import { describeInvitation } from "@inboxwatch/services/organization";
import { buttonClass, Notice } from "@inboxwatch/ui";

import { AuthCard } from "~/components/auth-card";
import { currentUser } from "~/server/context";
import { TRPCReactProvider } from "~/trpc/react";
import { AcceptButton } from "./accept-button";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

const STATE_TEXT = {
  expired: "This invitation has expired. Ask the person who invited you for a new one.",
  used: "This invitation has already been used.",
  revoked: "This invitation was withdrawn.",
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await describeInvitation(systemContext(getDb(), "invitation"), { token }).catch((err: unknown) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });
  if (!invitation) {
    return (
      <AuthCard title="Invitation not found">
        <Notice>This invitation link is not valid. Check that you copied all of it.</Notice>
      </AuthCard>
    );
  }
  const user = await currentUser();
  const here = `/invite/${token}`;
  return (
    <AuthCard
      title={`Join ${invitation.orgName}`}
      subtitle={
        <>
          You were invited as <b>{invitation.role.toLowerCase()}</b> ({invitation.email}).
        </>
      }
    >
      {invitation.state !== "pending" ? (
        <Notice tone="amber">{STATE_TEXT[invitation.state]}</Notice>
      ) : !user ? (
        <div className="space-y-3">
          <Link
            className={`${buttonClass()} w-full`}
            href={`/signup?callbackUrl=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`}
          >
            Create an account
          </Link>
          <Link className={`${buttonClass("secondary")} w-full`} href={`/login?callbackUrl=${encodeURIComponent(here)}`}>
            I already have an account
          </Link>
        </div>
      ) : user.email !== invitation.email ? (
        <Notice tone="amber">
          You are signed in as {user.email}, but this invitation is for {invitation.email}. Sign out and sign in with that address.
        </Notice>
      ) : (
        <TRPCReactProvider>
          <AcceptButton token={token} />
        </TRPCReactProvider>
      )}
    </AuthCard>
  );
}
