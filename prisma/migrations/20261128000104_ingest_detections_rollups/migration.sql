-- CreateEnum
CREATE TYPE "DeliveryDetectionKind" AS ENUM ('throttled', 'greylisted', 'internal_congestion');

-- AlterTable
ALTER TABLE "DeliveryRollup" DROP CONSTRAINT "DeliveryRollup_pkey",
ADD COLUMN     "serverId" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "DeliveryRollup_pkey" PRIMARY KEY ("orgId", "hour", "senderDomain", "provider", "serverId", "status", "category");

-- CreateTable
CREATE TABLE "DeliveryRollupMinute" (
    "orgId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "senderDomain" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "serverId" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "delaySum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "delayCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DeliveryRollupMinute_pkey" PRIMARY KEY ("orgId","minute","senderDomain","provider","serverId","status","category")
);

-- CreateTable
CREATE TABLE "DeliveryRollupDay" (
    "orgId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "senderDomain" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "serverId" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "delaySum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "delayCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DeliveryRollupDay_pkey" PRIMARY KEY ("orgId","day","senderDomain","provider","serverId","status","category")
);

-- CreateTable
CREATE TABLE "DeliveryDetection" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "kind" "DeliveryDetectionKind" NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL,
    "deferrals" INTEGER NOT NULL,
    "matching" INTEGER NOT NULL,
    "retriedOk" INTEGER NOT NULL DEFAULT 0,
    "medianRetrySeconds" DOUBLE PRECISION,
    "spikeFactor" DOUBLE PRECISION,
    "otherDeferralRate" DOUBLE PRECISION,
    "queueDepthMax" INTEGER,
    "queueDepthBaseline" INTEGER,
    "delayMeanSeconds" DOUBLE PRECISION,
    "delayBaselineSeconds" DOUBLE PRECISION,
    "codes" JSONB NOT NULL,
    "sampleReplies" TEXT[],
    "summary" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeliveryDetection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyslogSourceAddress" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyslogSourceAddress_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeliveryDetection_orgId_lastSeenAt_idx" ON "DeliveryDetection"("orgId", "lastSeenAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryDetection_orgId_provider_kind_startedAt_key" ON "DeliveryDetection"("orgId", "provider", "kind", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SyslogSourceAddress_address_key" ON "SyslogSourceAddress"("address");

-- CreateIndex
CREATE INDEX "SyslogSourceAddress_orgId_createdAt_idx" ON "SyslogSourceAddress"("orgId", "createdAt");

-- AddForeignKey
ALTER TABLE "DeliveryRollupMinute" ADD CONSTRAINT "DeliveryRollupMinute_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryRollupDay" ADD CONSTRAINT "DeliveryRollupDay_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryDetection" ADD CONSTRAINT "DeliveryDetection_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyslogSourceAddress" ADD CONSTRAINT "SyslogSourceAddress_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
