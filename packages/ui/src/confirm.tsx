"use client";

import { useCallback, useRef, useState, type ReactNode } from "react";

import { Button } from "./button.tsx";
import { Dialog } from "./dialog.tsx";

export interface ConfirmOptions {
  title: ReactNode;
  message?: ReactNode;
  confirmLabel?: string;
  /** "danger" for what cannot be undone (the confirm button turns red). */
  tone?: "danger" | "primary";
}

/** A yes/no question in a Dialog; the confirm button is focused first only when the action is harmless. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel = "Confirm",
  tone = "danger",
  loading,
  onConfirm,
  onCancel,
}: ConfirmOptions & { open: boolean; loading?: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      title={title}
      description={message}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel} data-autofocus={tone === "danger" || undefined}>
            Cancel
          </Button>
          <Button variant={tone} loading={loading} onClick={onConfirm} data-autofocus={tone !== "danger" || undefined}>
            {confirmLabel}
          </Button>
        </>
      }
    />
  );
}

/**
 * `const [confirm, confirmDialog] = useConfirm()`; render `confirmDialog` once, then
 * `if (await confirm({ title: "Delete rule?" })) remove()`.
 */
export function useConfirm(): [(options: ConfirmOptions) => Promise<boolean>, ReactNode] {
  const [asked, setAsked] = useState<ConfirmOptions | null>(null);
  const resolver = useRef<((yes: boolean) => void) | null>(null);
  const confirm = useCallback(
    (options: ConfirmOptions) =>
      new Promise<boolean>((resolve) => {
        resolver.current?.(false);
        resolver.current = resolve;
        setAsked(options);
      }),
    [],
  );
  const answer = (yes: boolean) => {
    resolver.current?.(yes);
    resolver.current = null;
    setAsked(null);
  };
  const element = (
    <ConfirmDialog
      open={asked !== null}
      title={asked?.title ?? ""}
      message={asked?.message}
      confirmLabel={asked?.confirmLabel}
      tone={asked?.tone}
      onConfirm={() => answer(true)}
      onCancel={() => answer(false)}
    />
  );
  return [confirm, element];
}

/**
 * A destructive action in a table row that asks once more in place (the row keeps its context, no
 * modal): the first press shows the confirm and Cancel buttons beside each other.
 */
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
