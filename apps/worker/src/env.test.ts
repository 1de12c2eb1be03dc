import { describe, expect, it } from "vitest";

import { workerBootEnv } from "./env.ts";

const GOOD = {
  DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/inboxwatch",
  INBOXWATCH_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 3).toString("base64")}`,
};

describe("the worker's environment", () => {
  it("defaults every optional part: report SMTP and syslog off, four jobs per queue", () => {
    expect(workerBootEnv.parse(GOOD)).toMatchObject({
      REPORT_SMTP_ENABLED: false,
      SYSLOG_PORT: 0,
      WORKER_CONCURRENCY: 4,
      WORKER_HEALTH_PORT: 3001,
      MAIL_FROM: "Inboxwatch <no-reply@inboxwatch.local>",
    });
  });

  it("refuses a missing database and a bad flag together", () => {
    expect(() => workerBootEnv.parse({ INBOXWATCH_ENCRYPTION_KEYS: GOOD.INBOXWATCH_ENCRYPTION_KEYS, REPORT_SMTP_ENABLED: "yes" })).toThrow(
      /Invalid environment for worker \(2 variables\):\n {2}DATABASE_URL: is not set \(required\)\n {2}REPORT_SMTP_ENABLED: /,
    );
  });
});
