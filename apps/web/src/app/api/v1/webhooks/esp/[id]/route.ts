import { espWebhook } from "~/server/http";

export const POST = espWebhook;
