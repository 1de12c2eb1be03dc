import { openApiDocument } from "@inboxwatch/api";

import { env } from "~/env";

export function GET() {
  return Response.json(openApiDocument(env().APP_URL));
}
