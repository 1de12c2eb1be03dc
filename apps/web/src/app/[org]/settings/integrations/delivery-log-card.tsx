"use client";

import { useQuery } from "@tanstack/react-query";

import { Card, CardHeader, LoadingRows, Notice } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";
import { DeliveryLog } from "../../alerts/parts";

/** One channel's recent notifications and attempts, refreshed every few seconds while open. */
export function DeliveryLogCard({ channelId, channelName }: { channelId: string; channelName: string }) {
  const trpc = useTRPC();
  const log = useQuery(trpc.alerts.channels.deliveries.queryOptions({ id: channelId }, { refetchInterval: 3_000 }));
  return (
    <Card className="mb-4">
      <CardHeader title={`Delivery log — ${channelName}`} description="Newest first; a test shows here within seconds." />
      {log.error ? <Notice>{errorMessage(log.error)}</Notice> : log.data ? <DeliveryLog rows={log.data} /> : <LoadingRows />}
    </Card>
  );
}
