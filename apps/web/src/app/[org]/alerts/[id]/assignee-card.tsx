"use client";

import { Card, CardBody, CardHeader, SelectField } from "@inboxwatch/ui";

/** Who owns the incident: a member select for writers, the name for everyone else. */
export function AssigneeCard({
  assigneeId,
  assigneeEmail,
  members,
  onAssign,
}: {
  assigneeId: string | null;
  assigneeEmail: string | null;
  /** null when the viewer may not assign (or cannot list members). */
  members: { user: { id: string; name: string | null; email: string } }[] | null;
  onAssign: (userId: string | null) => void;
}) {
  return (
    <Card>
      <CardHeader title="Assignee" />
      <CardBody>
        {members ? (
          <SelectField
            label="Assigned to"
            name="assignee"
            value={assigneeId ?? ""}
            onChange={(v) => onAssign(v || null)}
            options={[{ value: "", label: "Nobody" }, ...members.map((m) => ({ value: m.user.id, label: m.user.name ?? m.user.email }))]}
          />
        ) : (
          <p className="text-sm text-slate-700">{assigneeEmail ?? "Nobody"}</p>
        )}
      </CardBody>
    </Card>
  );
}
