import {
  getOrganization,
  leaveOrganization,
  transferOwnership,
  updateOrganization,
  ZUpdateOrganization,
} from "@inboxwatch/services/organization";
import { getOverview } from "@inboxwatch/services/overview";
import { z } from "zod";

import { createTRPCRouter, orgProcedureWith } from "../trpc.ts";

/** The organization itself: the shell's view of it, its dashboard, its name, leaving it and handing it over. */
export const organizationRouter = createTRPCRouter({
  /** The organization with the caller's role and permissions, for the shell. */
  current: orgProcedureWith("org.read").query(async ({ ctx }) => ({ ...(await getOrganization(ctx.svc)), role: ctx.org.role })),
  overview: orgProcedureWith("org.read").query(({ ctx }) => getOverview(ctx.svc)),
  update: orgProcedureWith("org.write")
    .input(ZUpdateOrganization)
    .mutation(({ ctx, input }) => updateOrganization(ctx.svc, input)),
  leave: orgProcedureWith("org.read").mutation(({ ctx }) => leaveOrganization(ctx.svc)),
  transferOwnership: orgProcedureWith("org.delete")
    .input(z.object({ membershipId: z.string().min(1).max(40) }))
    .mutation(({ ctx, input }) => transferOwnership(ctx.svc, input)),
});
