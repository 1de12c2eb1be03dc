-- CreateEnum
CREATE TYPE "ImapTlsMode" AS ENUM ('TLS', 'STARTTLS', 'NONE');

-- CreateTable
CREATE TABLE "ReportMailbox" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "tlsMode" "ImapTlsMode" NOT NULL,
    "username" TEXT NOT NULL,
    "passwordEnc" TEXT NOT NULL,
    "sourceFolder" TEXT NOT NULL DEFAULT 'INBOX',
    "processedFolder" TEXT NOT NULL DEFAULT 'Inboxwatch/Processed',
    "quarantineFolder" TEXT NOT NULL DEFAULT 'Inboxwatch/Quarantine',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastPollAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,
    "ingestedCount" INTEGER NOT NULL DEFAULT 0,
    "quarantinedCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportMailbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportMailboxMessage" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "messageKey" TEXT NOT NULL,
    "subject" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT NOT NULL,
    "quarantinedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportMailboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportSourceName" (
    "orgId" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "ptr" TEXT,
    "provider" TEXT,
    "resolvedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportSourceName_pkey" PRIMARY KEY ("orgId","ip")
);

-- CreateIndex
CREATE INDEX "ReportMailbox_orgId_createdAt_idx" ON "ReportMailbox"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "ReportMailboxMessage_orgId_mailboxId_updatedAt_idx" ON "ReportMailboxMessage"("orgId", "mailboxId", "updatedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "ReportMailboxMessage_mailboxId_messageKey_key" ON "ReportMailboxMessage"("mailboxId", "messageKey");

-- CreateIndex
CREATE INDEX "ReportSourceName_orgId_expiresAt_idx" ON "ReportSourceName"("orgId", "expiresAt");

-- AddForeignKey
ALTER TABLE "ReportMailbox" ADD CONSTRAINT "ReportMailbox_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportMailboxMessage" ADD CONSTRAINT "ReportMailboxMessage_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportMailboxMessage" ADD CONSTRAINT "ReportMailboxMessage_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "ReportMailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportSourceName" ADD CONSTRAINT "ReportSourceName_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
