/** Dialog and its confirmations as rendered on the server (showModal runs only in a browser). */
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { ConfirmButton, ConfirmDialog } from "./confirm.tsx";
import { Dialog } from "./dialog.tsx";

const noop = () => undefined;

describe("Dialog", () => {
  it("is a native dialog named by its title and described by its description", () => {
    const html = renderToStaticMarkup(h(Dialog, { open: true, onClose: noop, title: "Delete rule?", description: "It stops alerting." }));
    expect(html).toMatch(/^<dialog /);
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(html)?.[1];
    const describedBy = /aria-describedby="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain(`<h2 id="${labelledBy}"`);
    expect(html).toContain(`<p id="${describedBy}"`);
  });

  it("renders no content while closed (the element stays, for showModal)", () => {
    const html = renderToStaticMarkup(h(Dialog, { open: false, onClose: noop, title: "Hidden" }));
    expect(html).not.toContain("Hidden");
    expect(html).toContain("<dialog");
  });
});

describe("ConfirmDialog", () => {
  it("asks with Cancel first focused when the action is destructive", () => {
    const html = renderToStaticMarkup(
      h(ConfirmDialog, { open: true, title: "Revoke key?", confirmLabel: "Revoke now", onConfirm: noop, onCancel: noop }),
    );
    expect(html).toMatch(/data-autofocus="true"[^>]*>Cancel<\/button>/);
    expect(html).toContain(">Revoke now</button>");
    expect(html).toContain("text-red-600");
  });
});

describe("ConfirmButton", () => {
  it("shows only the action until pressed", () => {
    const html = renderToStaticMarkup(h(ConfirmButton, { onConfirm: noop, children: "Remove" }));
    expect(html).toContain(">Remove</button>");
    expect(html).not.toContain("Cancel");
  });
});
