import { oauthEnv } from "@inboxwatch/env";

/** OAuth providers offered on the login page: each only when both its id and secret are set. */
export function oauthProviders(env: Record<string, string | undefined> = oauthEnv.read()): ("github" | "google")[] {
  return [
    ...(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET ? (["github"] as const) : []),
    ...(env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET ? (["google"] as const) : []),
  ];
}
