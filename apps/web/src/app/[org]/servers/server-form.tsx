"use client";

import { useState } from "react";

import { Button, Checkbox, Field, Input, Notice, Select } from "@inboxwatch/ui";

export interface ServerFormValues {
  hostname: string;
  role: "ORIGINATING" | "RELAY" | "DELIVERY" | "GATEWAY";
  port25: boolean;
  port587: boolean;
  port465: boolean;
  authUsername: string;
  /** undefined = keep the stored password; "" with clearPassword = remove it. */
  authPassword?: string | null;
  isLab: boolean;
}

const ROLE_HELP = {
  ORIGINATING: "Your apps hand mail to it (submission).",
  RELAY: "Forwards mail between your systems.",
  DELIVERY: "Delivers to recipients' MX servers.",
  GATEWAY: "Receives inbound mail for your domains.",
};

export function ServerForm({
  initial,
  hasPassword,
  submitLabel,
  pending,
  error,
  readOnly,
  onSubmit,
}: {
  initial?: Partial<ServerFormValues>;
  hasPassword?: boolean;
  submitLabel: string;
  pending: boolean;
  error: string | null;
  readOnly?: boolean;
  onSubmit: (values: ServerFormValues) => void;
}) {
  const [v, setV] = useState<ServerFormValues>({
    hostname: "",
    role: "ORIGINATING",
    port25: true,
    port587: true,
    port465: true,
    authUsername: "",
    isLab: false,
    ...initial,
  });
  const [password, setPassword] = useState("");
  const [clearPassword, setClearPassword] = useState(false);
  const set = <K extends keyof ServerFormValues>(k: K, value: ServerFormValues[K]) => setV((s) => ({ ...s, [k]: value }));
  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ ...v, authPassword: clearPassword ? null : password ? password : undefined });
      }}
    >
      <fieldset disabled={readOnly} className="space-y-6">
        <div className="grid gap-6 sm:grid-cols-2">
          <Field label="Hostname" htmlFor="hostname" hint="The name (or IP) we connect to, e.g. smtp.example.com">
            <Input id="hostname" value={v.hostname} onChange={(e) => set("hostname", e.target.value)} required placeholder="smtp.example.com" />
          </Field>
          <Field label="Role" htmlFor="role" hint={ROLE_HELP[v.role]}>
            <Select id="role" value={v.role} onChange={(e) => set("role", e.target.value as ServerFormValues["role"])}>
              <option value="ORIGINATING">Originating</option>
              <option value="RELAY">Relay</option>
              <option value="DELIVERY">Delivery</option>
              <option value="GATEWAY">Gateway</option>
            </Select>
          </Field>
        </div>
        <div>
          <div className="text-sm font-medium text-slate-700">Ports to probe</div>
          <div className="mt-2 grid gap-3 sm:grid-cols-3">
            <Checkbox label="25 · SMTP" description="STARTTLS, server to server" checked={v.port25} onChange={(e) => set("port25", e.target.checked)} />
            <Checkbox label="587 · Submission" description="STARTTLS + AUTH" checked={v.port587} onChange={(e) => set("port587", e.target.checked)} />
            <Checkbox label="465 · Submissions" description="Implicit TLS" checked={v.port465} onChange={(e) => set("port465", e.target.checked)} />
          </div>
        </div>
        <div className="grid gap-6 sm:grid-cols-2">
          <Field label="AUTH username (optional)" htmlFor="authUsername" hint="Lets probes test that sign-in works.">
            <Input id="authUsername" value={v.authUsername} autoComplete="off" onChange={(e) => set("authUsername", e.target.value)} />
          </Field>
          <Field
            label="AUTH password"
            htmlFor="authPassword"
            hint={hasPassword ? "A password is stored (encrypted). Type a new one to replace it." : "Stored encrypted (AES-256-GCM); never shown again."}
          >
            <Input id="authPassword" type="password" autoComplete="new-password" value={password} disabled={clearPassword} onChange={(e) => setPassword(e.target.value)} />
          </Field>
        </div>
        {hasPassword ? <Checkbox label="Remove the stored password" checked={clearPassword} onChange={(e) => setClearPassword(e.target.checked)} /> : null}
        <Checkbox
          label="Lab server"
          description="Allow AUTH over unverified TLS (self-signed test servers). Never enable for production servers."
          checked={v.isLab}
          onChange={(e) => set("isLab", e.target.checked)}
        />
      </fieldset>
      {error ? <Notice>{error}</Notice> : null}
      {!readOnly ? (
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      ) : null}
    </form>
  );
}
