"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Badge, Button, Card, CardBody, CardHeader, Field, Input, LoadingRows, Notice, PageHeader, Table, Td } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";

const METHOD_LABELS: Record<string, string> = {
  password: "Password",
  "magic-link": "Emailed link",
  "verify-email": "Address confirmation",
  "oauth:github": "GitHub",
  "oauth:google": "Google",
};

/** "Chrome on Linux" from a user agent, enough for a person to recognise their own devices. */
function describeAgent(ua: string | null): string {
  if (!ua) return "Unknown browser";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "A browser";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Mac OS X/.test(ua)
      ? "macOS"
      : /Android/.test(ua)
        ? "Android"
        : /iPhone|iPad/.test(ua)
          ? "iOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}

function SessionsCard() {
  const trpc = useTRPC();
  const sessions = useQuery(trpc.me.sessions.list.queryOptions());
  const everywhere = useMutation(trpc.me.sessions.revokeAll.mutationOptions({ onSuccess: () => window.location.assign("/login") }));
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
        {sessions.isLoading ? <LoadingRows /> : null}
        {sessions.error ? <Notice>{errorMessage(sessions.error)}</Notice> : null}
        {sessions.data ? (
          <Table head={["Device", "Signed in with", "From", "Since"]}>
            {sessions.data.map((s, i) => (
              <tr key={s.id}>
                <Td>
                  {describeAgent(s.userAgent)} {i === 0 ? <Badge tone="green">newest</Badge> : null}
                </Td>
                <Td>{METHOD_LABELS[s.method] ?? s.method}</Td>
                <Td>{s.ip ?? "unknown address"}</Td>
                <Td>{new Date(s.createdAt).toLocaleString()}</Td>
              </tr>
            ))}
          </Table>
        ) : null}
      </CardBody>
    </Card>
  );
}

export default function AccountPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      // A password change revokes every session, this one included: sign in again with the new password.
      onSuccess: () => setTimeout(() => window.location.assign("/login"), 1500),
    }),
  );
  return (
    <>
      <PageHeader title="Your account" description={me.data ? `Signed in as ${me.data.email}` : undefined} />
      <Card className="max-w-xl">
        <CardHeader title="Change password" description="Signs you out everywhere, on every device." />
        <CardBody>
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              change.mutate({ currentPassword: current, newPassword: next });
            }}
          >
            <Field label="Current password" htmlFor="current" hint="Leave empty if you only ever signed in with links.">
              <Input
                id="current"
                type="password"
                autoComplete="current-password"
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
              />
            </Field>
            <Field label="New password" htmlFor="new" hint="At least 10 characters.">
              <Input
                id="new"
                type="password"
                autoComplete="new-password"
                minLength={10}
                required
                value={next}
                onChange={(e) => setNext(e.target.value)}
              />
            </Field>
            {change.error ? <Notice>{errorMessage(change.error)}</Notice> : null}
            {change.isSuccess ? <Notice tone="green">Password changed. Signing you out…</Notice> : null}
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </form>
        </CardBody>
      </Card>
      <div className="mt-6">
        <SessionsCard />
      </div>
    </>
  );
}
