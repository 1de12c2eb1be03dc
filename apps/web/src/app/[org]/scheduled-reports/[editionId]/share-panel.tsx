"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Badge, Button, Card, CardBody, CardHeader, ConfirmButton, Input, Notice, Select, Table, Td } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";

import { formatInZone } from "../format";

const EXPIRY_OPTIONS = [7, 30, 90] as const;

/**
 * Read-only links to this report for people without an account. The link is shown once, when it is made
 * (only its hash is stored); the list says who opened how often, and a revoked or expired link shows nothing.
 */
export function SharePanel({
  editionId,
  timeZone,
  canWrite,
  ready,
}: {
  editionId: string;
  timeZone: string;
  canWrite: boolean;
  ready: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [days, setDays] = useState<number>(30);
  const [copied, setCopied] = useState(false);
  const shares = useQuery(trpc.scheduledReports.shares.list.queryOptions({ editionId }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.scheduledReports.shares.list.queryKey({ editionId }) });
  const create = useMutation(
    trpc.scheduledReports.shares.create.mutationOptions({
      onSuccess: async () => {
        setCopied(false);
        await invalidate();
      },
    }),
  );
  const revoke = useMutation(trpc.scheduledReports.shares.revoke.mutationOptions({ onSuccess: invalidate }));
  const now = Date.now();
  const copy = async (url: string) => {
    await navigator.clipboard.writeText(url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <Card>
      <CardHeader title="Share" description="A read-only link to this report: no login needed, nothing else of the organization shown." />
      <CardBody className="space-y-4">
        {canWrite ? (
          <form
            className="flex flex-wrap items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ editionId, expiresInDays: days });
            }}
          >
            <div>
              <label htmlFor="share-expiry" className="block text-sm font-medium text-slate-700">
                Expires after
              </label>
              <Select id="share-expiry" className="mt-1.5 w-36" value={String(days)} onChange={(e) => setDays(Number(e.target.value))}>
                {EXPIRY_OPTIONS.map((d) => (
                  <option key={d} value={d}>
                    {d} days
                  </option>
                ))}
              </Select>
            </div>
            <Button type="submit" loading={create.isPending} disabled={!ready}>
              Create link
            </Button>
            {!ready ? <span className="text-xs text-slate-500">A report can be shared once it is ready.</span> : null}
          </form>
        ) : null}
        {create.error ? <Notice>{errorMessage(create.error)}</Notice> : null}
        {create.data ? (
          <div className="rounded-lg bg-emerald-50 p-3 ring-1 ring-inset ring-emerald-200" role="status">
            <p className="text-sm font-medium text-emerald-800">
              Link created: copy it now, it is not shown again. It expires {formatInZone(create.data.expiresAt, timeZone)}.
            </p>
            <div className="mt-2 flex gap-2">
              <Input
                readOnly
                value={create.data.url}
                aria-label="Share link"
                className="font-mono text-xs"
                onFocus={(e) => e.target.select()}
              />
              <Button type="button" variant="secondary" onClick={() => void copy(create.data.url)}>
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
          </div>
        ) : null}
        {revoke.error ? <Notice>{errorMessage(revoke.error)}</Notice> : null}
        {shares.error ? (
          <Notice title="The links could not be loaded">{errorMessage(shares.error)}</Notice>
        ) : shares.data?.length ? (
          <div className="-mx-5">
            <Table head={["Created", "Expires", "Views", "State", ""]}>
              {shares.data.map((s) => {
                const expired = s.expiresAt.getTime() <= now;
                return (
                  <tr key={s.id}>
                    <Td>
                      {formatInZone(s.createdAt, timeZone)}
                      {s.createdById === null ? (
                        <span className="block text-xs text-slate-500">sent with the report to addresses and channels</span>
                      ) : null}
                    </Td>
                    <Td>{formatInZone(s.expiresAt, timeZone)}</Td>
                    <Td className="tabular-nums">
                      {s.views}
                      {s.lastViewedAt ? (
                        <span className="ml-1 text-xs text-slate-500">(last {formatInZone(s.lastViewedAt, timeZone)})</span>
                      ) : null}
                    </Td>
                    <Td>
                      {s.revokedAt ? (
                        <Badge tone="slate">Revoked</Badge>
                      ) : expired ? (
                        <Badge tone="slate">Expired</Badge>
                      ) : (
                        <Badge tone="green">Live</Badge>
                      )}
                    </Td>
                    <Td className="text-right">
                      {canWrite && !s.revokedAt && !expired ? (
                        <ConfirmButton confirmLabel="Revoke link" loading={revoke.isPending} onConfirm={() => revoke.mutate({ id: s.id })}>
                          Revoke
                        </ConfirmButton>
                      ) : null}
                    </Td>
                  </tr>
                );
              })}
            </Table>
          </div>
        ) : shares.data ? (
          <p className="text-sm text-slate-500">No link yet.</p>
        ) : null}
      </CardBody>
    </Card>
  );
}
