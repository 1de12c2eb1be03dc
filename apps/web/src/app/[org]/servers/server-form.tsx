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
  /** The name the probes give in EHLO; null or "" = the platform default. */
  ehloName: string | null;
  customPorts: { port: number; mode: "starttls" | "tls" }[];
}

type PortRow = { key: number; port: string; mode: "starttls" | "tls" };

const STANDARD_PORTS = [25, 587, 465];
/** As the server checks it (probes/monitors.ts): shown at once, beside the field, before any request. */
function portErrors(rows: PortRow[]): (string | null)[] {
  return rows.map((r, i) => {
    const text = r.port.trim();
    if (!/^\d+$/.test(text)) return "Enter a port number from 1 to 65535";
    const port = Number(text);
    if (port < 1 || port > 65_535) return "Ports are 1–65535";
    if (STANDARD_PORTS.includes(port)) return `Port ${port} is a standard port: tick it above`;
    if (rows.findIndex((o) => o.port.trim() === text) < i) return `Port ${port} is listed twice`;
    return null;
  });
}

/** A host name (RFC 1123 labels), as EHLO expects (RFC 5321 §4.1.1.1); the server normalizes and re-checks. */
const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

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
    ehloName: null,
    customPorts: [],
    ...initial,
  });
  const [rows, setRows] = useState<PortRow[]>(() =>
    (initial?.customPorts ?? []).map((p, i) => ({ key: i, port: String(p.port), mode: p.mode })),
  );
  const [nextKey, setNextKey] = useState(rows.length);
  const [showErrors, setShowErrors] = useState(false);
  const errors = portErrors(rows);
  const ehloName = (v.ehloName ?? "").trim();
  const ehloError = ehloName && !HOSTNAME.test(ehloName) ? "A host name like probe.example.com (letters, digits, dashes and dots)" : null;
  const setRow = (key: number, patch: Partial<PortRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const [password, setPassword] = useState("");
  const [clearPassword, setClearPassword] = useState(false);
  const set = <K extends keyof ServerFormValues>(k: K, value: ServerFormValues[K]) => setV((s) => ({ ...s, [k]: value }));
  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        if (errors.some(Boolean) || ehloError) {
          setShowErrors(true);
          return;
        }
        onSubmit({
          ...v,
          ehloName: ehloName || null,
          customPorts: rows.map((r) => ({ port: Number(r.port.trim()), mode: r.mode })),
          authPassword: clearPassword ? null : password ? password : undefined,
        });
      }}
    >
      <fieldset disabled={readOnly} className="space-y-6">
        <div className="grid gap-6 sm:grid-cols-2">
          <Field label="Hostname" htmlFor="hostname" hint="The name (or IP) we connect to, e.g. smtp.example.com">
            <Input
              id="hostname"
              value={v.hostname}
              onChange={(e) => set("hostname", e.target.value)}
              required
              placeholder="smtp.example.com"
            />
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
            <Checkbox
              label="25 · SMTP"
              description="STARTTLS, server to server"
              checked={v.port25}
              onChange={(e) => set("port25", e.target.checked)}
            />
            <Checkbox
              label="587 · Submission"
              description="STARTTLS + AUTH"
              checked={v.port587}
              onChange={(e) => set("port587", e.target.checked)}
            />
            <Checkbox
              label="465 · Submissions"
              description="Implicit TLS"
              checked={v.port465}
              onChange={(e) => set("port465", e.target.checked)}
            />
          </div>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Custom ports</legend>
          <p className="mt-1 text-xs text-slate-500">
            Other ports to probe, e.g. 2525 or a private submission port. Custom ports are probed without AUTH.
          </p>
          <ul className="mt-2 space-y-2">
            {rows.map((r, i) => {
              const error = showErrors || r.port !== "" ? errors[i] : null;
              return (
                <li key={r.key} className="flex flex-wrap items-start gap-2">
                  <div>
                    <label htmlFor={`custom-port-${r.key}`} className="sr-only">
                      Custom port {i + 1}
                    </label>
                    <Input
                      id={`custom-port-${r.key}`}
                      inputMode="numeric"
                      className="w-28"
                      placeholder="2525"
                      value={r.port}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `custom-port-${r.key}-error` : undefined}
                      onChange={(e) => setRow(r.key, { port: e.target.value })}
                    />
                  </div>
                  <div>
                    <label htmlFor={`custom-port-${r.key}-mode`} className="sr-only">
                      TLS mode of custom port {i + 1}
                    </label>
                    <Select
                      id={`custom-port-${r.key}-mode`}
                      value={r.mode}
                      onChange={(e) => setRow(r.key, { mode: e.target.value as PortRow["mode"] })}
                    >
                      <option value="starttls">Plain SMTP + STARTTLS</option>
                      <option value="tls">Implicit TLS</option>
                    </Select>
                  </div>
                  <Button
                    type="button"
                    variant="secondary"
                    onClick={() => setRows((rs) => rs.filter((o) => o.key !== r.key))}
                    aria-label={`Remove custom port ${r.port || i + 1}`}
                  >
                    Remove
                  </Button>
                  {error ? (
                    <p id={`custom-port-${r.key}-error`} role="alert" className="basis-full text-xs text-red-600">
                      {error}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <Button
            type="button"
            variant="secondary"
            className="mt-2"
            onClick={() => {
              setRows((rs) => [...rs, { key: nextKey, port: "", mode: "starttls" }]);
              setNextKey((k) => k + 1);
            }}
          >
            Add a custom port
          </Button>
        </fieldset>
        <div className="grid gap-6 sm:grid-cols-2">
          <Field
            label="EHLO name (optional)"
            htmlFor="ehloName"
            error={showErrors || ehloName.length > 3 ? ehloError : null}
            hint="The name our probes give in EHLO/HELO to this server. Empty: the probing host's own name."
          >
            <Input
              id="ehloName"
              value={v.ehloName ?? ""}
              placeholder="probe.example.com"
              autoComplete="off"
              onChange={(e) => set("ehloName", e.target.value)}
            />
          </Field>
        </div>
        <div className="grid gap-6 sm:grid-cols-2">
          <Field label="AUTH username (optional)" htmlFor="authUsername" hint="Lets probes test that sign-in works.">
            <Input id="authUsername" value={v.authUsername} autoComplete="off" onChange={(e) => set("authUsername", e.target.value)} />
          </Field>
          <Field
            label="AUTH password"
            htmlFor="authPassword"
            hint={
              hasPassword
                ? "A password is stored (encrypted). Type a new one to replace it."
                : "Stored encrypted (AES-256-GCM); never shown again."
            }
          >
            <Input
              id="authPassword"
              type="password"
              autoComplete="new-password"
              value={password}
              disabled={clearPassword}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
        </div>
        {hasPassword ? (
          <Checkbox label="Remove the stored password" checked={clearPassword} onChange={(e) => setClearPassword(e.target.checked)} />
        ) : null}
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
