-- A per-server EHLO/HELO name for the probes (null = the platform default). Custom ports need no column:
-- they are Monitor rows whose port is not 25/587/465 (see prisma/schema/probe.prisma).
ALTER TABLE "MailServer" ADD COLUMN "ehloName" TEXT;
