-- Issue 13 point 1: machine opens (Apple Mail Privacy Protection pre-fetching the pixel) flagged on the
-- open event, and per hour / day the messages whose only opens so far were machine opens, so
-- human opens = uniqueCount − machineOnlyCount (services/ingest/event-rows.ts keeps both).
ALTER TABLE "DeliveryEvent" ADD COLUMN "machineOpen" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "DeliveryRollup" ADD COLUMN "machineOnlyCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DeliveryRollupDay" ADD COLUMN "machineOnlyCount" INTEGER NOT NULL DEFAULT 0;

-- The first-open marker remembers whether every open so far was a machine's, and the rollup key it was
-- counted under, so a later human open can take it back out of machineOnlyCount in that same rollup row.
-- Markers stored before this migration are human (machineOnly false): nothing to take back.
ALTER TABLE "MessageEngagement" ADD COLUMN "machineOnly" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "MessageEngagement" ADD COLUMN "senderDomain" TEXT NOT NULL DEFAULT '';
ALTER TABLE "MessageEngagement" ADD COLUMN "provider" TEXT NOT NULL DEFAULT '';
ALTER TABLE "MessageEngagement" ADD COLUMN "serverId" TEXT NOT NULL DEFAULT '';
ALTER TABLE "MessageEngagement" ADD COLUMN "campaign" TEXT NOT NULL DEFAULT '';
