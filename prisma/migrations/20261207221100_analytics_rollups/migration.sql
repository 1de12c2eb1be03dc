-- Issue 13 "Storage and speed": the hourly and daily rollups count everything the dashboards show, so
-- the analytics store reads no DeliveryEvent row. They gain the campaign as a key column (the minute
-- rollup does not: its readers are the throttling detector and "last hours" charts), remote reply
-- classes (4xx / 5xx of non-engagement rows), a send-latency histogram (one element per bucket of
-- LATENCY_BUCKETS_SECONDS in packages/analytics/src/kpi/inputs.ts, for accepted deliveries with a
-- delay) and uniqueCount (first engagement markers written: unique opens / clicks / unsubscribes /
-- complaints per message and recipient). MessageEngagement holds those first markers;
-- DeliveryCodeRollupHour / Day count non-2xx remote replies by code for "4xx / 5xx trends by code".
-- Existing events are rolled up into the new columns and tables below (their campaign is '').

ALTER TABLE "DeliveryRollup" DROP CONSTRAINT "DeliveryRollup_pkey",
ADD COLUMN "campaign" TEXT NOT NULL DEFAULT '',
ADD COLUMN "reply4xx" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "reply5xx" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "uniqueCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "latency" INTEGER[] NOT NULL DEFAULT ARRAY[]::INTEGER[],
ADD CONSTRAINT "DeliveryRollup_pkey" PRIMARY KEY ("orgId", "hour", "senderDomain", "provider", "serverId", "campaign", "status", "category");

ALTER TABLE "DeliveryRollupDay" DROP CONSTRAINT "DeliveryRollupDay_pkey",
ADD COLUMN "campaign" TEXT NOT NULL DEFAULT '',
ADD COLUMN "reply4xx" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "reply5xx" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "uniqueCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "latency" INTEGER[] NOT NULL DEFAULT ARRAY[]::INTEGER[],
ADD CONSTRAINT "DeliveryRollupDay_pkey" PRIMARY KEY ("orgId", "day", "senderDomain", "provider", "serverId", "campaign", "status", "category");

