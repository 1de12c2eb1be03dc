"use client";

import { useMutation } from "@tanstack/react-query";
import { z } from "zod";

import { Button, FormError, SelectField, TextField, useZodForm } from "@inboxwatch/ui";

import { useTRPC } from "~/trpc/react";

const TLS_MODES = [
  { value: "TLS", label: "TLS (port 993)", port: "993" },
  { value: "STARTTLS", label: "STARTTLS (port 143)", port: "143" },
  { value: "NONE", label: "None (plaintext; only on a trusted network)", port: "143" },
] as const;

/** What the form checks before sending (the server re-checks host names and folder names itself). */
const ZMailboxForm = z.object({
  host: z.string().trim().min(1, "The IMAP server's host name"),
  tlsMode: z.enum(["TLS", "STARTTLS", "NONE"]),
  port: z.coerce.number<string>().int().min(1, "Ports are 1–65535").max(65_535, "Ports are 1–65535"),
  username: z.string().trim().min(1, "The mailbox's user name"),
  password: z.string().min(1, "The mailbox's password"),
  sourceFolder: z.string().trim(),
  processedFolder: z.string().trim(),
  quarantineFolder: z.string().trim(),
});

const INITIAL = {
  host: "",
  tlsMode: "TLS",
  port: "993",
  username: "",
  password: "",
  sourceFolder: "",
  processedFolder: "",
  quarantineFolder: "",
};

/** A new IMAP mailbox to poll for reports; empty folders take the server's defaults. */
export function MailboxForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const form = useZodForm(ZMailboxForm, INITIAL);
  const create = useMutation(trpc.reports.mailboxes.create.mutationOptions({ onSuccess: onDone }));
  const tls = form.field("tlsMode");
  const submit = form.handleSubmit((v) =>
    create.mutate({
      ...v,
      sourceFolder: v.sourceFolder || undefined,
      processedFolder: v.processedFolder || undefined,
      quarantineFolder: v.quarantineFolder || undefined,
    }),
  );
  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <TextField label="IMAP server" {...form.field("host")} required placeholder="imap.example.com" />
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          label="Security"
          {...tls}
          // Choosing the security picks its usual port; a port typed after stays.
          onChange={(mode) =>
            form.setValues((v) => ({ ...v, tlsMode: mode, port: TLS_MODES.find((m) => m.value === mode)?.port ?? v.port }))
          }
          options={TLS_MODES}
        />
        <TextField label="Port" {...form.field("port")} type="number" min={1} max={65535} required />
      </div>
      <TextField label="Username" {...form.field("username")} required autoComplete="off" placeholder="dmarc@example.com" />
      <TextField
        label="Password"
        {...form.field("password")}
        type="password"
        required
        autoComplete="new-password"
        hint="Stored encrypted; never shown again. Use an app password where the provider offers one."
      />
      <TextField label="Folder to read" {...form.field("sourceFolder")} placeholder="INBOX" />
      <TextField
        label="Move stored reports to"
        {...form.field("processedFolder")}
        placeholder="Inboxwatch/Processed"
        hint="Created if missing; “/” separates levels."
      />
      <TextField
        label="Move failing messages to"
        {...form.field("quarantineFolder")}
        placeholder="Inboxwatch/Quarantine"
        hint="After 3 failed polls, with the reason shown here."
      />
      <div className="flex items-end gap-2 sm:col-span-2">
        <Button type="submit" loading={create.isPending}>
          Save mailbox
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
      <FormError error={create.error} className="sm:col-span-2" />
    </form>
  );
}
