-- Issue 13 item 6: the organization's inputs of the ROI model.
CREATE TABLE "RoiSettings" (
    "orgId" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "valuePerConversion" DOUBLE PRECISION,
    "valuePerDeliveredMessage" DOUBLE PRECISION,
    "costPerDowntimeHour" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "costPerQueueDelayHour" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "queueDelayTargetSeconds" INTEGER NOT NULL DEFAULT 600,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoiSettings_pkey" PRIMARY KEY ("orgId")
);

ALTER TABLE "RoiSettings" ADD CONSTRAINT "RoiSettings_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
