import type { ComponentProps, ReactNode } from "react";

import { Card, CardHeader, DataTable } from "@inboxwatch/ui";

/** A titled card holding one DataTable: what most report and health sections are. */
export function TableCard<T>({
  title,
  description,
  ...table
}: { title: ReactNode; description?: ReactNode } & Omit<ComponentProps<typeof DataTable<T>>, "card">) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <DataTable {...table} card={false} />
    </Card>
  );
}
