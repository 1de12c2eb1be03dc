"use client";

import { Button, Input, Select } from "@inboxwatch/ui";

export type PortMode = "starttls" | "tls";
export type PortRow = { key: number; port: string; mode: PortMode };

const STANDARD_PORTS = [25, 587, 465];

/** As the server checks it (probes/monitors.ts): shown at once, beside the field, before any request. */
export function portErrors(rows: PortRow[]): (string | null)[] {
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

/** The server's extra ports, each with its TLS mode; a row's error shows once something is typed or a save was tried. */
export function CustomPortsField({
  rows,
  showErrors,
  onChange,
}: {
  rows: PortRow[];
  showErrors: boolean;
  onChange: (rows: PortRow[]) => void;
}) {
  const errors = portErrors(rows);
  const setRow = (key: number, patch: Partial<PortRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const nextKey = rows.reduce((max, r) => Math.max(max, r.key + 1), 0);
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">Custom ports</legend>
      <p className="mt-1 text-xs text-slate-500">
        Other ports to probe, e.g. 2525 or a private submission port. Custom ports are probed without AUTH.
      </p>
      <ul className="mt-2 space-y-2">
        {rows.map((r, i) => (
          <CustomPortRow
            key={r.key}
            row={r}
            index={i}
            error={showErrors || r.port !== "" ? errors[i] : null}
            onChange={(patch) => setRow(r.key, patch)}
            onRemove={() => onChange(rows.filter((o) => o.key !== r.key))}
          />
        ))}
      </ul>
      <Button
        type="button"
        variant="secondary"
        className="mt-2"
        onClick={() => onChange([...rows, { key: nextKey, port: "", mode: "starttls" }])}
      >
        Add a custom port
      </Button>
    </fieldset>
  );
}

function CustomPortRow({
  row: r,
  index: i,
  error,
  onChange,
  onRemove,
}: {
  row: PortRow;
  index: number;
  error: string | null | undefined;
  onChange: (patch: Partial<PortRow>) => void;
  onRemove: () => void;
}) {
  const id = `custom-port-${r.key}`;
  return (
    <li className="flex flex-wrap items-start gap-2">
      <div>
        <label htmlFor={id} className="sr-only">
          Custom port {i + 1}
        </label>
        <Input
          id={id}
          inputMode="numeric"
          className="w-28"
          placeholder="2525"
          value={r.port}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange({ port: e.target.value })}
        />
      </div>
      <div>
        <label htmlFor={`${id}-mode`} className="sr-only">
          TLS mode of custom port {i + 1}
        </label>
        <Select id={`${id}-mode`} value={r.mode} onChange={(e) => onChange({ mode: e.target.value === "tls" ? "tls" : "starttls" })}>
          <option value="starttls">Plain SMTP + STARTTLS</option>
          <option value="tls">Implicit TLS</option>
        </Select>
      </div>
      <Button type="button" variant="secondary" onClick={onRemove} aria-label={`Remove custom port ${r.port || i + 1}`}>
        Remove
      </Button>
      {error ? (
        <p id={`${id}-error`} role="alert" className="basis-full text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </li>
  );
}
