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
  changePassword: protectedProcedure
    .input(z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) }))
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx.db, ctx.user.id, input);
      return { changed: true };
    }),
  /** The organizations the account belongs to, and a new one it will own. */
  organizations: createTRPCRouter({
    list: protectedProcedure.query(({ ctx }) => listMyOrganizations(ctx.db, ctx.user.id)),
    create: protectedProcedure.input(ZCreateOrganization).mutation(({ ctx, input }) => createOrganization(ctx.db, ctx.user, input)),
  }),
  sessions: createTRPCRouter({
    /** The browsers signed in to this account (newest first). */
    list: protectedProcedure.query(({ ctx }) => listSessions(ctx.db, ctx.user.id)),
    /** Signs out everywhere: revokes every session of the account, this one included. */
    revokeAll: protectedProcedure.mutation(async ({ ctx }) => {
      await revokeAllSessions(ctx.db, ctx.user.id);
      return { signedOut: true };
    }),
  }),
});
