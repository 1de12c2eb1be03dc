// MTA log ingestion verbs: intake (HTTP and syslog share acceptLogBatch), the batch job, queue snapshots,
// per-organization settings, and the deliverability read side.
export { countLogLines } from "./line-count.ts";
// The demo seed writes its ESP history through the same insert as ingestion (rollups included).
export { insertEventRows, type EventRow } from "./event-rows.ts";
export { acceptLogBatch, LOG_SOURCE_RE, BATCH_ID_RE, type AcceptLogBatchInput, type AcceptedBatch } from "./accept-batch.ts";
export { processLogBatch, type ProcessBatchResult } from "./process-batch.ts";
export {
  getIngestSettings,
  hashRecipient,
  rotateSyslogToken,
  setKeepRecipientAddresses,
  findOrgBySyslogToken,
  SYSLOG_TOKEN_PREFIX,
  SYSLOG_TOKEN_RE,
} from "./settings.ts";
export { recordQueueSnapshot, ZQueueSnapshot, ZQueueSnapshotResponse, type TQueueSnapshot } from "./queue.ts";
export {
  getDeliverabilitySummary,
  searchDeliveryEvents,
  listUnparsedSamples,
  listQueueSnapshots,
  getIngestOverview,
  listDeliveryDetections,
  ZDetectionList,
  ZTimeRange,
  ZSearchEvents,
  ZQueueSeries,
} from "./delivery-reads.ts";

export {
  addSyslogSource,
  findSourceAddressOwner,
  listSyslogSources,
  normalizeSourceAddress,
  removeSyslogSource,
  SYSLOG_SOURCE_PROOF_WINDOW_MS,
  SYSLOG_SOURCE_TXT_LABEL,
  SYSLOG_SOURCES_MAX,
  ZSyslogSourceCreate,
  type SourceAddressOwner,
  type SyslogSourceState,
} from "./syslog-sources.ts";
export { proveSyslogSourceByLine, type SyslogSourceProofOutcome } from "./syslog-source-proof.ts";
export { checkSyslogSourceDns, type SyslogSourceDnsCheck } from "./syslog-source-dns.ts";
export { syslogFrameToLine, SYSLOG_SD_ID, type SyslogLine } from "./syslog-line.ts";
export { SyslogFrameDecoder, SYSLOG_MAX_FRAME_BYTES } from "@inboxwatch/deliverability/logs";
export {
  maintainIngest,
  RAW_BATCH_RETENTION_DAYS,
  DELIVERY_EVENT_RETENTION_DAYS,
  EVENT_PARTITIONS_AHEAD_MONTHS,
  type MaintainResult,
} from "./maintain.ts";
export { createEspWebhook, ESP_PROVIDERS, listEspWebhooks, removeEspWebhook, ZCreateEspWebhook, type EspProvider } from "./esp-webhooks.ts";
export { receiveEspWebhook, type EspWebhookDeps, type EspWebhookReply, type EspWebhookRequest } from "./esp-webhook-receive.ts";
