-- Issue 13 item 2: ESP event webhooks with each provider's own signature verification.
CREATE TABLE "EspWebhook" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "credentialEnc" TEXT,
    "basicUsername" TEXT,
    "snsTopicArn" TEXT,
    "lastEventAt" TIMESTAMP(3),
    "batchesReceived" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EspWebhook_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "EspWebhook_orgId_idx" ON "EspWebhook"("orgId");

ALTER TABLE "EspWebhook" ADD CONSTRAINT "EspWebhook_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
