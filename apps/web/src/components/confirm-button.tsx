"use client";

import { useState, type ReactNode } from "react";

import { Button } from "@inboxwatch/ui";

/** A destructive action that asks once more, inline, instead of a browser dialog. */
export function ConfirmButton({
  children,
  confirmLabel = "Yes, do it",
  onConfirm,
  loading,
}: {
  children: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void;
  loading?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button variant="danger" size="sm" onClick={() => setAsking(true)}>
        {children}
      </Button>
    );
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="danger" size="sm" loading={loading} onClick={onConfirm}>
        {confirmLabel}
      </Button>
      <Button variant="ghost" size="sm" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
