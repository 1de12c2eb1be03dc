import {
  changeMemberRole,
  createInvitation,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
  ZAssignableRole,
  ZCreateInvitation,
} from "@inboxwatch/services";
import { z } from "zod";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

const ZMembership = z.object({ membershipId: z.string().min(1).max(40) });

export const memberRouter = createTRPCRouter({
  list: orgProcedureWith("members.read").query(({ ctx }) => listMembers(ctx.svc)),
  changeRole: orgProcedureWith("members.write")
    .input(ZMembership.extend({ role: ZAssignableRole }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.svc, input)),
  remove: orgProcedureWith("members.write")
    .input(ZMembership)
    .mutation(({ ctx, input }) => removeMember(ctx.svc, input)),
});

export const invitationRouter = createTRPCRouter({
  list: orgProcedureWith("members.read").query(({ ctx }) => listInvitations(ctx.svc)),
  create: orgProcedureWith("members.write")
    .input(ZCreateInvitation)
    .mutation(({ ctx, input }) => createInvitation(ctx.svc, input)),
  revoke: orgProcedureWith("members.write")
    .input(ZId)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.svc, input)),
});
