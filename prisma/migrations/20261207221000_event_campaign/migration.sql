-- Issue 13 item 2: delivery events keep the message id and the campaign / variant their ESP tagged them
-- with. Constant defaults: PostgreSQL adds the columns to every partition without rewriting a row.
ALTER TABLE "DeliveryEvent" ADD COLUMN "messageId" TEXT NOT NULL DEFAULT '';
ALTER TABLE "DeliveryEvent" ADD COLUMN "campaign" TEXT NOT NULL DEFAULT '';
ALTER TABLE "DeliveryEvent" ADD COLUMN "variant" TEXT NOT NULL DEFAULT '';
