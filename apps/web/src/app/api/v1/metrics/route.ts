import { rest } from "~/server/http";

// Read per request: every scrape sees the current figures, never a build-time snapshot.
export const dynamic = "force-dynamic";

export const GET = rest.getMetrics;
