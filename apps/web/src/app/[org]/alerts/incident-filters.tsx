"use client";

import { SelectField } from "@inboxwatch/ui";

export type StatusFilter = "current" | "active" | "open" | "acknowledged" | "resolved" | "all";
export type SeverityFilter = "critical" | "warning" | "info" | "";

const STATUS_OPTIONS = [
  { value: "current", label: "Open, or resolved in the last 24 h" },
  { value: "active", label: "Open or acknowledged" },
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All" },
];
const SEVERITY_OPTIONS = [
  { value: "", label: "All" },
  { value: "critical", label: "Critical" },
  { value: "warning", label: "Warning" },
  { value: "info", label: "Info" },
];

/** The incident list's two filters. */
export function IncidentFilters({
  status,
  severity,
  onStatus,
  onSeverity,
}: {
  status: StatusFilter;
  severity: SeverityFilter;
  onStatus: (s: StatusFilter) => void;
  onSeverity: (s: SeverityFilter) => void;
}) {
  return (
    <div className="mb-4 flex flex-wrap gap-4">
      <SelectField label="Status" name="status" value={status} onChange={(v) => onStatus(v as StatusFilter)} options={STATUS_OPTIONS} />
      <SelectField
        label="Severity"
        name="severity"
        value={severity}
        onChange={(v) => onSeverity(v as SeverityFilter)}
        options={SEVERITY_OPTIONS}
      />
    </div>
  );
}
