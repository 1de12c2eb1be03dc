-- AlterTable
ALTER TABLE "DomainCheck" ALTER COLUMN "grade" DROP NOT NULL;

-- AlterTable
ALTER TABLE "IpCheck" ALTER COLUMN "grade" DROP NOT NULL;

