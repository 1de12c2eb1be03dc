"use client";

import { useState } from "react";

import { Checkbox, Field, Input } from "@inboxwatch/ui";

import { FormFooter } from "~/components/form-footer";

export interface IpFormValues {
  address: string;
  pool: string;
  expectedHelo: string;
  /** The sending domains this IP sends for: their SPF is graded against it. */
  domainIds: string[];
}

export function IpForm({
  initial,
  domains,
  editAddress = true,
  readOnly,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  initial?: Partial<IpFormValues>;
  /** The organization's sending domains to choose from; undefined while loading. */
  domains?: { id: string; domain: string }[];
  editAddress?: boolean;
  readOnly?: boolean;
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSubmit: (v: IpFormValues) => void;
}) {
  const [v, setV] = useState<IpFormValues>({ address: "", pool: "", expectedHelo: "", domainIds: [], ...initial });
  const toggle = (id: string, on: boolean) => setV({ ...v, domainIds: on ? [...v.domainIds, id] : v.domainIds.filter((d) => d !== id) });
  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(v);
      }}
    >
      <fieldset disabled={readOnly} className="grid gap-5 sm:grid-cols-3">
        <Field label="IP address" htmlFor="address" hint="IPv4 or IPv6">
          <Input
            id="address"
            value={v.address}
            disabled={!editAddress || readOnly}
            onChange={(e) => setV({ ...v, address: e.target.value })}
            required
            placeholder="203.0.113.10"
          />
        </Field>
        <Field label="Pool (optional)" htmlFor="pool" hint="Groups IPs in reports, e.g. transactional">
          <Input id="pool" value={v.pool} onChange={(e) => setV({ ...v, pool: e.target.value })} placeholder="transactional" />
        </Field>
        <Field label="Expected HELO (optional)" htmlFor="helo" hint="Should match the IP's PTR record">
          <Input
            id="helo"
            value={v.expectedHelo}
            onChange={(e) => setV({ ...v, expectedHelo: e.target.value })}
            placeholder="mail.example.com"
          />
        </Field>
      </fieldset>
      {domains && domains.length > 0 ? (
        <fieldset disabled={readOnly} aria-describedby="sends-for-hint">
          <legend className="text-sm font-medium text-slate-800">Sends for</legend>
          <p id="sends-for-hint" className="mb-2 text-xs text-slate-500">
            The domains whose mail leaves from this IP. Each domain&apos;s SPF is graded against its own IPs; a domain with no IP chosen is
            graded against all of them.
          </p>
          <div className="grid gap-2 sm:grid-cols-3">
            {domains.map((d) => (
              <Checkbox
                key={d.id}
                label={<span className="font-mono">{d.domain}</span>}
                checked={v.domainIds.includes(d.id)}
                onChange={(e) => toggle(d.id, e.target.checked)}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      <FormFooter error={error} pending={pending} submitLabel={submitLabel} readOnly={readOnly} />
    </form>
  );
}
