// The audit log: one row per write, recorded in the write's transaction; its list and retention.
export { recordAudit, type AuditEntry } from "./record.ts";
export { listAudit, listAuditActions, pruneAuditLog, ZListAudit, AUDIT_RETENTION_DAYS } from "./list.ts";
