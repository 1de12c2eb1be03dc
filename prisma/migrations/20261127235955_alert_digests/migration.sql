-- CreateEnum
CREATE TYPE "AlertDigestInterval" AS ENUM ('hourly', 'daily');

-- AlterTable
ALTER TABLE "AlertChannel" ADD COLUMN     "digestInterval" "AlertDigestInterval" NOT NULL DEFAULT 'hourly',
ADD COLUMN     "lastDigestAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AlertDigestItem" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "scopeLabel" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "digestNotificationId" TEXT,

    CONSTRAINT "AlertDigestItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertDigestItem_orgId_channelId_digestNotificationId_idx" ON "AlertDigestItem"("orgId", "channelId", "digestNotificationId");

-- CreateIndex
CREATE INDEX "AlertDigestItem_channelId_digestNotificationId_idx" ON "AlertDigestItem"("channelId", "digestNotificationId");

-- CreateIndex
CREATE INDEX "AlertDigestItem_incidentId_idx" ON "AlertDigestItem"("incidentId");

-- AddForeignKey
ALTER TABLE "AlertDigestItem" ADD CONSTRAINT "AlertDigestItem_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDigestItem" ADD CONSTRAINT "AlertDigestItem_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "AlertChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDigestItem" ADD CONSTRAINT "AlertDigestItem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

