-- Issue 13 items 2, 4, 5: recipient profiles, message tags, conversions and their imports, experiments,
-- and the views the analytics jobs compute.
CREATE TYPE "AnalyticsImportKind" AS ENUM ('METADATA', 'CONVERSIONS');
CREATE TYPE "AnalyticsImportStatus" AS ENUM ('PENDING', 'RUNNING', 'IMPORTED', 'FAILED');
CREATE TYPE "ExperimentStatus" AS ENUM ('DRAFT', 'RUNNING', 'STOPPED');

CREATE TABLE "RecipientProfile" (
    "orgId" TEXT NOT NULL,
    "recipientHash" TEXT NOT NULL,
    "acquisitionSource" TEXT NOT NULL DEFAULT '',
    "signupDate" DATE,
    "campaign" TEXT NOT NULL DEFAULT '',
    "variant" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecipientProfile_pkey" PRIMARY KEY ("orgId","recipientHash")
);
CREATE INDEX "RecipientProfile_orgId_acquisitionSource_idx" ON "RecipientProfile"("orgId", "acquisitionSource");

CREATE TABLE "MessageTag" (
    "orgId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "campaign" TEXT NOT NULL DEFAULT '',
    "variant" TEXT NOT NULL DEFAULT '',
    "recipientHash" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageTag_pkey" PRIMARY KEY ("orgId","messageId")
);
CREATE INDEX "MessageTag_orgId_campaign_idx" ON "MessageTag"("orgId", "campaign");

CREATE TABLE "AnalyticsImport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" "AnalyticsImportKind" NOT NULL,
    "via" TEXT NOT NULL,
    "fileName" TEXT NOT NULL DEFAULT '',
    "filePath" TEXT,
    "sizeBytes" BIGINT NOT NULL DEFAULT 0,
    "status" "AnalyticsImportStatus" NOT NULL DEFAULT 'PENDING',
    "rowsRead" INTEGER NOT NULL DEFAULT 0,
    "rowsImported" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "AnalyticsImport_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AnalyticsImport_orgId_createdAt_idx" ON "AnalyticsImport"("orgId", "createdAt" DESC);

CREATE TABLE "Conversion" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "recipientHash" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "currency" TEXT NOT NULL,
    "campaign" TEXT NOT NULL DEFAULT '',
    "importId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Conversion_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Conversion_orgId_externalId_key" ON "Conversion"("orgId", "externalId");
CREATE INDEX "Conversion_orgId_occurredAt_idx" ON "Conversion"("orgId", "occurredAt");
CREATE INDEX "Conversion_orgId_recipientHash_idx" ON "Conversion"("orgId", "recipientHash");

CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hypothesis" TEXT NOT NULL DEFAULT '',
    "changeKind" TEXT NOT NULL DEFAULT 'subject',
    "assignBy" TEXT NOT NULL DEFAULT 'variant',
    "campaign" TEXT NOT NULL DEFAULT '',
    "variants" JSONB NOT NULL,
    "metric" TEXT NOT NULL DEFAULT 'open',
    "design" TEXT NOT NULL DEFAULT 'sequential',
    "alpha" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "mde" DOUBLE PRECISION NOT NULL DEFAULT 0.01,
    "attributionDays" INTEGER NOT NULL DEFAULT 7,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "status" "ExperimentStatus" NOT NULL DEFAULT 'RUNNING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Experiment_orgId_createdAt_idx" ON "Experiment"("orgId", "createdAt" DESC);

CREATE TABLE "AnalyticsView" (
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "watermark" BIGINT NOT NULL DEFAULT 0,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsView_pkey" PRIMARY KEY ("orgId","kind","key")
);

ALTER TABLE "RecipientProfile" ADD CONSTRAINT "RecipientProfile_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "MessageTag" ADD CONSTRAINT "MessageTag_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AnalyticsImport" ADD CONSTRAINT "AnalyticsImport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Conversion" ADD CONSTRAINT "Conversion_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Conversion" ADD CONSTRAINT "Conversion_importId_fkey" FOREIGN KEY ("importId") REFERENCES "AnalyticsImport"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AnalyticsView" ADD CONSTRAINT "AnalyticsView_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
