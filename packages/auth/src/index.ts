/**
 * next-auth (Auth.js v5) configuration: email + password (argon2id, rate-limited, only for confirmed
 * addresses), single-use links by email (sign-in, and address confirmation with the password), and
 * GitHub/Google OAuth when their credentials are set, linked only through provider-verified addresses.
 * Sessions are JWTs carrying a UserSession id and the user's session version; every read re-checks both,
 * so sign-out, "sign out everywhere", a password change or a removal revoke them at once.
 */
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Google from "next-auth/providers/google";

import { getDb } from "@inboxwatch/db";
import { clientIpFromHeaders } from "@inboxwatch/deliverability/net";
import { RateLimitedError, UnverifiedEmailError, systemContext } from "@inboxwatch/services";
import {
  confirmEmailWithPassword,
  consumeMagicLink,
  findOrCreateOAuthUser,
  getSessionUser,
  openSession,
  revokeSession,
  type SessionUser,
  verifyCredentials,
} from "@inboxwatch/services/user";

import { githubWithVerifiedEmail, isProviderEmailVerified } from "./oauth-verified.ts";
import { oauthProviders } from "./providers.ts";

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}
class RateLimited extends CredentialsSignin {
  override code = "rate_limited";
}
class Unverified extends CredentialsSignin {
  override code = "unverified";
}
class InvalidLink extends CredentialsSignin {
  override code = "invalid_link";
}
class WrongVerifyPassword extends CredentialsSignin {
  override code = "wrong_verify_password";
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** What authorize() hands to the jwt callback: the user plus the client details of the new session. */
function signedIn(user: SessionUser, request: Request | undefined) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    sessionVersion: user.sessionVersion,
    clientIp: request ? clientIpFromHeaders(request.headers) : null,
    userAgent: request?.headers.get("user-agent") ?? null,
  };
}

const providers: NextAuthConfig["providers"] = [
  Credentials({
    id: "password",
    credentials: { email: {}, password: {} },
    async authorize(credentials, request) {
      try {
        const user = await verifyCredentials(systemContext(getDb(), "sign-in"), {
          email: text(credentials.email),
          password: text(credentials.password),
          ip: clientIpFromHeaders(request.headers),
        });
        return signedIn(user, request);
      } catch (err) {
        if (err instanceof RateLimitedError) throw new RateLimited();
        if (err instanceof UnverifiedEmailError) throw new Unverified();
        throw new InvalidCredentials();
      }
    },
  }),
  Credentials({
    id: "magic-link",
    credentials: { token: {} },
    async authorize(credentials, request) {
      try {
        return signedIn(await consumeMagicLink(systemContext(getDb(), "sign-in"), { token: text(credentials.token) }), request);
      } catch {
        throw new InvalidLink();
      }
    },
  }),
  Credentials({
    id: "verify-email",
    credentials: { token: {}, password: {} },
    async authorize(credentials, request) {
      try {
        const ip = clientIpFromHeaders(request.headers);
        return signedIn(
          await confirmEmailWithPassword(systemContext(getDb(), "sign-in"), {
            token: text(credentials.token),
            password: text(credentials.password),
            ip,
          }),
          request,
        );
      } catch (err) {
        if (err instanceof RateLimitedError) throw new RateLimited();
        if (err instanceof Error && err.message.startsWith("Wrong password")) throw new WrongVerifyPassword();
        throw new InvalidLink();
      }
    },
  }),
  ...(oauthProviders().includes("github") ? [githubWithVerifiedEmail()] : []),
  ...(oauthProviders().includes("google") ? [Google] : []),
];

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
    clientIp?: string | null;
    userAgent?: string | null;
  }
  interface Session {
    user: { id: string; email: string; name?: string | null };
    /** The UserSession row of this browser (not a secret: useless without the signed token). */
    sessionId?: string;
  }
}

export const authConfig: NextAuthConfig = {
  providers,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  trustHost: true,
  pages: { signIn: "/login", error: "/login" },
  callbacks: {
    signIn({ account, profile }) {
      if (account?.type !== "oauth" && account?.type !== "oidc") return true;
      return isProviderEmailVerified(account.provider, profile) ? true : "/login?error=oauth_unverified";
    },
    async jwt({ token, user, account }) {
      if (user) {
        // First call after sign-in: OAuth users are matched to ours by their provider-verified email.
        const isOAuth = account?.type === "oauth" || account?.type === "oidc";
        const ours = isOAuth
          ? await findOrCreateOAuthUser(systemContext(getDb(), "sign-in"), {
              email: String(user.email),
              name: user.name ?? null,
              emailVerified: true,
            })
          : { id: String(user.id), sessionVersion: user.sessionVersion ?? 0 };
        token.uid = ours.id;
        token.sv = ours.sessionVersion;
        token.sid = await openSession(systemContext(getDb(), "sign-in"), {
          userId: ours.id,
          method: isOAuth ? `oauth:${account.provider}` : (account?.provider ?? "password"),
          ip: user.clientIp ?? null,
          userAgent: user.userAgent ?? null,
        });
        return token;
      }
      if (typeof token.uid !== "string" || typeof token.sv !== "number" || typeof token.sid !== "string") return null;
      const current = await getSessionUser(systemContext(getDb(), "session"), {
        userId: token.uid,
        sessionVersion: token.sv,
        sessionId: token.sid,
      });
      return current ? token : null;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    // Sign-out revokes the session row, so a copy of the token stops working too (not only this cookie).
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.uid === "string" && typeof token.sid === "string")
        await revokeSession(systemContext(getDb(), "sign-out"), { userId: token.uid, sessionId: token.sid });
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
export { AuthError, CredentialsSignin } from "next-auth";
export { oauthProviders };
