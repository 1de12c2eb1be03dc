-- Issue 14: recurring deliverability reports — definitions, archived editions, deliveries, share links —
-- and the organization's time zone and logo they are printed with.
ALTER TABLE "Organization" ADD COLUMN "timeZone" TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE "Organization" ADD COLUMN "logoDataUrl" TEXT;

CREATE TABLE "ReportDefinition" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cadence" TEXT NOT NULL,
    "weekday" INTEGER,
    "monthDay" INTEGER,
    "sendHour" INTEGER NOT NULL DEFAULT 8,
    "audience" TEXT NOT NULL,
    "scopeDomains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "scopeServerIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "scopeCampaigns" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "recipientRoles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "recipientEmails" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "channelIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "attachPdf" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "nextRunAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportDefinition_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ReportDefinition_orgId_idx" ON "ReportDefinition"("orgId");
CREATE INDEX "ReportDefinition_nextRunAt_idx" ON "ReportDefinition"("nextRunAt");

CREATE TABLE "ReportEdition" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "definitionId" TEXT,
    "runKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "cadence" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "periodFrom" TIMESTAMP(3) NOT NULL,
    "periodTo" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'building',
    "buildAttempts" INTEGER NOT NULL DEFAULT 0,
    "figures" JSONB,
    "pdf" BYTEA,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "builtAt" TIMESTAMP(3),

    CONSTRAINT "ReportEdition_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ReportEdition_definitionId_runKey_key" ON "ReportEdition"("definitionId", "runKey");
CREATE INDEX "ReportEdition_orgId_createdAt_idx" ON "ReportEdition"("orgId", "createdAt" DESC);

CREATE TABLE "ReportDelivery" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "editionId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "targetLabel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "response" TEXT,
    "shareTokenEnc" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportDelivery_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ReportDelivery_editionId_channel_target_key" ON "ReportDelivery"("editionId", "channel", "target");
CREATE INDEX "ReportDelivery_orgId_createdAt_idx" ON "ReportDelivery"("orgId", "createdAt" DESC);

CREATE TABLE "ReportShare" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "editionId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastViewedAt" TIMESTAMP(3),
    "views" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReportShare_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ReportShare_tokenHash_key" ON "ReportShare"("tokenHash");
CREATE INDEX "ReportShare_editionId_idx" ON "ReportShare"("editionId");

ALTER TABLE "ReportDefinition" ADD CONSTRAINT "ReportDefinition_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportEdition" ADD CONSTRAINT "ReportEdition_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportEdition" ADD CONSTRAINT "ReportEdition_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "ReportDefinition"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ReportDelivery" ADD CONSTRAINT "ReportDelivery_editionId_fkey" FOREIGN KEY ("editionId") REFERENCES "ReportEdition"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportShare" ADD CONSTRAINT "ReportShare_editionId_fkey" FOREIGN KEY ("editionId") REFERENCES "ReportEdition"("id") ON DELETE CASCADE ON UPDATE CASCADE;
