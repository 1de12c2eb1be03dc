import { seedPresetRules } from "@inboxwatch/alerting";
import { accountContext } from "@inboxwatch/services";
import { createOrganization, listMyOrganizations, ZCreateOrganization } from "@inboxwatch/services/organization";
import { changePassword, listSessions, revokeAllSessions } from "@inboxwatch/services/user";
import { z } from "zod";

import { createTRPCRouter, protectedProcedure } from "../trpc.ts";

export const meRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => ({ id: ctx.user.id, email: ctx.user.email, name: ctx.user.name })),
  changePassword: protectedProcedure
    .input(z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) }))
    .mutation(async ({ ctx, input }) => {
      await changePassword(accountContext(ctx.db, ctx.user), { ...input, userId: ctx.user.id });
      return { changed: true };
    }),
  /** The organizations the account belongs to, and a new one it will own. */
  organizations: createTRPCRouter({
    list: protectedProcedure.query(({ ctx }) => listMyOrganizations(accountContext(ctx.db, ctx.user), { userId: ctx.user.id })),
    create: protectedProcedure
      .input(ZCreateOrganization)
      .mutation(({ ctx, input }) =>
        createOrganization(accountContext(ctx.db, ctx.user), { ...input, owner: ctx.user }, { seed: seedPresetRules }),
      ),
  }),
  sessions: createTRPCRouter({
    /** The browsers signed in to this account (newest first). */
    list: protectedProcedure.query(({ ctx }) => listSessions(accountContext(ctx.db, ctx.user), { userId: ctx.user.id })),
    /** Signs out everywhere: revokes every session of the account, this one included. */
    revokeAll: protectedProcedure.mutation(async ({ ctx }) => {
      await revokeAllSessions(accountContext(ctx.db, ctx.user), { userId: ctx.user.id });
      return { signedOut: true };
    }),
  }),
});
