-- CreateEnum
CREATE TYPE "MonitorStatus" AS ENUM ('UP', 'DEGRADED', 'DOWN', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "MonitorMode" AS ENUM ('starttls', 'tls');

-- CreateEnum
CREATE TYPE "MonitorEventKind" AS ENUM ('state_change', 'drift');

-- CreateTable
CREATE TABLE "Monitor" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "serverId" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "dialPort" INTEGER,
    "mode" "MonitorMode" NOT NULL,
    "intervalSeconds" INTEGER NOT NULL DEFAULT 300,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "state" "MonitorStatus" NOT NULL DEFAULT 'UNKNOWN',
    "stateSince" TIMESTAMP(3),
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "lastProbeAt" TIMESTAMP(3),
    "lastSlotAt" TIMESTAMP(3),
    "nextProbeAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastOutcome" TEXT,
    "lastLatencyMs" INTEGER,
    "lastTlsVersion" TEXT,
    "stateReasons" TEXT[],
    "baseline" JSONB,
    "lastOkFingerprint" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Monitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProbeResult" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "monitorId" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "failedPhase" TEXT,
    "replyCode" INTEGER,
    "enhancedCode" TEXT,
    "message" TEXT,
    "totalMs" INTEGER NOT NULL,
    "dnsMs" INTEGER,
    "connectMs" INTEGER,
    "bannerMs" INTEGER,
    "ehloMs" INTEGER,
    "tlsMs" INTEGER,
    "ehloAfterTlsMs" INTEGER,
    "authMs" INTEGER,
    "envelopeMs" INTEGER,
    "address" TEXT,
    "tlsVersion" TEXT,
    "tlsCipher" TEXT,
    "certNotAfter" TIMESTAMP(3),
    "result" JSONB NOT NULL,

    CONSTRAINT "ProbeResult_pkey" PRIMARY KEY ("time","id")
) PARTITION BY RANGE ("time");

-- Monthly partitions from the release on, and a default one for anything else (clock skew). Future
-- months must be created ahead of time (not automated yet: rows land in the default one). Old months are
-- dropped whole for retention; dashboards read MonitorRollup, not this table.
CREATE TABLE "ProbeResult_default" PARTITION OF "ProbeResult" DEFAULT;
CREATE TABLE "ProbeResult_p202611" PARTITION OF "ProbeResult" FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
CREATE TABLE "ProbeResult_p202612" PARTITION OF "ProbeResult" FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
CREATE TABLE "ProbeResult_p202701" PARTITION OF "ProbeResult" FOR VALUES FROM ('2027-01-01') TO ('2027-02-01');
CREATE TABLE "ProbeResult_p202702" PARTITION OF "ProbeResult" FOR VALUES FROM ('2027-02-01') TO ('2027-03-01');
CREATE TABLE "ProbeResult_p202703" PARTITION OF "ProbeResult" FOR VALUES FROM ('2027-03-01') TO ('2027-04-01');
CREATE TABLE "ProbeResult_p202704" PARTITION OF "ProbeResult" FOR VALUES FROM ('2027-04-01') TO ('2027-05-01');

-- CreateTable
CREATE TABLE "MonitorEvent" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "monitorId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" "MonitorEventKind" NOT NULL,
    "type" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "MonitorEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitorRollup" (
    "orgId" TEXT NOT NULL,
    "monitorId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "probes" INTEGER NOT NULL,
    "ok" INTEGER NOT NULL,
    "latencySumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latencyMinMs" INTEGER,
    "latencyMaxMs" INTEGER,

    CONSTRAINT "MonitorRollup_pkey" PRIMARY KEY ("orgId","monitorId","hour")
);

-- CreateIndex
CREATE INDEX "Monitor_orgId_serverId_idx" ON "Monitor"("orgId", "serverId");

-- CreateIndex
CREATE INDEX "Monitor_nextProbeAt_idx" ON "Monitor"("nextProbeAt");

-- CreateIndex
CREATE UNIQUE INDEX "Monitor_serverId_port_key" ON "Monitor"("serverId", "port");

-- CreateIndex
CREATE INDEX "ProbeResult_orgId_monitorId_time_idx" ON "ProbeResult"("orgId", "monitorId", "time" DESC);

-- CreateIndex
CREATE INDEX "MonitorEvent_orgId_monitorId_at_idx" ON "MonitorEvent"("orgId", "monitorId", "at" DESC);

-- CreateIndex
CREATE INDEX "MonitorEvent_orgId_at_idx" ON "MonitorEvent"("orgId", "at" DESC);

-- CreateIndex
CREATE INDEX "MonitorRollup_monitorId_hour_idx" ON "MonitorRollup"("monitorId", "hour");

-- AddForeignKey
ALTER TABLE "Monitor" ADD CONSTRAINT "Monitor_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Monitor" ADD CONSTRAINT "Monitor_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "MailServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProbeResult" ADD CONSTRAINT "ProbeResult_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProbeResult" ADD CONSTRAINT "ProbeResult_monitorId_fkey" FOREIGN KEY ("monitorId") REFERENCES "Monitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitorEvent" ADD CONSTRAINT "MonitorEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitorEvent" ADD CONSTRAINT "MonitorEvent_monitorId_fkey" FOREIGN KEY ("monitorId") REFERENCES "Monitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitorRollup" ADD CONSTRAINT "MonitorRollup_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitorRollup" ADD CONSTRAINT "MonitorRollup_monitorId_fkey" FOREIGN KEY ("monitorId") REFERENCES "Monitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Every existing server's enabled ports become monitors (new and updated servers: syncMonitorsForServer).
INSERT INTO "Monitor" ("id", "orgId", "serverId", "port", "mode", "updatedAt", "stateReasons")
SELECT 'mon_' || replace(gen_random_uuid()::text, '-', ''), s."orgId", s."id", p.port, p.mode::"MonitorMode", CURRENT_TIMESTAMP, '{}'
FROM "MailServer" s
CROSS JOIN (VALUES (25, 'starttls', true), (587, 'starttls', true), (465, 'tls', true)) AS p(port, mode, x)
WHERE (p.port = 25 AND s."port25") OR (p.port = 587 AND s."port587") OR (p.port = 465 AND s."port465");
