-- CreateEnum
CREATE TYPE "CheckGrade" AS ENUM ('A', 'B', 'C', 'D', 'F');

-- CreateEnum
CREATE TYPE "DnsSeverity" AS ENUM ('critical', 'warning', 'info');

-- CreateEnum
CREATE TYPE "DnsSubject" AS ENUM ('DOMAIN', 'IP');

-- CreateEnum
CREATE TYPE "BlocklistKind" AS ENUM ('ip', 'domain');

-- AlterTable
ALTER TABLE "SendingDomain" ADD COLUMN     "lastCheckedAt" TIMESTAMP(3),
ADD COLUMN     "nextCheckAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SendingIp" ADD COLUMN     "lastCheckedAt" TIMESTAMP(3),
ADD COLUMN     "nextCheckAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DomainCheck" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "grade" "CheckGrade" NOT NULL,
    "mxGrade" "CheckGrade",
    "spfGrade" "CheckGrade",
    "dkimGrade" "CheckGrade",
    "dmarcGrade" "CheckGrade",
    "bimiGrade" "CheckGrade",
    "mtaStsGrade" "CheckGrade",
    "tlsRptGrade" "CheckGrade",
    "dnsblGrade" "CheckGrade",
    "spfLookups" INTEGER NOT NULL,
    "worstSeverity" "DnsSeverity",
    "worstCode" TEXT,
    "worstMessage" TEXT,
    "result" JSONB NOT NULL,
    "queryCount" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "DomainCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IpCheck" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "ipId" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "grade" "CheckGrade" NOT NULL,
    "rdnsGrade" "CheckGrade",
    "dnsblGrade" "CheckGrade",
    "ptr" TEXT,
    "fcrdns" BOOLEAN NOT NULL,
    "listedCount" INTEGER NOT NULL,
    "listedScore" INTEGER NOT NULL,
    "worstSeverity" "DnsSeverity",
    "worstCode" TEXT,
    "worstMessage" TEXT,
    "result" JSONB NOT NULL,
    "queryCount" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "IpCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DnsDriftEvent" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "subjectType" "DnsSubject" NOT NULL,
    "domainId" TEXT,
    "ipId" TEXT,
    "domainCheckId" TEXT,
    "ipCheckId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "check" TEXT NOT NULL,
    "severity" "DnsSeverity" NOT NULL,
    "message" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "DnsDriftEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BlocklistSetting" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "name" TEXT,
    "kind" "BlocklistKind",
    "weight" INTEGER,
    "delistUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BlocklistSetting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DomainCheck_orgId_domainId_checkedAt_idx" ON "DomainCheck"("orgId", "domainId", "checkedAt" DESC);

-- CreateIndex
CREATE INDEX "DomainCheck_orgId_checkedAt_idx" ON "DomainCheck"("orgId", "checkedAt");

-- CreateIndex
CREATE INDEX "IpCheck_orgId_ipId_checkedAt_idx" ON "IpCheck"("orgId", "ipId", "checkedAt" DESC);

-- CreateIndex
CREATE INDEX "IpCheck_orgId_checkedAt_idx" ON "IpCheck"("orgId", "checkedAt");

-- CreateIndex
CREATE INDEX "DnsDriftEvent_orgId_at_idx" ON "DnsDriftEvent"("orgId", "at" DESC);

-- CreateIndex
CREATE INDEX "DnsDriftEvent_orgId_domainId_at_idx" ON "DnsDriftEvent"("orgId", "domainId", "at" DESC);

-- CreateIndex
CREATE INDEX "DnsDriftEvent_orgId_ipId_at_idx" ON "DnsDriftEvent"("orgId", "ipId", "at" DESC);

-- CreateIndex
CREATE INDEX "DnsDriftEvent_domainCheckId_idx" ON "DnsDriftEvent"("domainCheckId");

-- CreateIndex
CREATE INDEX "DnsDriftEvent_ipCheckId_idx" ON "DnsDriftEvent"("ipCheckId");

-- CreateIndex
CREATE UNIQUE INDEX "BlocklistSetting_orgId_zone_key" ON "BlocklistSetting"("orgId", "zone");

-- CreateIndex
CREATE INDEX "SendingDomain_nextCheckAt_idx" ON "SendingDomain"("nextCheckAt");

-- CreateIndex
CREATE INDEX "SendingIp_nextCheckAt_idx" ON "SendingIp"("nextCheckAt");

-- AddForeignKey
ALTER TABLE "DomainCheck" ADD CONSTRAINT "DomainCheck_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DomainCheck" ADD CONSTRAINT "DomainCheck_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "SendingDomain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpCheck" ADD CONSTRAINT "IpCheck_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpCheck" ADD CONSTRAINT "IpCheck_ipId_fkey" FOREIGN KEY ("ipId") REFERENCES "SendingIp"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DnsDriftEvent" ADD CONSTRAINT "DnsDriftEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DnsDriftEvent" ADD CONSTRAINT "DnsDriftEvent_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "SendingDomain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DnsDriftEvent" ADD CONSTRAINT "DnsDriftEvent_ipId_fkey" FOREIGN KEY ("ipId") REFERENCES "SendingIp"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DnsDriftEvent" ADD CONSTRAINT "DnsDriftEvent_domainCheckId_fkey" FOREIGN KEY ("domainCheckId") REFERENCES "DomainCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DnsDriftEvent" ADD CONSTRAINT "DnsDriftEvent_ipCheckId_fkey" FOREIGN KEY ("ipCheckId") REFERENCES "IpCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlocklistSetting" ADD CONSTRAINT "BlocklistSetting_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
