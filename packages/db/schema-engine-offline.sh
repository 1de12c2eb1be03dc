#!/bin/sh
echo "The Prisma schema engine is not available offline; migrations are applied by packages/db/src/migrate.ts" >&2
exit 1
