import { describe, expect, it } from "vitest";

import { isProviderEmailVerified, pickVerifiedGitHubEmail } from "./oauth-verified.ts";

describe("OAuth address verification", () => {
  it("trusts only an address the provider marks verified", () => {
    expect(isProviderEmailVerified("google", { email: "a@x.test", email_verified: true })).toBe(true);
    expect(isProviderEmailVerified("google", { email: "a@x.test", email_verified: false })).toBe(false);
    expect(isProviderEmailVerified("google", { email: "a@x.test" })).toBe(false);
    expect(isProviderEmailVerified("github", { email: "a@x.test", email_verified: "true" })).toBe(false);
    expect(isProviderEmailVerified("other", { email: "a@x.test", email_verified: true })).toBe(false);
  });

  it("takes GitHub's primary address only when verified, else another verified one, else none", () => {
    expect(
      pickVerifiedGitHubEmail([
        { email: "p@x.test", primary: true, verified: true },
        { email: "o@x.test", primary: false, verified: true },
      ]),
    ).toBe("p@x.test");
    expect(
      pickVerifiedGitHubEmail([
        { email: "p@x.test", primary: true, verified: false },
        { email: "o@x.test", primary: false, verified: true },
      ]),
    ).toBe("o@x.test");
    expect(pickVerifiedGitHubEmail([{ email: "p@x.test", primary: true, verified: false }])).toBeNull();
    expect(pickVerifiedGitHubEmail([])).toBeNull();
  });
});
