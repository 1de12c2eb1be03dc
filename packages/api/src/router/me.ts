import {
  changePassword,
  createOrganization,
  listMyOrganizations,
  listSessions,
  revokeAllSessions,
  ZCreateOrganization,
} from "@inboxwatch/services";
import { z } from "zod";

import { createTRPCRouter, protectedProcedure } from "../trpc.ts";

export const meRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => ({ id: ctx.user.id, email: ctx.user.email, name: ctx.user.name })),
  organizations: protectedProcedure.query(({ ctx }) => listMyOrganizations(ctx.db, ctx.user.id)),
  createOrganization: protectedProcedure
    .input(ZCreateOrganization)
    .mutation(({ ctx, input }) => createOrganization(ctx.db, ctx.user, input)),
  changePassword: protectedProcedure
    .input(z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) }))
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx.db, ctx.user.id, input);
      return { changed: true };
    }),
  /** The browsers signed in to this account (newest first). */
  sessions: protectedProcedure.query(({ ctx }) => listSessions(ctx.db, ctx.user.id)),
  /** Revokes every session of the account, this one included. */
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    await revokeAllSessions(ctx.db, ctx.user.id);
    return { signedOut: true };
  }),
});
