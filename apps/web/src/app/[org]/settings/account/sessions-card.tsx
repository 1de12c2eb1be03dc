"use client";

import { useMutation, useQuery } from "@tanstack/react-query";

import { Badge, Button, Card, CardBody, CardHeader, DataTable, Notice } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";
import { describeAgent, METHOD_LABELS } from "./describe-agent";

/** Every browser signed in to the account, newest first, and "Sign out everywhere". */
export function SessionsCard() {
  const trpc = useTRPC();
  const sessions = useQuery(trpc.me.sessions.list.queryOptions());
  const everywhere = useMutation(trpc.me.sessions.revokeAll.mutationOptions({ onSuccess: () => window.location.assign("/login") }));
  const newest = sessions.data?.[0]?.id;
  return (
    <Card className="max-w-3xl">
      <CardHeader
        title="Signed-in sessions"
        description="Every browser signed in to your account. Signing out ends a session at once, even if someone copied it."
        actions={
          <Button variant="secondary" loading={everywhere.isPending} onClick={() => everywhere.mutate()}>
            Sign out everywhere
          </Button>
        }
      />
      <CardBody>
        {everywhere.error ? <Notice>{errorMessage(everywhere.error)}</Notice> : null}
        <DataTable
          card={false}
          rows={sessions.data}
          rowKey={(s) => s.id}
          error={errorMessage(sessions.error)}
          empty={{ title: "No session" }}
          columns={[
            {
              id: "device",
              header: "Device",
              cell: (s) => (
                <>
                  {describeAgent(s.userAgent)} {s.id === newest ? <Badge tone="green">newest</Badge> : null}
                </>
              ),
            },
            { id: "method", header: "Signed in with", cell: (s) => METHOD_LABELS[s.method] ?? s.method },
            { id: "ip", header: "From", cell: (s) => s.ip ?? "unknown address" },
            { id: "since", header: "Since", cell: (s) => new Date(s.createdAt).toLocaleString() },
          ]}
        />
      </CardBody>
    </Card>
  );
}
