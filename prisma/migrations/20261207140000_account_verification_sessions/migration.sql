-- Issue 20: proven addresses, per-session revocation, rate-limited sign-in links.

-- CreateEnum
CREATE TYPE "MagicLinkPurpose" AS ENUM ('SIGN_IN', 'VERIFY_EMAIL');

-- AlterTable
ALTER TABLE "MagicLinkToken" ADD COLUMN     "purpose" "MagicLinkPurpose" NOT NULL DEFAULT 'SIGN_IN',
ADD COLUMN     "requestIp" TEXT;

-- CreateTable
CREATE TABLE "UserSession" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "UserSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UserSession_userId_createdAt_idx" ON "UserSession"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "MagicLinkToken_requestIp_createdAt_idx" ON "MagicLinkToken"("requestIp", "createdAt");

-- AddForeignKey
ALTER TABLE "UserSession" ADD CONSTRAINT "UserSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
