import { describe, expect, it } from "vitest";

import { oauthProviders } from "./providers.ts";

describe("OAuth providers", () => {
  it("appear only when both their id and secret are configured", () => {
    expect(oauthProviders({})).toEqual([]);
    expect(oauthProviders({ AUTH_GITHUB_ID: "x" })).toEqual([]);
    expect(oauthProviders({ AUTH_GITHUB_ID: "x", AUTH_GITHUB_SECRET: "y", AUTH_GOOGLE_ID: "a", AUTH_GOOGLE_SECRET: "b" })).toEqual([
      "github",
      "google",
    ]);
  });
});