CREATE TABLE "MessageEngagement" (
    "orgId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "messageKey" TEXT NOT NULL,
    "recipientHash" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageEngagement_pkey" PRIMARY KEY ("orgId", "category", "messageKey", "recipientHash")
);
ALTER TABLE "MessageEngagement" ADD CONSTRAINT "MessageEngagement_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "DeliveryCodeRollupHour" (
    "orgId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "replyCode" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "senderDomain" TEXT NOT NULL,
    "serverId" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL,

    CONSTRAINT "DeliveryCodeRollupHour_pkey" PRIMARY KEY ("orgId", "hour", "replyCode", "provider", "senderDomain", "serverId")
);
ALTER TABLE "DeliveryCodeRollupHour" ADD CONSTRAINT "DeliveryCodeRollupHour_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "DeliveryCodeRollupDay" (
    "orgId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "replyCode" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "senderDomain" TEXT NOT NULL,
    "serverId" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL,

    CONSTRAINT "DeliveryCodeRollupDay_pkey" PRIMARY KEY ("orgId", "day", "replyCode", "provider", "senderDomain", "serverId")
);
ALTER TABLE "DeliveryCodeRollupDay" ADD CONSTRAINT "DeliveryCodeRollupDay_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the stored events.
UPDATE "DeliveryRollup" r SET "reply4xx" = s."reply4xx", "reply5xx" = s."reply5xx", "latency" = s."latency"
FROM (
    SELECT e."orgId", date_trunc('hour', e."time") AS "bucket", e."senderDomain", e."provider", coalesce(e."serverId", '') AS "serverId", e."status", e."category",
        (count(*) filter (where left(e."replyCode", 1) = '4' and e."category" not in ('open', 'click', 'unsubscribe', 'complaint')))::int AS "reply4xx",
        (count(*) filter (where left(e."replyCode", 1) = '5' and e."category" not in ('open', 'click', 'unsubscribe', 'complaint')))::int AS "reply5xx",
        array[(count(*) filter (where e."lb" = 1))::int, (count(*) filter (where e."lb" = 2))::int, (count(*) filter (where e."lb" = 3))::int, (count(*) filter (where e."lb" = 4))::int, (count(*) filter (where e."lb" = 5))::int, (count(*) filter (where e."lb" = 6))::int, (count(*) filter (where e."lb" = 7))::int, (count(*) filter (where e."lb" = 8))::int, (count(*) filter (where e."lb" = 9))::int, (count(*) filter (where e."lb" = 10))::int, (count(*) filter (where e."lb" = 11))::int, (count(*) filter (where e."lb" = 12))::int, (count(*) filter (where e."lb" = 13))::int, (count(*) filter (where e."lb" = 14))::int, (count(*) filter (where e."lb" = 15))::int, (count(*) filter (where e."lb" = 16))::int, (count(*) filter (where e."lb" = 17))::int] AS "latency"
    FROM (
        SELECT *, CASE WHEN "status" = 'sent' AND "delaySeconds" IS NOT NULL AND "category" NOT IN ('open', 'click', 'unsubscribe', 'complaint') THEN case when "delaySeconds" <= 0.5 then 1 when "delaySeconds" <= 1 then 2 when "delaySeconds" <= 2 then 3 when "delaySeconds" <= 5 then 4 when "delaySeconds" <= 10 then 5 when "delaySeconds" <= 30 then 6 when "delaySeconds" <= 60 then 7 when "delaySeconds" <= 120 then 8 when "delaySeconds" <= 300 then 9 when "delaySeconds" <= 600 then 10 when "delaySeconds" <= 1800 then 11 when "delaySeconds" <= 3600 then 12 when "delaySeconds" <= 7200 then 13 when "delaySeconds" <= 14400 then 14 when "delaySeconds" <= 43200 then 15 when "delaySeconds" <= 86400 then 16 else 17 end END AS "lb"
        FROM "DeliveryEvent"
    ) e
    GROUP BY 1, 2, 3, 4, 5, 6, 7
) s
WHERE r."orgId" = s."orgId" AND r."hour" = s."bucket" AND r."senderDomain" = s."senderDomain" AND r."provider" = s."provider"
    AND r."serverId" = s."serverId" AND r."campaign" = '' AND r."status" = s."status" AND r."category" = s."category";

UPDATE "DeliveryRollupDay" r SET "reply4xx" = s."reply4xx", "reply5xx" = s."reply5xx", "latency" = s."latency"
FROM (
    SELECT e."orgId", date_trunc('day', e."time") AS "bucket", e."senderDomain", e."provider", coalesce(e."serverId", '') AS "serverId", e."status", e."category",
        (count(*) filter (where left(e."replyCode", 1) = '4' and e."category" not in ('open', 'click', 'unsubscribe', 'complaint')))::int AS "reply4xx",
        (count(*) filter (where left(e."replyCode", 1) = '5' and e."category" not in ('open', 'click', 'unsubscribe', 'complaint')))::int AS "reply5xx",
        array[(count(*) filter (where e."lb" = 1))::int, (count(*) filter (where e."lb" = 2))::int, (count(*) filter (where e."lb" = 3))::int, (count(*) filter (where e."lb" = 4))::int, (count(*) filter (where e."lb" = 5))::int, (count(*) filter (where e."lb" = 6))::int, (count(*) filter (where e."lb" = 7))::int, (count(*) filter (where e."lb" = 8))::int, (count(*) filter (where e."lb" = 9))::int, (count(*) filter (where e."lb" = 10))::int, (count(*) filter (where e."lb" = 11))::int, (count(*) filter (where e."lb" = 12))::int, (count(*) filter (where e."lb" = 13))::int, (count(*) filter (where e."lb" = 14))::int, (count(*) filter (where e."lb" = 15))::int, (count(*) filter (where e."lb" = 16))::int, (count(*) filter (where e."lb" = 17))::int] AS "latency"
    FROM (
        SELECT *, CASE WHEN "status" = 'sent' AND "delaySeconds" IS NOT NULL AND "category" NOT IN ('open', 'click', 'unsubscribe', 'complaint') THEN case when "delaySeconds" <= 0.5 then 1 when "delaySeconds" <= 1 then 2 when "delaySeconds" <= 2 then 3 when "delaySeconds" <= 5 then 4 when "delaySeconds" <= 10 then 5 when "delaySeconds" <= 30 then 6 when "delaySeconds" <= 60 then 7 when "delaySeconds" <= 120 then 8 when "delaySeconds" <= 300 then 9 when "delaySeconds" <= 600 then 10 when "delaySeconds" <= 1800 then 11 when "delaySeconds" <= 3600 then 12 when "delaySeconds" <= 7200 then 13 when "delaySeconds" <= 14400 then 14 when "delaySeconds" <= 43200 then 15 when "delaySeconds" <= 86400 then 16 else 17 end END AS "lb"
        FROM "DeliveryEvent"
    ) e
    GROUP BY 1, 2, 3, 4, 5, 6, 7
) s
WHERE r."orgId" = s."orgId" AND r."day" = s."bucket" AND r."senderDomain" = s."senderDomain" AND r."provider" = s."provider"
    AND r."serverId" = s."serverId" AND r."campaign" = '' AND r."status" = s."status" AND r."category" = s."category";

