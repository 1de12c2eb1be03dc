-- Issue 20 item 10, second proof: a TXT record at `_inboxwatch.<PTR name>` holding the claim's code
-- (infra/decisions/0005-syslog-source-proof.md).

-- AlterEnum
ALTER TYPE "SyslogSourceProof" ADD VALUE 'DNS_TXT';

-- AlterTable: existing claims get a code too (unique per claim is all it needs; the app makes new ones from
-- 128 random bits).
ALTER TABLE "SyslogSourceAddress" ADD COLUMN     "verificationCode" TEXT;
UPDATE "SyslogSourceAddress" SET "verificationCode" = md5(random()::text || clock_timestamp()::text || "id");
ALTER TABLE "SyslogSourceAddress" ALTER COLUMN "verificationCode" SET NOT NULL;
