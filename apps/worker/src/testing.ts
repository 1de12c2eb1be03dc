/**
 * Polls `fn` until it returns something truthy, with a deadline: jobs are picked up by pg-boss's poller,
 * not synchronously, so worker tests wait for their effect instead of sleeping a fixed time.
 */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
