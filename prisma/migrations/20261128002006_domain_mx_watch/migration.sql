-- AlterTable
ALTER TABLE "Monitor" ADD COLUMN     "mxHost" TEXT,
ADD COLUMN     "mxPreference" INTEGER,
ADD COLUMN     "mxWatchId" TEXT,
ALTER COLUMN "serverId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "MxWatch" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "intervalSeconds" INTEGER NOT NULL DEFAULT 300,
    "nextSyncAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSyncAt" TIMESTAMP(3),
    "mxRecords" TEXT[],
    "nullMx" BOOLEAN NOT NULL DEFAULT false,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MxWatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MxWatch_domainId_key" ON "MxWatch"("domainId");

-- CreateIndex
CREATE INDEX "MxWatch_orgId_domainId_idx" ON "MxWatch"("orgId", "domainId");

-- CreateIndex
CREATE INDEX "MxWatch_nextSyncAt_idx" ON "MxWatch"("nextSyncAt");

-- CreateIndex
CREATE INDEX "Monitor_orgId_mxWatchId_idx" ON "Monitor"("orgId", "mxWatchId");

-- CreateIndex
CREATE UNIQUE INDEX "Monitor_mxWatchId_mxHost_key" ON "Monitor"("mxWatchId", "mxHost");

-- AddForeignKey
ALTER TABLE "Monitor" ADD CONSTRAINT "Monitor_mxWatchId_fkey" FOREIGN KEY ("mxWatchId") REFERENCES "MxWatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MxWatch" ADD CONSTRAINT "MxWatch_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MxWatch" ADD CONSTRAINT "MxWatch_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "SendingDomain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

