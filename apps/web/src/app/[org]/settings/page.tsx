"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";

import { Button, Card, CardBody, CardHeader, Field, Input, LoadingRows, Notice, PageHeader, Select } from "@inboxwatch/ui";

import { ConfirmButton } from "~/components/confirm-button";
import { useOrg } from "~/components/org-context";
import { errorMessage, type RouterOutputs, useTRPC } from "~/trpc/react";

/** The server's bound (packages/services/src/organization/organization.ts LOGO_MAX_BYTES), checked before reading the file. */
const LOGO_MAX_BYTES = 100_000;
const LOGO_TYPES = ["image/png", "image/jpeg", "image/svg+xml"];

/**
 * The IANA zones this browser knows, by region. Read after mounting: the server's ICU and the browser's may
 * list different zones, and the first render must match the server's.
 */
function useTimeZones(current: string): Map<string, string[]> | null {
  const [zones, setZones] = useState<Map<string, string[]> | null>(null);
  useEffect(() => {
    const all = new Set(Intl.supportedValuesOf("timeZone"));
    all.add("UTC");
    all.add(current);
    const byRegion = new Map<string, string[]>();
    for (const zone of [...all].sort()) {
      const region = zone.includes("/") ? (zone.split("/")[0] ?? "Other") : "Other";
      byRegion.set(region, [...(byRegion.get(region) ?? []), zone]);
    }
    setZones(byRegion);
  }, [current]);
  return zones;
}

/** "14:05" now in `zone`, so the choice can be checked against a clock. */
function nowIn(zone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      hourCycle: "h23",
    }).format(new Date());
  } catch {
    return "";
  }
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => (typeof reader.result === "string" ? resolve(reader.result) : reject(new Error("Could not read the file")));
    reader.onerror = () => reject(reader.error ?? new Error("Could not read the file"));
    reader.readAsDataURL(file);
  });
}

type Organization = RouterOutputs["organization"]["current"];

/**
 * What scheduled reports take from the organization: the time zone their schedules and periods follow
 * (changing it moves every report's next send), and the logo printed on them.
 */
function ReportSettingsCard({ current, canWrite }: { current: Organization; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [timeZone, setTimeZone] = useState(current.timeZone);
  const [logo, setLogo] = useState<string | null>(current.logoDataUrl);
  const [fileError, setFileError] = useState<string | null>(null);
  const zones = useTimeZones(current.timeZone);
  const fileId = useId();
  const update = useMutation(
    trpc.organization.update.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.organization.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.scheduledReports.pathKey() }),
        ]),
    }),
  );
  const changed = timeZone !== current.timeZone || logo !== current.logoDataUrl;
  const pick = async (file: File | undefined) => {
    setFileError(null);
    if (!file) return;
    if (!LOGO_TYPES.includes(file.type)) return setFileError("The logo must be a PNG, JPEG or SVG image");
    if (file.size > LOGO_MAX_BYTES) return setFileError(`The logo may be at most 100 KB (this one is ${Math.ceil(file.size / 1000)} KB)`);
    try {
      setLogo(await readAsDataUrl(file));
    } catch (err) {
      setFileError(err instanceof Error ? err.message : "Could not read the file");
    }
  };
  return (
    <Card>
      <CardHeader
        title="Reports"
        description="Scheduled reports are sent and cut into weeks and months in this time zone, and carry this logo."
      />
      <CardBody>
        <form
          className="grid max-w-xl gap-5"
          aria-label="Report settings"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({
              ...(timeZone !== current.timeZone ? { timeZone } : {}),
              ...(logo !== current.logoDataUrl ? { logoDataUrl: logo } : {}),
            });
          }}
        >
          <Field
            label="Time zone"
            htmlFor="org-time-zone"
            hint={`Now ${nowIn(timeZone)} there. Changing it moves the next send of every report to the new clock.`}
          >
            <Select id="org-time-zone" value={timeZone} disabled={!canWrite} onChange={(e) => setTimeZone(e.target.value)}>
              {zones ? (
                [...zones].map(([region, list]) => (
                  <optgroup key={region} label={region}>
                    {list.map((z) => (
                      <option key={z} value={z}>
                        {z.replaceAll("_", " ")}
                      </option>
                    ))}
                  </optgroup>
                ))
              ) : (
                <option value={timeZone}>{timeZone.replaceAll("_", " ")}</option>
              )}
            </Select>
          </Field>
          <div>
            <span className="block text-sm font-medium text-slate-700" id={`${fileId}-label`}>
              Logo
            </span>
            <div className="mt-1.5 flex flex-wrap items-center gap-4">
              <div className="flex h-16 w-40 items-center justify-center rounded-lg bg-slate-50 p-2 ring-1 ring-inset ring-slate-200">
                {logo ? (
                  <img src={logo} alt="Organization logo" className="max-h-full max-w-full object-contain" />
                ) : (
                  <span className="text-xs text-slate-500">No logo</span>
                )}
              </div>
              {canWrite ? (
                <div className="flex flex-wrap items-center gap-2">
                  <label
                    htmlFor={fileId}
                    className="cursor-pointer rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-within:outline-2 focus-within:outline-brand-600"
                  >
                    {logo ? "Replace…" : "Upload…"}
                    <input
                      id={fileId}
                      type="file"
                      accept={LOGO_TYPES.join(",")}
                      className="sr-only"
                      aria-describedby={`${fileId}-hint`}
                      onChange={(e) => {
                        void pick(e.target.files?.[0]);
                        e.target.value = "";
                      }}
                    />
                  </label>
                  {logo ? (
                    <Button type="button" variant="ghost" onClick={() => setLogo(null)}>
                      Remove
                    </Button>
                  ) : null}
                </div>
              ) : null}
            </div>
            {fileError ? (
              <p className="mt-1 text-xs text-red-600" role="alert">
                {fileError}
              </p>
            ) : (
              <p id={`${fileId}-hint`} className="mt-1 text-xs text-slate-500">
                PNG, JPEG or SVG, at most 100 KB; printed at the top of every report.
              </p>
            )}
          </div>
          {update.error ? <Notice>{errorMessage(update.error)}</Notice> : null}
          {update.isSuccess && !changed ? <Notice tone="green">Saved.</Notice> : null}
          {canWrite ? (
            <div>
              <Button type="submit" loading={update.isPending} disabled={!changed}>
                Save
              </Button>
            </div>
          ) : null}
        </form>
      </CardBody>
    </Card>
  );
}

