/** TCP connect to one pinned address with a connect deadline; failures come back as data. */
import type net from "node:net";

import { type SocketDialer } from "../net/pinned-dialer.ts";
import { describeError } from "./session.ts";

export type DialOutcome = { ok: true; socket: net.Socket } | { ok: false; outcome: "refused" | "timeout" | "error"; message: string };

/** Errors that mean "nobody accepts connections there" rather than a fault on our side. */
const REFUSAL_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EADDRNOTAVAIL"]);

export function dialTcp(dialer: SocketDialer, address: string, port: number, timeoutMs: number): Promise<DialOutcome> {
  let socket: net.Socket;
  try {
    socket = dialer.connect({ address, port });
  } catch (err) {
    return Promise.resolve({ ok: false, outcome: "error", message: (err as Error).message });
  }
  return new Promise((resolve) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("error", onError);
    };
    const onConnect = (): void => {
      cleanup();
      resolve({ ok: true, socket });
    };
    const onError = (err: Error): void => {
      cleanup();
      socket.destroy();
      const code = (err as NodeJS.ErrnoException).code ?? "";
      resolve({ ok: false, outcome: REFUSAL_CODES.has(code) ? "refused" : "error", message: describeError(err) });
    };
    const timer = setTimeout(
      () => {
        cleanup();
        // A late error after destroy() must not crash the process.
        socket.on("error", () => {});
        socket.destroy();
        resolve({ ok: false, outcome: "timeout", message: `TCP connect not done within ${Math.round(timeoutMs)} ms` });
      },
      Math.max(0, timeoutMs),
    );
    socket.once("connect", onConnect);
    socket.once("error", onError);
  });
}
