"use client";

// The inline confirm now lives in the UI kit beside ConfirmDialog; this path stays for its callers.
export { ConfirmButton } from "@inboxwatch/ui";
