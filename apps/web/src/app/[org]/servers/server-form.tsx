"use client";

import { useState } from "react";

import { CheckboxField, SelectField, TextField } from "@inboxwatch/ui";

import { FormFooter } from "~/components/form-footer";
import { CustomPortsField, portErrors, type PortRow } from "./custom-ports-field";

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
  /** The name the probes give in EHLO; null or "" = the platform default. */
  ehloName: string | null;
  customPorts: { port: number; mode: "starttls" | "tls" }[];
}

/** A host name (RFC 1123 labels), as EHLO expects (RFC 5321 §4.1.1.1); the server normalizes and re-checks. */
const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

const ROLES = [
  { value: "ORIGINATING", label: "Originating", help: "Your apps hand mail to it (submission)." },
  { value: "RELAY", label: "Relay", help: "Forwards mail between your systems." },
  { value: "DELIVERY", label: "Delivery", help: "Delivers to recipients' MX servers." },
  { value: "GATEWAY", label: "Gateway", help: "Receives inbound mail for your domains." },
] as const;

const STANDARD_PORTS = [
  { field: "port25", label: "25 · SMTP", description: "STARTTLS, server to server" },
  { field: "port587", label: "587 · Submission", description: "STARTTLS + AUTH" },
  { field: "port465", label: "465 · Submissions", description: "Implicit TLS" },
] as const;

const DEFAULTS: ServerFormValues = {
  hostname: "",
  role: "ORIGINATING",
  port25: true,
  port587: true,
  port465: true,
  authUsername: "",
  isLab: false,
  ehloName: null,
  customPorts: [],
};

function isRole(value: string): value is ServerFormValues["role"] {
  return ROLES.some((r) => r.value === value);
}

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
  const [v, setV] = useState<ServerFormValues>({ ...DEFAULTS, ...initial });
  const [rows, setRows] = useState<PortRow[]>(() =>
    (initial?.customPorts ?? []).map((p, i) => ({ key: i, port: String(p.port), mode: p.mode })),
  );
  const [showErrors, setShowErrors] = useState(false);
  const [auth, setAuth] = useState({ password: "", clear: false });
  const ehloName = (v.ehloName ?? "").trim();
  const ehloError = ehloName && !HOSTNAME.test(ehloName) ? "A host name like probe.example.com (letters, digits, dashes and dots)" : null;
  const set = <K extends keyof ServerFormValues>(k: K, value: ServerFormValues[K]) => setV((s) => ({ ...s, [k]: value }));
  const bind = <K extends "hostname" | "authUsername">(k: K) => ({ name: k, value: v[k], onChange: (value: string) => set(k, value) });
  const submit = () => {
    if (portErrors(rows).some(Boolean) || ehloError) return setShowErrors(true);
    onSubmit({
      ...v,
      ehloName: ehloName || null,
      customPorts: rows.map((r) => ({ port: Number(r.port.trim()), mode: r.mode })),
      authPassword: auth.clear ? null : auth.password ? auth.password : undefined,
    });
  };
  return (
    <form className="space-y-6" onSubmit={(e) => (e.preventDefault(), submit())}>
      <fieldset disabled={readOnly} className="space-y-6">
        <div className="grid gap-6 sm:grid-cols-2">
          <TextField
            label="Hostname"
            {...bind("hostname")}
            required
            placeholder="smtp.example.com"
            hint="The name (or IP) we connect to, e.g. smtp.example.com"
          />
          <SelectField
            label="Role"
            name="role"
            value={v.role}
            onChange={(role) => isRole(role) && set("role", role)}
            hint={ROLES.find((r) => r.value === v.role)?.help}
            options={ROLES}
          />
        </div>
        <div>
          <div className="text-sm font-medium text-slate-700">Ports to probe</div>
          <div className="mt-2 grid gap-3 sm:grid-cols-3">
            {STANDARD_PORTS.map((p) => (
              <CheckboxField
                key={p.field}
                label={p.label}
                hint={p.description}
                name={p.field}
                value={v[p.field]}
                onChange={(on) => set(p.field, on)}
              />
            ))}
          </div>
        </div>
        <CustomPortsField rows={rows} showErrors={showErrors} onChange={setRows} />
        <div className="grid gap-6 sm:grid-cols-2">
          <TextField
            label="EHLO name (optional)"
            name="ehloName"
            value={v.ehloName ?? ""}
            onChange={(value) => set("ehloName", value)}
            error={showErrors || ehloName.length > 3 ? ehloError : null}
            hint="The name our probes give in EHLO/HELO to this server. Empty: the probing host's own name."
            placeholder="probe.example.com"
            autoComplete="off"
          />
        </div>
        <AuthFields
          username={bind("authUsername")}
          hasPassword={hasPassword}
          auth={auth}
          onAuth={(patch) => setAuth((a) => ({ ...a, ...patch }))}
        />
        <CheckboxField
          label="Lab server"
          name="isLab"
          hint="Allow AUTH over unverified TLS (self-signed test servers). Never enable for production servers."
          value={v.isLab}
          onChange={(isLab) => set("isLab", isLab)}
        />
      </fieldset>
      <FormFooter error={error} pending={pending} submitLabel={submitLabel} readOnly={readOnly} />
    </form>
  );
}

/** Optional AUTH credentials: the password is write-only (a stored one is replaced or removed, never shown). */
function AuthFields({
  username,
  hasPassword,
  auth,
  onAuth,
}: {
  username: { name: string; value: string; onChange: (value: string) => void };
  hasPassword: boolean | undefined;
  auth: { password: string; clear: boolean };
  onAuth: (patch: Partial<{ password: string; clear: boolean }>) => void;
}) {
  return (
    <>
      <div className="grid gap-6 sm:grid-cols-2">
        <TextField label="AUTH username (optional)" {...username} autoComplete="off" hint="Lets probes test that sign-in works." />
        <TextField
          label="AUTH password"
          name="authPassword"
          type="password"
          autoComplete="new-password"
          value={auth.password}
          disabled={auth.clear}
          onChange={(password) => onAuth({ password })}
          hint={
            hasPassword
              ? "A password is stored (encrypted). Type a new one to replace it."
              : "Stored encrypted (AES-256-GCM); never shown again."
          }
        />
      </div>
      {hasPassword ? (
        <CheckboxField label="Remove the stored password" name="clearPassword" value={auth.clear} onChange={(clear) => onAuth({ clear })} />
      ) : null}
    </>
  );
}
