import { createInvitation, listInvitations, revokeInvitation, ZCreateInvitation } from "@inboxwatch/services/organization";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

/** Pending invitations to the organization. `revoke`, not `remove`: the row stays (revokedAt) for the audit trail. */
export const invitationsRouter = createTRPCRouter({
  list: orgProcedureWith("members.read").query(({ ctx }) => listInvitations(ctx.svc)),
  create: orgProcedureWith("members.write")
    .input(ZCreateInvitation)
    .mutation(({ ctx, input }) => createInvitation(ctx.svc, input)),
  revoke: orgProcedureWith("members.write")
    .input(ZId)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.svc, input)),
});