INSERT INTO "DeliveryCodeRollupHour" ("orgId", "hour", "replyCode", "provider", "senderDomain", "serverId", "count")
SELECT "orgId", date_trunc('hour', "time"), "replyCode", "provider", "senderDomain", coalesce("serverId", ''), count(*)::int
FROM "DeliveryEvent" WHERE left("replyCode", 1) IN ('4', '5') AND "category" NOT IN ('open', 'click', 'unsubscribe', 'complaint')
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "DeliveryCodeRollupDay" ("orgId", "day", "replyCode", "provider", "senderDomain", "serverId", "count")
SELECT "orgId", date_trunc('day', "time"), "replyCode", "provider", "senderDomain", coalesce("serverId", ''), count(*)::int
FROM "DeliveryEvent" WHERE left("replyCode", 1) IN ('4', '5') AND "category" NOT IN ('open', 'click', 'unsubscribe', 'complaint')
GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TEMPORARY TABLE "_FirstEngagement" ON COMMIT DROP AS
SELECT DISTINCT ON ("orgId", "category", "messageKey", "recipientHash") *
FROM (
    SELECT "orgId", "category", CASE WHEN "messageId" <> '' THEN "messageId" ELSE "queueId" END AS "messageKey", "recipientHash", "time",
        "senderDomain", "provider", "serverId", "status"
    FROM "DeliveryEvent" WHERE "category" IN ('open', 'click', 'unsubscribe', 'complaint')
) e
ORDER BY "orgId", "category", "messageKey", "recipientHash", "time";

INSERT INTO "MessageEngagement" ("orgId", "category", "messageKey", "recipientHash", "time")
SELECT "orgId", "category", "messageKey", "recipientHash", "time" FROM "_FirstEngagement";

UPDATE "DeliveryRollup" r SET "uniqueCount" = s."n"
FROM (
    SELECT "orgId", date_trunc('hour', "time") AS "bucket", "senderDomain", "provider", coalesce("serverId", '') AS "serverId", "status", "category", count(*)::int AS "n"
    FROM "_FirstEngagement" GROUP BY 1, 2, 3, 4, 5, 6, 7
) s
WHERE r."orgId" = s."orgId" AND r."hour" = s."bucket" AND r."senderDomain" = s."senderDomain" AND r."provider" = s."provider"
    AND r."serverId" = s."serverId" AND r."campaign" = '' AND r."status" = s."status" AND r."category" = s."category";

UPDATE "DeliveryRollupDay" r SET "uniqueCount" = s."n"
FROM (
    SELECT "orgId", date_trunc('day', "time") AS "bucket", "senderDomain", "provider", coalesce("serverId", '') AS "serverId", "status", "category", count(*)::int AS "n"
    FROM "_FirstEngagement" GROUP BY 1, 2, 3, 4, 5, 6, 7
) s
WHERE r."orgId" = s."orgId" AND r."day" = s."bucket" AND r."senderDomain" = s."senderDomain" AND r."provider" = s."provider"
    AND r."serverId" = s."serverId" AND r."campaign" = '' AND r."status" = s."status" AND r."category" = s."category";

DROP TABLE "_FirstEngagement";
