import { describe, expect, it } from "vitest";

import { withTopTarget } from "./report-frame";

describe("the report frame", () => {
  it("opens the report's links in the app's window, unless the document names its own base", () => {
    expect(withTopTarget('<!DOCTYPE html><html><head lang="en"><title>R</title></head></html>')).toBe(
      '<!DOCTYPE html><html><head lang="en"><base target="_top"><title>R</title></head></html>',
    );
    expect(withTopTarget('<html><head><base href="/x"></head></html>')).toBe('<html><head><base href="/x"></head></html>');
  });
});
