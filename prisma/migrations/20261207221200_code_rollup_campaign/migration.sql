-- The reply-code rollups gain the campaign as a key column, so a view filtered to one campaign filters its
-- 4xx / 5xx trends too. Existing rows (all written before any event carried a campaign) keep ''.
ALTER TABLE "DeliveryCodeRollupHour" DROP CONSTRAINT "DeliveryCodeRollupHour_pkey",
ADD COLUMN "campaign" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "DeliveryCodeRollupHour_pkey" PRIMARY KEY ("orgId", "hour", "replyCode", "provider", "senderDomain", "serverId", "campaign");

ALTER TABLE "DeliveryCodeRollupDay" DROP CONSTRAINT "DeliveryCodeRollupDay_pkey",
ADD COLUMN "campaign" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "DeliveryCodeRollupDay_pkey" PRIMARY KEY ("orgId", "day", "replyCode", "provider", "senderDomain", "serverId", "campaign");
