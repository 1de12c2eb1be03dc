/**
 * OAuth links to an account only through an address the provider verified (issue 20, finding 1): an
 * unverified provider address could have been typed by anyone, and would otherwise log into the account
 * that owns that address.
 */
import GitHub from "next-auth/providers/github";

type Profile = Record<string, unknown> | undefined;

/** Google's OpenID profile states it (`email_verified`); GitHub's is set by `githubWithVerifiedEmail`. */
export function isProviderEmailVerified(provider: string, profile: Profile): boolean {
  if (provider !== "google" && provider !== "github") return false;
  return profile?.email_verified === true && typeof profile.email === "string";
}

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

/** The address to trust from GitHub's /user/emails: the primary one if verified, else any verified one. */
export function pickVerifiedGitHubEmail(emails: GitHubEmail[]): string | null {
  const verified = emails.filter((e) => e.verified);
  return (verified.find((e) => e.primary) ?? verified[0])?.email ?? null;
}

/**
 * Auth.js's GitHub provider takes the profile's public email, or the primary one without looking at its
 * `verified` flag. This variant always reads /user/emails (scope user:email) and keeps only a verified one.
 */
export function githubWithVerifiedEmail() {
  const base = GitHub({});
  return GitHub({
    userinfo: {
      url: "https://api.github.com/user",
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const headers = { Authorization: `Bearer ${tokens.access_token ?? ""}`, "User-Agent": "inboxwatch" };
        const profile = (await (await fetch("https://api.github.com/user", { headers })).json()) as Record<string, unknown>;
        const res = await fetch("https://api.github.com/user/emails", { headers });
        const email = res.ok ? pickVerifiedGitHubEmail((await res.json()) as GitHubEmail[]) : null;
        return { ...profile, email, email_verified: email !== null };
      },
    },
    profile: base.profile,
  });
}
