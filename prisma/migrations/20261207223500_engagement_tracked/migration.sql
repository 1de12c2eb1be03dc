-- Issue 13: open / click / unsubscribe rates are over the accepted messages of sources that report
-- engagement (ESP webhooks), not over every accepted message (MTA logs never report an open).
ALTER TABLE "DeliveryEvent" ADD COLUMN "engagementTracked" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "DeliveryRollup" ADD COLUMN "trackedAccepted" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DeliveryRollupDay" ADD COLUMN "trackedAccepted" INTEGER NOT NULL DEFAULT 0;

-- Events stored before: the ESP webhook intake names its sources "esp-<provider>".
UPDATE "DeliveryEvent" SET "engagementTracked" = true WHERE "source" LIKE 'esp-%';
UPDATE "DeliveryRollup" r SET "trackedAccepted" = e."n"
FROM (
    SELECT "orgId", date_trunc('hour', "time") AS "hour", "senderDomain", "provider", coalesce("serverId", '') AS "serverId",
        "campaign", "status", "category", count(*)::int AS "n"
    FROM "DeliveryEvent" WHERE "engagementTracked" AND "status" = 'sent'
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
) e
WHERE r."orgId" = e."orgId" AND r."hour" = e."hour" AND r."senderDomain" = e."senderDomain" AND r."provider" = e."provider"
    AND r."serverId" = e."serverId" AND r."campaign" = e."campaign" AND r."status" = e."status" AND r."category" = e."category";
UPDATE "DeliveryRollupDay" r SET "trackedAccepted" = e."n"
FROM (
    SELECT "orgId", date_trunc('day', "time") AS "day", "senderDomain", "provider", coalesce("serverId", '') AS "serverId",
        "campaign", "status", "category", count(*)::int AS "n"
    FROM "DeliveryEvent" WHERE "engagementTracked" AND "status" = 'sent'
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
) e
WHERE r."orgId" = e."orgId" AND r."day" = e."day" AND r."senderDomain" = e."senderDomain" AND r."provider" = e."provider"
    AND r."serverId" = e."serverId" AND r."campaign" = e."campaign" AND r."status" = e."status" AND r."category" = e."category";
