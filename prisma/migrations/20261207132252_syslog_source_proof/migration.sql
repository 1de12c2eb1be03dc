-- Issue 20 item 10: a syslog source address is attributed only once its claimant proved control of it
-- (infra/decisions/0005-syslog-source-proof.md).

-- CreateEnum
CREATE TYPE "SyslogSourceStatus" AS ENUM ('PENDING', 'VERIFIED', 'REFUSED');

-- CreateEnum
CREATE TYPE "SyslogSourceProof" AS ENUM ('TOKENED_LINE');

-- DropIndex
DROP INDEX "SyslogSourceAddress_address_key";

-- AlterTable: existing claims were never proven, so they become PENDING (a security fix does not grandfather
-- them in); they get 7 days, not the 24 hours of a new claim, for their owners to notice and send the proof.
ALTER TABLE "SyslogSourceAddress" ADD COLUMN     "proofBefore" TIMESTAMP(3) NOT NULL DEFAULT (CURRENT_TIMESTAMP + interval '7 days'),
ADD COLUMN     "status" "SyslogSourceStatus" NOT NULL DEFAULT 'PENDING',
ADD COLUMN     "verifiedAt" TIMESTAMP(3),
ADD COLUMN     "verifiedVia" "SyslogSourceProof";
ALTER TABLE "SyslogSourceAddress" ALTER COLUMN "proofBefore" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "SyslogSourceAddress_address_idx" ON "SyslogSourceAddress"("address");

-- CreateIndex
CREATE UNIQUE INDEX "SyslogSourceAddress_orgId_address_key" ON "SyslogSourceAddress"("orgId", "address");

-- CreateIndex (by hand: Prisma's schema cannot express a partial index). One VERIFIED claim per address:
-- the first organization to prove control wins, even when two prove at the same moment.
CREATE UNIQUE INDEX "SyslogSourceAddress_verified_address_key" ON "SyslogSourceAddress"("address") WHERE "status" = 'VERIFIED';
