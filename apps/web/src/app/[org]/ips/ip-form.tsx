"use client";

import { useState } from "react";

import { Button, Field, Input, Notice } from "@inboxwatch/ui";

export interface IpFormValues {
  address: string;
  pool: string;
  expectedHelo: string;
}

export function IpForm({ initial, editAddress = true, readOnly, submitLabel, pending, error, onSubmit }: {
  initial?: Partial<IpFormValues>;
  editAddress?: boolean;
  readOnly?: boolean;
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSubmit: (v: IpFormValues) => void;
}) {
  const [v, setV] = useState<IpFormValues>({ address: "", pool: "", expectedHelo: "", ...initial });
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
          <Input id="address" value={v.address} disabled={!editAddress || readOnly} onChange={(e) => setV({ ...v, address: e.target.value })} required placeholder="203.0.113.10" />
        </Field>
        <Field label="Pool (optional)" htmlFor="pool" hint="Groups IPs in reports, e.g. transactional">
          <Input id="pool" value={v.pool} onChange={(e) => setV({ ...v, pool: e.target.value })} placeholder="transactional" />
        </Field>
        <Field label="Expected HELO (optional)" htmlFor="helo" hint="Should match the IP's PTR record">
          <Input id="helo" value={v.expectedHelo} onChange={(e) => setV({ ...v, expectedHelo: e.target.value })} placeholder="mail.example.com" />
        </Field>
      </fieldset>
      {error ? <Notice>{error}</Notice> : null}
      {!readOnly ? <Button type="submit" loading={pending}>{submitLabel}</Button> : null}
    </form>
  );
}
