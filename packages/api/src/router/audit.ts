import { listAudit, listAuditActions, ZListAudit } from "@inboxwatch/services/audit";

import { createTRPCRouter, orgProcedureWith } from "../trpc.ts";

export const auditRouter = createTRPCRouter({
  list: orgProcedureWith("audit.read")
    .input(ZListAudit)
    .query(({ ctx, input }) => listAudit(ctx.svc, input)),
  actions: orgProcedureWith("audit.read").query(({ ctx }) => listAuditActions(ctx.svc)),
});
