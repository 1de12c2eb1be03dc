"use client";

import { type ComponentProps } from "react";

import { LoadingRows, Notice } from "@inboxwatch/ui";

import { Page } from "~/components/page";
import { errorMessage } from "~/trpc/react";

/** What a report's page (a definition or an archived edition) shows before its data is there: the error, or rows loading. */
export function ReportPageFallback({ breadcrumbs, error }: { breadcrumbs: ComponentProps<typeof Page>["breadcrumbs"]; error: unknown }) {
  return (
    <Page title="Report" breadcrumbs={breadcrumbs}>
      {error ? <Notice title="Cannot show this report">{errorMessage(error)}</Notice> : <LoadingRows rows={8} />}
    </Page>
  );
}