export default function OrganizationSettingsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(org.name);
  const update = useMutation(trpc.organization.update.mutationOptions({ onSuccess: () => router.refresh() }));
  const leave = useMutation(trpc.organization.leave.mutationOptions({ onSuccess: () => router.push("/") }));
  const canWrite = org.can("org.write");
  const current = useQuery(trpc.organization.current.queryOptions());
  return (
    <>
      <PageHeader title="Organization" description="Name, time zone, logo and membership of this organization." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="General" description={canWrite ? undefined : "Read-only for your role."} />
          <CardBody>
            <form
              className="grid max-w-xl gap-4"
              onSubmit={(e) => {
                e.preventDefault();
                update.mutate({ name });
              }}
            >
              <Field label="Name" htmlFor="org-name">
                <Input id="org-name" value={name} disabled={!canWrite} onChange={(e) => setName(e.target.value)} required />
              </Field>
              <Field label="Address" htmlFor="org-slug" hint="Part of every link; it cannot change.">
                <Input id="org-slug" value={org.slug} disabled />
              </Field>
              {update.error ? <Notice>{errorMessage(update.error)}</Notice> : null}
              {update.isSuccess ? <Notice tone="green">Saved.</Notice> : null}
              {canWrite ? (
                <div>
                  <Button type="submit" loading={update.isPending}>
                    Save
                  </Button>
                </div>
              ) : null}
            </form>
          </CardBody>
        </Card>
        {current.data ? (
          <ReportSettingsCard current={current.data} canWrite={canWrite} />
        ) : current.error ? (
          <Notice title="The report settings could not be loaded">{errorMessage(current.error)}</Notice>
        ) : (
          <LoadingRows rows={3} />
        )}
        <Card className="border-red-200">
          <CardHeader
            title="Leave this organization"
            description={
              org.role === "OWNER"
                ? "As the owner, transfer ownership to another member first (Members page)."
                : "You lose access at once; an admin can invite you again."
            }
            actions={
              org.role !== "OWNER" ? (
                <ConfirmButton onConfirm={() => leave.mutate()} confirmLabel="Leave" loading={leave.isPending}>
                  Leave
                </ConfirmButton>
              ) : null
            }
          />
          {leave.error ? (
            <CardBody>
              <Notice>{errorMessage(leave.error)}</Notice>
            </CardBody>
          ) : null}
        </Card>
      </div>
    </>
  );
}
