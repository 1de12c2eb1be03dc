"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { RULE_FORM_DEFAULTS, type RuleFormState, ruleFormFromDraft, ruleFormToDraft } from "@inboxwatch/alerting/rules";
import { Button, Notice, useConfirm } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { RuleForm } from "./rule-form";
import { RulesTable } from "./rules-table";

export default function RulesPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.alerts.rules.list.queryOptions());
  const channels = useQuery(trpc.alerts.channels.list.queryOptions());
  const [editing, setEditing] = useState<{ id: string | null; form: RuleFormState } | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const done = async () => {
    setEditing(null);
    await invalidate();
  };
  const create = useMutation(trpc.alerts.rules.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.alerts.rules.update.mutationOptions({ onSuccess: done }));
  const toggle = useMutation(trpc.alerts.rules.setEnabled.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.alerts.rules.remove.mutationOptions({ onSuccess: invalidate }));
  const canWrite = org.can("alerts.write");
  const submit = (form: RuleFormState) => {
    const draft = ruleFormToDraft(form);
    if (editing?.id) update.mutate({ id: editing.id, draft });
    else create.mutate(draft);
  };
  const add = canWrite ? (
    <Button onClick={() => setEditing({ id: null, form: RULE_FORM_DEFAULTS })}>
      <Icon name="plus" className="size-4" /> New rule
    </Button>
  ) : null;
  const mutationError = toggle.error ?? remove.error;
  return (
    <Page
      title="Alert rules"
      description="What opens an incident: thresholds, state changes and baseline spikes, with severity, minimum volume and for-duration."
      actions={add}
      breadcrumbs={[{ label: "Alerts", href: org.href("alerts") }, { label: "Rules" }]}
    >
      {mutationError ? <Notice>{errorMessage(mutationError)}</Notice> : null}
      {editing ? (
        <RuleForm
          key={editing.id ?? "new"}
          initial={editing.form}
          editing={editing.id !== null}
          channels={channels.data}
          pending={create.isPending || update.isPending}
          error={create.error ?? update.error}
          onSubmit={submit}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <RulesTable
        rows={rules.data}
        error={errorMessage(rules.error)}
        onRetry={() => void rules.refetch()}
        add={add}
        actions={{
          canWrite,
          edit: (r) => setEditing({ id: r.id, form: ruleFormFromDraft(r.definition) }),
          toggle: (r) => toggle.mutate({ id: r.id, enabled: !r.enabled }),
          remove: (r) =>
            void confirm({
              title: `Delete the rule "${r.name}"?`,
              message: "Its open incidents stay; it stops alerting.",
              confirmLabel: "Delete rule",
            }).then((yes) => yes && remove.mutate({ id: r.id })),
        }}
      />
      {confirmDialog}
    </Page>
  );
}
