import { systemContext, accountContext } from "@inboxwatch/services";
import { acceptInvitation, describeInvitation } from "@inboxwatch/services/organization";
import { requestMagicLink, signUp, ZSignUp } from "@inboxwatch/services/user";
import { z } from "zod";

import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc.ts";

const ZToken = z.object({ token: z.string().min(10).max(200) });

export const authRouter = createTRPCRouter({
  /** Neutral: the same answer for a new and an existing address; the mail tells the address's owner. */
  signUp: publicProcedure.input(ZSignUp).mutation(async ({ ctx, input }) => {
    const { email } = await signUp(systemContext(ctx.db, "sign-in"), { ...input, ip: ctx.ip });
    return { email, sent: true };
  }),
  requestMagicLink: publicProcedure.input(z.object({ email: z.string().max(254) })).mutation(async ({ ctx, input }) => {
    await requestMagicLink(systemContext(ctx.db, "sign-in"), { email: input.email, ip: ctx.ip });
    return { sent: true };
  }),
  /** The invitation a link's token names: what it leads to before sign-in, then accepting it signed in. */
  invitation: createTRPCRouter({
    describe: publicProcedure
      .input(ZToken)
      .query(({ ctx, input }) => describeInvitation(systemContext(ctx.db, "invitation"), { token: input.token })),
    accept: protectedProcedure
      .input(ZToken)
      .mutation(({ ctx, input }) => acceptInvitation(accountContext(ctx.db, ctx.user), { user: ctx.user, token: input.token })),
  }),
});
