/**
 * The procedure ladder: public → protected (a valid session) → org (a verified membership of the
 * organization named by the `x-org-slug` header, giving a non-null ctx.svc) → permission (a named action
 * from the one permission table, declared as procedure meta so tests and docs can read it). The rungs are
 * the access ladder of access.ts, the same one REST and the upload climb; its errors map like any other.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";

import { describeIssue, type Db, isDatabaseUnavailable, SERVICE_ERRORS, ServiceError, type TPermission } from "@inboxwatch/services";
import { type SessionUser } from "@inboxwatch/services/user";

import { accessForSession, requireSession } from "./access.ts";

export interface CreateContextOptions {
  db: Db;
  user: SessionUser | null;
  orgSlug: string | null;
  ip: string | null;
}
export type Context = CreateContextOptions;

export interface Meta {
  /** The permission an org procedure requires; absent on public/protected procedures. */
  permission?: TPermission;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
      return { ...shape, data: { ...shape.data, zodError: zod, stack: undefined } };
    },
  });

/** Maps service errors to tRPC codes once, for every procedure; nothing else needs a try/catch. */
const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ServiceError) {
      throw new TRPCError({ code: SERVICE_ERRORS[cause.code].trpc, message: cause.message, cause });
    }
    if (cause instanceof ZodError) {
      const first = cause.issues[0];
      throw new TRPCError({ code: "BAD_REQUEST", message: first ? describeIssue(first) : "Invalid input", cause });
    }
    // A database restart or failover answers like REST does (rest/error-response.ts): unavailable, not a bug.
    if (isDatabaseUnavailable(cause)) {
      throw new TRPCError({ code: SERVICE_ERRORS.UNAVAILABLE.trpc, message: "The service is briefly unavailable; retry shortly", cause });
    }
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapServiceErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, user: requireSession(ctx.user) } }));

const orgProcedure = protectedProcedure.use(async ({ ctx, next, meta }) => {
  const permission = meta?.permission;
  if (!permission) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Organization procedure without a permission" });
  const { ctx: svc, org } = await accessForSession(ctx.db, ctx.user, ctx.orgSlug, permission);
  return next({ ctx: { ...ctx, org, svc } });
});

/** An organization procedure requiring `permission`. */
export function orgProcedureWith(permission: TPermission) {
  return orgProcedure.meta({ permission });
}

export const ZId = z.object({ id: z.string().min(1).max(40) });
