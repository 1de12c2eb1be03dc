-- CreateTable
CREATE TABLE "SendingIpDomain" (
    "orgId" TEXT NOT NULL,
    "ipId" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SendingIpDomain_pkey" PRIMARY KEY ("ipId","domainId")
);

-- CreateIndex
CREATE INDEX "SendingIpDomain_orgId_domainId_idx" ON "SendingIpDomain"("orgId", "domainId");

-- AddForeignKey
ALTER TABLE "SendingIpDomain" ADD CONSTRAINT "SendingIpDomain_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendingIpDomain" ADD CONSTRAINT "SendingIpDomain_ipId_fkey" FOREIGN KEY ("ipId") REFERENCES "SendingIp"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendingIpDomain" ADD CONSTRAINT "SendingIpDomain_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "SendingDomain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

