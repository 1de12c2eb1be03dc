-- The nightly expiry of first-engagement markers (services/ingest/maintain.ts) filters by time alone.
CREATE INDEX "MessageEngagement_time_idx" ON "MessageEngagement"("time");
