"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";

import { Button, Card, CardBody, CardHeader, FormError, TextareaField, useZodForm } from "@inboxwatch/ui";

import { type RouterOutputs, useTRPC } from "~/trpc/react";

type Incident = RouterOutputs["alerts"]["incidents"]["byId"];

const EVENT_LABEL: Record<string, string> = {
  fired: "Fired",
  updated: "Updated",
  notified: "Notified",
  acked: "Acknowledged",
  assigned: "Assigned",
  commented: "Comment",
  resolved: "Resolved",
};

const ZComment = z.object({ comment: z.string().trim().min(1, "Write something first.") });

/** The incident's history, newest last, and a comment box for those who may write. */
export function TimelineCard({ incident: i, canWrite }: { incident: Incident; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZComment, { comment: "" });
  const addComment = useMutation(
    trpc.alerts.incidents.comment.mutationOptions({
      onSuccess: async () => {
        form.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
      },
    }),
  );
  return (
    <Card>
      <CardHeader title="Timeline" />
      <CardBody>
        <ol className="space-y-3 text-sm">
          {i.timeline.map((e) => (
            <li key={e.id}>
              <div className="font-medium text-slate-900">
                {EVENT_LABEL[e.type] ?? e.type}{" "}
                <span className="font-normal text-slate-500">
                  · {e.actorLabel} · {e.at.toLocaleString()}
                </span>
              </div>
              {e.body ? <p className="whitespace-pre-wrap text-slate-700">{e.body}</p> : null}
            </li>
          ))}
        </ol>
        {canWrite ? (
          <form className="mt-4 space-y-2" noValidate onSubmit={form.handleSubmit((v) => addComment.mutate({ id: i.id, body: v.comment }))}>
            <TextareaField label="Comment" {...form.field("comment")} rows={3} placeholder="What you found, what you did" />
            <FormError error={addComment.error} />
            <Button type="submit" size="sm" loading={addComment.isPending}>
              Add comment
            </Button>
          </form>
        ) : null}
      </CardBody>
    </Card>
  );
}
