/** The CLI's one way to call the REST API: the key as a bearer token, the server from INBOXWATCH_API_URL, a timeout. */
import { UsageError } from "./command.ts";

/** Keeps a slow or hung server from hanging scripts forever. */
const API_TIMEOUT_MS = 30_000;

export interface ApiReply {
  status: number;
  statusText: string;
  ok: boolean;
  text: string;
}

export async function callApi(
  env: Record<string, string | undefined>,
  path: string,
  init: { method?: string; body?: string } = {},
): Promise<ApiReply> {
  const key = env.INBOXWATCH_API_KEY;
  if (!key) throw new UsageError("INBOXWATCH_API_KEY is not set");
  const base = (env.INBOXWATCH_API_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
  const apiPath = path.startsWith("/api/") ? path : `/api/v1/${path.replace(/^\/+/, "")}`;
  const res = await fetch(`${base}${apiPath}`, {
    method: (init.method ?? "GET").toUpperCase(),
    headers: { authorization: `Bearer ${key}`, ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body,
    signal: AbortSignal.timeout(API_TIMEOUT_MS),
  });
  return { status: res.status, statusText: res.statusText, ok: res.ok, text: await res.text() };
}

/** The API's error message from a refused reply, else the status line. */
export function apiErrorMessage(reply: ApiReply): string {
  try {
    const body = JSON.parse(reply.text) as { error?: { message?: string } };
    if (body.error?.message) return `${reply.status}: ${body.error.message}`;
  } catch {
    /* not JSON */
  }
  return `${reply.status} ${reply.statusText}`;
}
