"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

import { Button, Notice } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";

export function AcceptButton({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(trpc.auth.invitation.accept.mutationOptions({ onSuccess: ({ orgSlug }) => router.push(`/${orgSlug}`) }));
  return (
    <div className="space-y-3">
      {accept.error ? <Notice>{errorMessage(accept.error)}</Notice> : null}
      <Button className="w-full" loading={accept.isPending} onClick={() => accept.mutate({ token })}>
        Accept invitation
      </Button>
    </div>
  );
}
