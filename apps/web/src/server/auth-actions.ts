"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";

import { auth, AuthError, signIn, signOut } from "@inboxwatch/auth";
import { getDb } from "@inboxwatch/db";
import { describeIssue, ServiceError, systemContext } from "@inboxwatch/services";
import { requestMagicLink, revokeAllSessions, signUp } from "@inboxwatch/services/user";
import { ZodError } from "zod";

import { env } from "~/env";
import { clientIp } from "./context";

/** A text field of a submitted form ("" when absent or a file). */
function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

export interface FormState {
  error?: string;
  ok?: string;
}

const SIGN_IN_ERRORS: Record<string, string> = {
  invalid_credentials: "Wrong email or password.",
  rate_limited: "Too many failed attempts. Wait 15 minutes, or sign in with an emailed link.",
  unverified: "Confirm your address first: we sent a new confirmation link to it. Open it to finish signing in.",
  invalid_link: "This link is invalid, expired or already used. Ask for a new one.",
  wrong_verify_password: "Wrong password. Use the one you chose when you signed up, or continue without it.",
};

/** Only same-site paths: an open redirect through ?callbackUrl= would make our login a phishing tool. */
function safeCallback(value: FormDataEntryValue | null): string {
  const v = typeof value === "string" ? value : "";
  return v.startsWith("/") && !v.startsWith("//") ? v : "/";
}

async function signInOrExplain(provider: string, fields: Record<string, string>, redirectTo: string): Promise<FormState> {
  env();
  try {
    await signIn(provider, { ...fields, redirectTo });
    return {};
  } catch (err) {
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code ?? "";
      return { error: SIGN_IN_ERRORS[code] ?? "Sign-in failed. Try again." };
    }
    throw err; // Next's redirect is an exception too
  }
}

export async function loginAction(_: FormState, form: FormData): Promise<FormState> {
  return signInOrExplain(
    "password",
    { email: field(form, "email"), password: field(form, "password") },
    safeCallback(form.get("callbackUrl")),
  );
}

/**
 * Sign-up answers the same for a new and an existing address (the owner of an existing one gets a mail),
 * and signs nobody in: the confirmation link does, once the address is proven.
 */
export async function signupAction(_: FormState, form: FormData): Promise<FormState> {
  env();
  const callback = safeCallback(form.get("callbackUrl"));
  try {
    const { email } = await signUp(systemContext(getDb(), "sign-in"), {
      email: field(form, "email"),
      password: field(form, "password"),
      name: field(form, "name") || undefined,
      ip: clientIp(await headers()),
      next: callback === "/" ? "/onboarding" : callback,
    });
    return { ok: `Check your inbox: we sent a link to ${email}. Open it to confirm your address and finish signing up.` };
  } catch (err) {
    if (err instanceof ServiceError) return { error: err.message };
    if (err instanceof ZodError) return { error: err.issues[0] ? describeIssue(err.issues[0]) : "Check the form" };
    throw err;
  }
}

export async function magicLinkAction(_: FormState, form: FormData): Promise<FormState> {
  env();
  try {
    await requestMagicLink(systemContext(getDb(), "sign-in"), { email: field(form, "email"), ip: clientIp(await headers()) });
  } catch (err) {
    if (err instanceof ServiceError) return { error: err.message };
    if (err instanceof Error && "issues" in err) return { error: "Enter a valid email address" };
    throw err;
  }
  return { ok: "Check your inbox: if this address can sign in, we sent it a link. It works once, for 15 minutes." };
}

export async function consumeMagicLinkAction(_: FormState, form: FormData): Promise<FormState> {
  return signInOrExplain("magic-link", { token: field(form, "token") }, safeCallback(form.get("next")));
}

/** The confirmation link with the sign-up password: the account keeps its password. */
export async function confirmEmailAction(_: FormState, form: FormData): Promise<FormState> {
  return signInOrExplain(
    "verify-email",
    { token: field(form, "token"), password: field(form, "password") },
    safeCallback(form.get("next")),
  );
}

export async function oauthAction(form: FormData): Promise<void> {
  await signIn(field(form, "provider"), { redirectTo: safeCallback(form.get("callbackUrl")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirect: false });
  redirect("/login");
}

/** Ends every session of the signed-in user, on every device, this one included. */
export async function signOutEverywhereAction(): Promise<void> {
  env();
  const session = await auth();
  if (session?.user?.id) await revokeAllSessions(systemContext(getDb(), "sign-out"), { userId: session.user.id });
  await signOut({ redirect: false });
  redirect("/login");
}
