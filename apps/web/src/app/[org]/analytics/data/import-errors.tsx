"use client";

import { Button, Card, CardBody, CardHeader, DataTable } from "@inboxwatch/ui";

import { type RouterOutputs } from "~/trpc/react";

type ImportDetail = RouterOutputs["analytics"]["imports"]["get"];
type ImportError = ImportDetail["errors"][number];

/** A failed import's errors: line (the CSV's physical line, header = 1; 0 = the file as a whole), column, message. */
export function ImportErrors({ row, onClose }: { row: ImportDetail; onClose?: () => void }) {
  return (
    <Card>
      <CardHeader
        title={`Nothing imported from ${row.fileName || "the request"}`}
        description={`Fix these lines and import the file again.${row.moreErrors > 0 ? ` ${row.moreErrors.toLocaleString("en-US")} more errors are not listed.` : ""}`}
        actions={
          onClose ? (
            <Button variant="secondary" size="sm" onClick={onClose}>
              Close
            </Button>
          ) : undefined
        }
      />
      <CardBody>
        <DataTable<ImportError>
          card={false}
          caption="Import errors"
          csvTitle="Import errors"
          columns={[
            {
              id: "line",
              header: "Line",
              cell: (e) => (e.line > 0 ? e.line : "—"),
              align: "right",
              sortValue: (e) => e.line,
              csv: (e) => e.line,
            },
            { id: "column", header: "Column", cell: (e) => e.column ?? "—", csv: (e) => e.column ?? "" },
            { id: "message", header: "Problem", cell: (e) => e.message, className: "whitespace-normal", csv: (e) => e.message },
          ]}
          rows={row.errors}
          rowKey={(e) => `${e.line}:${e.column ?? ""}:${e.message}`}
          empty={{ title: "No errors listed" }}
          pageSize={20}
        />
      </CardBody>
    </Card>
  );
}
