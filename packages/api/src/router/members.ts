import { changeMemberRole, listMembers, removeMember, ZAssignableRole } from "@inboxwatch/services/organization";
import { z } from "zod";

import { createTRPCRouter, orgProcedureWith } from "../trpc.ts";

const ZMembership = z.object({ membershipId: z.string().min(1).max(40) });

/** The organization's members; a role is the one thing of a membership that changes. */
export const membersRouter = createTRPCRouter({
  list: orgProcedureWith("members.read").query(({ ctx }) => listMembers(ctx.svc)),
  setRole: orgProcedureWith("members.write")
    .input(ZMembership.extend({ role: ZAssignableRole }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.svc, input)),
  remove: orgProcedureWith("members.write")
    .input(ZMembership)
    .mutation(({ ctx, input }) => removeMember(ctx.svc, input)),
});
