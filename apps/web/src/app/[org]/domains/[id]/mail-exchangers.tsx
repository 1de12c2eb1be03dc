"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { Badge, Button, Card, CardBody, CardHeader, EmptyState, LoadingRows, Notice } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { StateBadge } from "../../servers/[id]/probe-state";
import { MxChanges, MxHostsTable } from "./mx-hosts-table";

/**
 * The domain's MX set as monitors: each MX host's state, TLS version, latency and last probe, the
 * domain's state rolled up from them, MX set changes, "Probe now", and the on/off switch (opt-in: the
 * MX hosts are often a provider's servers).
 */
export function MailExchangers({ domainId }: { domainId: string }) {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mx = useQuery(trpc.probes.domainMx.get.queryOptions({ domainId }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.probes.domainMx.get.queryKey({ domainId }) });
  const toggle = useMutation(trpc.probes.domainMx.setEnabled.mutationOptions({ onSuccess: invalidate }));
  const probeNow = useMutation(trpc.probes.domainMx.run.mutationOptions({ onSuccess: invalidate }));
  const canWrite = org.can("domains.write");

  if (mx.error) return <Notice title="Cannot show this domain's mail exchangers">{errorMessage(mx.error)}</Notice>;
  if (!mx.data) return <LoadingRows rows={3} />;
  const { watch, hosts, state, events } = mx.data;
  const on = watch?.enabled === true;

  const actions = canWrite ? (
    <div className="flex gap-2">
      {on ? (
        <Button type="button" loading={probeNow.isPending} onClick={() => probeNow.mutate({ domainId })}>
          Probe now
        </Button>
      ) : null}
      <Button
        type="button"
        variant={on ? "secondary" : "primary"}
        loading={toggle.isPending}
        onClick={() => toggle.mutate({ domainId, enabled: !on })}
      >
        {on ? "Stop monitoring" : "Monitor MX hosts"}
      </Button>
    </div>
  ) : null;

  return (
    <Card className="mb-6">
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            Mail exchangers {on ? <StateBadge state={state} /> : <Badge>not monitored</Badge>}
          </span>
        }
        description={
          on
            ? `Every MX host probed on port 25 (STARTTLS) every ${Math.round((watch?.intervalSeconds ?? 300) / 60)} min.`
            : "Probe every MX host of this domain on port 25: state, TLS, latency, and changes to the MX set."
        }
        actions={actions}
      />
      <CardBody>
        {toggle.error ? <Notice>{errorMessage(toggle.error)}</Notice> : null}
        {probeNow.error ? <Notice>{errorMessage(probeNow.error)}</Notice> : null}
        {!on ? (
          <EmptyState icon={<Icon name="server" className="size-10" />} title="MX hosts are not monitored">
            {canWrite
              ? "Choose “Monitor MX hosts”: the MX set is resolved at once and each host is probed within a minute."
              : "Ask an owner or admin to turn MX monitoring on for this domain."}
          </EmptyState>
        ) : watch?.nullMx ? (
          <Notice tone="green" title="Null MX (RFC 7505)">
            This domain says it accepts no mail: there are no mail exchangers to probe.
          </Notice>
        ) : hosts.length === 0 ? (
          <EmptyState
            icon={<Icon name="server" className="size-10" />}
            title={watch?.lastError ? "No MX hosts found" : "Resolving the MX set"}
          >
            {watch?.lastError ?? "The MX records are looked up within a minute; choose “Probe now” to do it at once."}
          </EmptyState>
        ) : (
          <>
            {watch?.lastError ? <Notice title="Last MX lookup failed (the previous set is kept)">{watch.lastError}</Notice> : null}
            <MxHostsTable hosts={hosts} />
          </>
        )}
        {on && events.length > 0 ? <MxChanges events={events} /> : null}
      </CardBody>
    </Card>
  );
}
