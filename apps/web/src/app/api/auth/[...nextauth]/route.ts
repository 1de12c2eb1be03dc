import { handlers } from "@inboxwatch/auth";

export const { GET, POST } = handlers;
