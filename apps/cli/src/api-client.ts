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
  const reply = await callApiBytes(env, path, init);
  return { ...reply, text: reply.bytes.toString("utf8") };
}

/** As callApi, with the body as bytes (a PDF) and its content type. */
export async function callApiBytes(
  env: Record<string, string | undefined>,
  path: string,
  init: { method?: string; body?: string; timeoutMs?: number } = {},
): Promise<Omit<ApiReply, "text"> & { bytes: Buffer; contentType: string }> {
  const key = env.INBOXWATCH_API_KEY;
  if (!key) throw new UsageError("INBOXWATCH_API_KEY is not set");
  const base = (env.INBOXWATCH_API_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
  const apiPath = path.startsWith("/api/") ? path : `/api/v1/${path.replace(/^\/+/, "")}`;
  const res = await fetch(`${base}${apiPath}`, {
    method: (init.method ?? "GET").toUpperCase(),
    headers: { authorization: `Bearer ${key}`, ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body,
    signal: AbortSignal.timeout(init.timeoutMs ?? API_TIMEOUT_MS),
  });
  return {
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    bytes: Buffer.from(await res.arrayBuffer()),
    contentType: res.headers.get("content-type") ?? "",
  };
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
