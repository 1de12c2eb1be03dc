import { acceptInvitation, describeInvitation, requestMagicLink, signUp, ZSignUp } from "@inboxwatch/services";
import { z } from "zod";

import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc.ts";

const ZToken = z.object({ token: z.string().min(10).max(200) });

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(ZSignUp).mutation(async ({ ctx, input }) => {
    const user = await signUp(ctx.db, input);
    return { id: user.id, email: user.email };
  }),
  requestMagicLink: publicProcedure.input(z.object({ email: z.string().max(254) })).mutation(async ({ ctx, input }) => {
    await requestMagicLink(ctx.db, { email: input.email, ip: ctx.ip });
    return { sent: true };
  }),
  describeInvitation: publicProcedure.input(ZToken).query(({ ctx, input }) => describeInvitation(ctx.db, input.token)),
  acceptInvitation: protectedProcedure.input(ZToken).mutation(({ ctx, input }) => acceptInvitation(ctx.db, ctx.user, input.token)),
});
