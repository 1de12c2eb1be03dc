"use client";

import { useQuery } from "@tanstack/react-query";

import { Badge, Card, CardBody, CardHeader, Notice, PageHeader } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { useTRPC } from "~/trpc/react";

const PLANS = [
  { key: "free", name: "Free", price: "$0", features: ["3 mail servers", "3 domains", "5-minute probes", "7-day history"] },
  {
    key: "team",
    name: "Team",
    price: "$49 / month",
    features: ["25 servers", "25 domains", "1-minute probes", "90-day history", "Slack, webhooks, PagerDuty"],
  },
  {
    key: "business",
    name: "Business",
    price: "$249 / month",
    features: ["Unlimited inventory", "30-second probes", "1-year history", "SSO and audit export"],
  },
];

export default function BillingPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const current = useQuery(trpc.organization.current.queryOptions());
  const plan = current.data?.plan ?? "free";
  return (
    <>
      <PageHeader title="Billing" description="Your plan and what it includes." />
      {!org.can("billing.read") ? <Notice tone="amber">Only owners and admins see billing.</Notice> : null}
      <div className="grid gap-4 md:grid-cols-3">
        {PLANS.map((p) => (
          <Card key={p.key} className={p.key === plan ? "ring-2 ring-brand-600" : undefined}>
            <CardHeader title={p.name} description={p.price} actions={p.key === plan ? <Badge tone="blue">current plan</Badge> : null} />
            <CardBody>
              <ul className="space-y-1.5 text-sm text-slate-600">
                {p.features.map((f) => (
                  <li key={f}>✓ {f}</li>
                ))}
              </ul>
            </CardBody>
          </Card>
        ))}
      </div>
      <div className="mt-6">
        <Notice tone="slate" title="Plan changes">
          Upgrades go through Stripe Checkout once this deployment has STRIPE_SECRET_KEY configured. Until then every organization runs on
          the Free plan with no limits enforced.
        </Notice>
      </div>
    </>
  );
}
