"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";
import type { ReactNode } from "react";

import { Card, CardBody, CardHeader, ConfirmButton, FormError, Notice } from "@inboxwatch/ui";

import type { TPermission } from "@inboxwatch/services/permissions";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { useTRPC } from "~/trpc/react";

/** What a server's, domain's or IP's own page starts with: its id from the URL and the way back to its list. */
export function useEntityPage(listPath: string) {
  const { id } = useParams<{ id: string }>();
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  /** After a removal: the lists refetch first, so the list shown is without the row. */
  const leaveAfter = (invalidate: () => Promise<unknown>) => async () => {
    await invalidate();
    router.push(org.href(listPath));
  };
  return { id, org, trpc, queryClient, leaveAfter };
}

/** The settings card of an entity page: read-only for a role that cannot change it, "Saved." after a save. */
export function SettingsCard({
  title = "Settings",
  description,
  canWrite,
  readOnlyText,
  saved,
  children,
}: {
  title?: string;
  description?: string;
  canWrite: boolean;
  readOnlyText: string;
  saved: boolean;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader title={title} description={canWrite ? description : readOnlyText} />
      <CardBody>
        {saved ? (
          <div className="mb-4">
            <Notice tone="green">Saved.</Notice>
          </div>
        ) : null}
        {children}
      </CardBody>
    </Card>
  );
}

/** The red card at the bottom of an entity page: removing it ("Remove this server"), asked once more in place. */
export function RemoveCard({
  what,
  description,
  removal,
  onConfirm,
}: {
  /** The entity as the labels name it: "server", "domain", "IP". */
  what: string;
  description: string;
  removal: { isPending: boolean; error: unknown };
  onConfirm: () => void;
}) {
  return (
    <Card className="mt-6 border-red-200">
      <CardHeader
        title={`Remove this ${what}`}
        description={description}
        actions={
          <ConfirmButton loading={removal.isPending} onConfirm={onConfirm} confirmLabel={`Remove ${what}`}>
            Remove
          </ConfirmButton>
        }
      />
      {removal.error ? (
        <CardBody>
          <FormError error={removal.error} />
        </CardBody>
      ) : null}
    </Card>
  );
}

/** After a create: the list refetches, then the new row's own page opens (its first checks show there). */
export function useOpenCreated(area: string) {
  const org = useOrg();
  const router = useRouter();
  const queryClient = useQueryClient();
  return (listKey: readonly unknown[]) => async (created: { id: string }) => {
    await queryClient.invalidateQueries({ queryKey: listKey });
    router.push(org.href(`${area}/${created.id}`));
  };
}

/** A page that adds a server, domain or IP: refused in words for a role without the write permission. */
export function NewEntityPage({
  permission,
  refusal,
  title,
  description,
  card = true,
  children,
}: {
  permission: TPermission;
  refusal: string;
  title: string;
  description?: string;
  /** false when the form brings its own card. */
  card?: boolean;
  children: ReactNode;
}) {
  const org = useOrg();
  if (!org.can(permission)) return <Notice tone="amber">{refusal}</Notice>;
  return (
    <Page title={title} description={description}>
      {card ? (
        <Card>
          <CardBody>{children}</CardBody>
        </Card>
      ) : (
        children
      )}
    </Page>
  );
}
