-- MTA log ingestion. DeliveryEvent is partitioned by RANGE ("time"): its primary and unique keys include
-- "time" as PostgreSQL requires for partitioned tables.

-- CreateEnum
CREATE TYPE "RawLogBatchStatus" AS ENUM ('PENDING', 'PROCESSED', 'FAILED');

-- CreateTable
CREATE TABLE "IngestSettings" (
    "orgId" TEXT NOT NULL,
    "keepRecipientAddresses" BOOLEAN NOT NULL DEFAULT false,
    "recipientSalt" TEXT NOT NULL,
    "syslogTokenHash" TEXT,
    "syslogTokenPrefix" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IngestSettings_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "RawLogBatch" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "byteSize" INTEGER NOT NULL,
    "lineCount" INTEGER NOT NULL,
    "body" BYTEA NOT NULL,
    "status" "RawLogBatchStatus" NOT NULL DEFAULT 'PENDING',
    "error" TEXT,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "RawLogBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryEvent" (
    "id" BIGSERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "queueId" TEXT NOT NULL,
    "senderDomain" TEXT NOT NULL,
    "recipientDomain" TEXT NOT NULL,
    "recipientHash" TEXT NOT NULL,
    "recipient" TEXT,
    "provider" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "replyCode" TEXT NOT NULL,
    "enhancedCode" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "relayHost" TEXT NOT NULL,
    "relayIp" TEXT NOT NULL,
    "delaySeconds" DOUBLE PRECISION,
    "serverId" TEXT,
    "hop" TEXT,
    "eventKey" TEXT NOT NULL,

    CONSTRAINT "DeliveryEvent_pkey" PRIMARY KEY ("time","id")
) PARTITION BY RANGE ("time");

-- Monthly partitions around the release, and a default one for anything else (old log replays, clock
-- skew). Future months must be created ahead of time (not automated yet: rows land in the default one).
CREATE TABLE "DeliveryEvent_default" PARTITION OF "DeliveryEvent" DEFAULT;
CREATE TABLE "DeliveryEvent_p202609" PARTITION OF "DeliveryEvent" FOR VALUES FROM ('2026-09-01') TO ('2026-10-01');
CREATE TABLE "DeliveryEvent_p202610" PARTITION OF "DeliveryEvent" FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
CREATE TABLE "DeliveryEvent_p202611" PARTITION OF "DeliveryEvent" FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
CREATE TABLE "DeliveryEvent_p202612" PARTITION OF "DeliveryEvent" FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
CREATE TABLE "DeliveryEvent_p202701" PARTITION OF "DeliveryEvent" FOR VALUES FROM ('2027-01-01') TO ('2027-02-01');
CREATE TABLE "DeliveryEvent_p202702" PARTITION OF "DeliveryEvent" FOR VALUES FROM ('2027-02-01') TO ('2027-03-01');
CREATE TABLE "DeliveryEvent_p202703" PARTITION OF "DeliveryEvent" FOR VALUES FROM ('2027-03-01') TO ('2027-04-01');
CREATE TABLE "DeliveryEvent_p202704" PARTITION OF "DeliveryEvent" FOR VALUES FROM ('2027-04-01') TO ('2027-05-01');

-- CreateTable
CREATE TABLE "DeliveryRollup" (
    "orgId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "senderDomain" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "delaySum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "delayCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DeliveryRollup_pkey" PRIMARY KEY ("orgId","hour","senderDomain","provider","status","category")
);

-- CreateTable
CREATE TABLE "LogSourceState" (
    "orgId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "state" BYTEA NOT NULL,
    "lines" BIGINT NOT NULL DEFAULT 0,
    "events" BIGINT NOT NULL DEFAULT 0,
    "unparsed" BIGINT NOT NULL DEFAULT 0,
    "unparsedSample" TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LogSourceState_pkey" PRIMARY KEY ("orgId","source")
);

-- CreateTable
CREATE TABLE "QueueSnapshot" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "active" INTEGER NOT NULL,
    "deferred" INTEGER NOT NULL,
    "hold" INTEGER NOT NULL,
    "incoming" INTEGER NOT NULL DEFAULT 0,
    "oldestAgeSeconds" INTEGER NOT NULL,

    CONSTRAINT "QueueSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IngestSettings_syslogTokenHash_key" ON "IngestSettings"("syslogTokenHash");

-- CreateIndex
CREATE INDEX "RawLogBatch_orgId_receivedAt_idx" ON "RawLogBatch"("orgId", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "RawLogBatch_orgId_status_receivedAt_idx" ON "RawLogBatch"("orgId", "status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RawLogBatch_orgId_batchId_key" ON "RawLogBatch"("orgId", "batchId");

-- CreateIndex
CREATE INDEX "DeliveryEvent_orgId_time_idx" ON "DeliveryEvent"("orgId", "time" DESC);

-- CreateIndex
CREATE INDEX "DeliveryEvent_orgId_queueId_idx" ON "DeliveryEvent"("orgId", "queueId");

-- CreateIndex
CREATE INDEX "DeliveryEvent_orgId_recipientHash_idx" ON "DeliveryEvent"("orgId", "recipientHash");

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryEvent_orgId_eventKey_time_key" ON "DeliveryEvent"("orgId", "eventKey", "time");

-- CreateIndex
CREATE INDEX "QueueSnapshot_orgId_time_idx" ON "QueueSnapshot"("orgId", "time");

-- CreateIndex
CREATE UNIQUE INDEX "QueueSnapshot_orgId_source_time_key" ON "QueueSnapshot"("orgId", "source", "time");

-- AddForeignKey
ALTER TABLE "IngestSettings" ADD CONSTRAINT "IngestSettings_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RawLogBatch" ADD CONSTRAINT "RawLogBatch_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryEvent" ADD CONSTRAINT "DeliveryEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryRollup" ADD CONSTRAINT "DeliveryRollup_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LogSourceState" ADD CONSTRAINT "LogSourceState_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueSnapshot" ADD CONSTRAINT "QueueSnapshot_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
