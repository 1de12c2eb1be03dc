-- Minute rollups count the deferrals that carried a remote 4xx reply, so the throttling detector reads its
-- per-minute counts from DeliveryRollupMinute instead of aggregating up to 6 h of DeliveryEvent rows per batch.
ALTER TABLE "DeliveryRollupMinute" ADD COLUMN "remote4xx" INTEGER NOT NULL DEFAULT 0;

-- Minute rollups still kept (48 h) get the count from their events, as the insert would have written it.
UPDATE "DeliveryRollupMinute" m SET "remote4xx" = e."remote4xx"
FROM (
  SELECT "orgId", date_trunc('minute', "time") AS "minute", "senderDomain", "provider", coalesce("serverId", '') AS "serverId", "status", "category",
    count(*)::int AS "remote4xx"
  FROM "DeliveryEvent"
  WHERE "status" = 'deferred' AND left("replyCode", 1) = '4' AND "time" >= now() - interval '48 hours'
  GROUP BY 1, 2, 3, 4, 5, 6, 7
) e
WHERE m."orgId" = e."orgId" AND m."minute" = e."minute" AND m."senderDomain" = e."senderDomain" AND m."provider" = e."provider"
  AND m."serverId" = e."serverId" AND m."status" = e."status" AND m."category" = e."category";
