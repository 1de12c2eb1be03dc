/**
 * next-auth (Auth.js v5) configuration: email + password (argon2id, rate-limited), single-use sign-in
 * links by email, and GitHub/Google OAuth when their credentials are set. Sessions are JWTs carrying the
 * user's session version; every read re-checks it, so a password change or a removal from an
 * organization revokes them.
 */
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";

import { getDb } from "@inboxwatch/db";
import { oauthProviders } from "./providers.ts";
import { consumeMagicLink, findOrCreateOAuthUser, getSessionUser, LimitExceededError, verifyCredentials } from "@inboxwatch/services";

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}
class RateLimited extends CredentialsSignin {
  override code = "rate_limited";
}
class InvalidLink extends CredentialsSignin {
  override code = "invalid_link";
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

function clientIp(request: Request | undefined): string | null {
  const forwarded = request?.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request?.headers.get("x-real-ip") || null;
}

const providers: NextAuthConfig["providers"] = [
  Credentials({
    id: "password",
    credentials: { email: {}, password: {} },
    async authorize(credentials, request) {
      try {
        const user = await verifyCredentials(getDb(), {
          email: text(credentials.email),
          password: text(credentials.password),
          ip: clientIp(request),
        });
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      } catch (err) {
        throw err instanceof LimitExceededError ? new RateLimited() : new InvalidCredentials();
      }
    },
  }),
  Credentials({
    id: "magic-link",
    credentials: { token: {} },
    async authorize(credentials) {
      try {
        const user = await consumeMagicLink(getDb(), text(credentials.token));
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      } catch {
        throw new InvalidLink();
      }
    },
  }),
  ...(oauthProviders().includes("github") ? [GitHub] : []),
  ...(oauthProviders().includes("google") ? [Google] : []),
];

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    user: { id: string; email: string; name?: string | null };
  }
}

export const authConfig: NextAuthConfig = {
  providers,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  trustHost: true,
  pages: { signIn: "/login", error: "/login" },
  callbacks: {
    async jwt({ token, user, account }) {
      if (user) {
        // First call after sign-in: OAuth users are matched to our users by their verified email.
        const ours =
          account?.type === "oauth" || account?.type === "oidc"
            ? await findOrCreateOAuthUser(getDb(), { email: String(user.email), name: user.name ?? null })
            : { id: String(user.id), sessionVersion: user.sessionVersion ?? 0 };
        token.uid = ours.id;
        token.sv = ours.sessionVersion;
        return token;
      }
      if (typeof token.uid !== "string" || typeof token.sv !== "number") return null;
      const current = await getSessionUser(getDb(), token.uid, token.sv);
      return current ? token : null;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
export { AuthError, CredentialsSignin } from "next-auth";
export { oauthProviders };
