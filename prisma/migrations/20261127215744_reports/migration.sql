-- CreateEnum
CREATE TYPE "ReportChannel" AS ENUM ('SMTP', 'IMAP', 'UPLOAD', 'API');

-- CreateEnum
CREATE TYPE "RawReportStatus" AS ENUM ('PENDING', 'PARSED', 'DUPLICATE', 'QUARANTINED');

-- CreateEnum
CREATE TYPE "ReportKind" AS ENUM ('DMARC_AGGREGATE', 'DMARC_FAILURE', 'ARF', 'TLS_RPT');

-- AlterTable
-- Existing organizations get a random token; new ones get one from the same default.
ALTER TABLE "Organization" ADD COLUMN     "ingestToken" TEXT NOT NULL DEFAULT replace((gen_random_uuid())::text, '-'::text, ''::text);

-- CreateTable
CREATE TABLE "RawReport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "channel" "ReportChannel" NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sha256" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "status" "RawReportStatus" NOT NULL DEFAULT 'PENDING',
    "kind" "ReportKind",
    "rejectReason" TEXT,
    "rejectMessage" TEXT,
    "dedupKey" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "RawReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DmarcReport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "rawReportId" TEXT,
    "reporterOrg" TEXT NOT NULL,
    "reporterEmail" TEXT,
    "reportId" TEXT NOT NULL,
    "beginAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "domain" TEXT NOT NULL,
    "adkim" TEXT,
    "aspf" TEXT,
    "p" TEXT,
    "sp" TEXT,
    "np" TEXT,
    "pct" INTEGER,
    "fo" TEXT,
    "recordCount" INTEGER NOT NULL,
    "messageCount" INTEGER NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DmarcReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DmarcRecord" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "beginAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "domain" TEXT NOT NULL,
    "sourceIp" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "disposition" TEXT,
    "dkimAligned" TEXT,
    "spfAligned" TEXT,
    "reasons" TEXT[],
    "headerFrom" TEXT,
    "envelopeFrom" TEXT,
    "envelopeTo" TEXT,
    "dkimDomains" TEXT[],
    "dkimSelectors" TEXT[],
    "dkimResults" TEXT[],
    "spfDomains" TEXT[],
    "spfScopes" TEXT[],
    "spfResults" TEXT[],
    "ptr" TEXT,
    "provider" TEXT,

    CONSTRAINT "DmarcRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TlsReport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "rawReportId" TEXT,
    "organizationName" TEXT NOT NULL,
    "contactInfo" TEXT,
    "reportId" TEXT NOT NULL,
    "beginAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "successfulSessions" INTEGER NOT NULL,
    "failedSessions" INTEGER NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TlsReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TlsReportPolicy" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "tlsReportId" TEXT NOT NULL,
    "beginAt" TIMESTAMP(3) NOT NULL,
    "policyType" TEXT NOT NULL,
    "policyDomain" TEXT,
    "policyStrings" TEXT[],
    "mxHosts" TEXT[],
    "successfulSessions" INTEGER NOT NULL,
    "failedSessions" INTEGER NOT NULL,

    CONSTRAINT "TlsReportPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TlsFailureDetail" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "beginAt" TIMESTAMP(3) NOT NULL,
    "resultType" TEXT NOT NULL,
    "sendingMtaIp" TEXT,
    "receivingMxHostname" TEXT,
    "receivingMxHelo" TEXT,
    "receivingIp" TEXT,
    "failedSessionCount" INTEGER NOT NULL,
    "additionalInformation" TEXT,
    "failureReasonCode" TEXT,

    CONSTRAINT "TlsFailureDetail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "rawReportId" TEXT,
    "kind" "ReportKind" NOT NULL,
    "feedbackType" TEXT NOT NULL,
    "reporter" TEXT NOT NULL,
    "arrivalAt" TIMESTAMP(3) NOT NULL,
    "sourceIp" TEXT,
    "authFailure" TEXT,
    "originalMessageId" TEXT,
    "originalFrom" TEXT,
    "originalSubject" TEXT,
    "listId" TEXT,
    "campaign" TEXT,
    "recipientHashes" TEXT[],
    "recipientsEnc" TEXT,
    "dedupKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RawReport_orgId_receivedAt_idx" ON "RawReport"("orgId", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "RawReport_orgId_status_receivedAt_idx" ON "RawReport"("orgId", "status", "receivedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "RawReport_orgId_sha256_key" ON "RawReport"("orgId", "sha256");

-- CreateIndex
CREATE INDEX "DmarcReport_orgId_domain_beginAt_idx" ON "DmarcReport"("orgId", "domain", "beginAt");

-- CreateIndex
CREATE INDEX "DmarcReport_orgId_beginAt_idx" ON "DmarcReport"("orgId", "beginAt");

-- CreateIndex
CREATE UNIQUE INDEX "DmarcReport_orgId_dedupKey_key" ON "DmarcReport"("orgId", "dedupKey");

-- CreateIndex
CREATE INDEX "DmarcRecord_orgId_domain_beginAt_idx" ON "DmarcRecord"("orgId", "domain", "beginAt");

-- CreateIndex
CREATE INDEX "DmarcRecord_orgId_sourceIp_beginAt_idx" ON "DmarcRecord"("orgId", "sourceIp", "beginAt");

-- CreateIndex
CREATE INDEX "DmarcRecord_reportId_idx" ON "DmarcRecord"("reportId");

-- CreateIndex
CREATE INDEX "TlsReport_orgId_beginAt_idx" ON "TlsReport"("orgId", "beginAt");

-- CreateIndex
CREATE UNIQUE INDEX "TlsReport_orgId_dedupKey_key" ON "TlsReport"("orgId", "dedupKey");

-- CreateIndex
CREATE INDEX "TlsReportPolicy_orgId_beginAt_idx" ON "TlsReportPolicy"("orgId", "beginAt");

-- CreateIndex
CREATE INDEX "TlsReportPolicy_tlsReportId_idx" ON "TlsReportPolicy"("tlsReportId");

-- CreateIndex
CREATE INDEX "TlsFailureDetail_orgId_beginAt_idx" ON "TlsFailureDetail"("orgId", "beginAt");

-- CreateIndex
CREATE INDEX "TlsFailureDetail_policyId_idx" ON "TlsFailureDetail"("policyId");

-- CreateIndex
CREATE INDEX "Complaint_orgId_arrivalAt_idx" ON "Complaint"("orgId", "arrivalAt");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_orgId_dedupKey_key" ON "Complaint"("orgId", "dedupKey");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_ingestToken_key" ON "Organization"("ingestToken");

-- AddForeignKey
ALTER TABLE "RawReport" ADD CONSTRAINT "RawReport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DmarcReport" ADD CONSTRAINT "DmarcReport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DmarcRecord" ADD CONSTRAINT "DmarcRecord_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DmarcRecord" ADD CONSTRAINT "DmarcRecord_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "DmarcReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TlsReport" ADD CONSTRAINT "TlsReport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TlsReportPolicy" ADD CONSTRAINT "TlsReportPolicy_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TlsReportPolicy" ADD CONSTRAINT "TlsReportPolicy_tlsReportId_fkey" FOREIGN KEY ("tlsReportId") REFERENCES "TlsReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TlsFailureDetail" ADD CONSTRAINT "TlsFailureDetail_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TlsFailureDetail" ADD CONSTRAINT "TlsFailureDetail_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "TlsReportPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
