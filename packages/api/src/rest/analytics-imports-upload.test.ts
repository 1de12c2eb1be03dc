/**
 * POST /api/upload/analytics-imports (the data page's upload) through its handler with real sessions: a
 * member with analytics.write gets a PENDING import (202, the creator named); no session is 401, a VIEWER
 * 403, another organization's slug 404, a missing kind 400.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type SessionUser } from "@inboxwatch/services/user";

import { createTestWorld, type TestWorld } from "../testing.ts";
import { uploadAnalyticsImportRoute } from "./analytics-imports.ts";
import { testHttpDeps } from "./testing.ts";

let world: TestWorld;
let marketing: SessionUser;
let viewer: SessionUser;
let slugs: { mine: string; other: string };
let spool: string;

beforeAll(async () => {
  world = await createTestWorld();
  process.env.DATABASE_URL = world.t.url;
  spool = fs.mkdtempSync(path.join(os.tmpdir(), "imports-upload-"));
  process.env.INBOXWATCH_IMPORT_DIR = spool;
  const owner = await world.user("owner@imports.test");
  marketing = await world.user("marketing@imports.test");
  viewer = await world.user("viewer@imports.test");
  const stranger = await world.user("stranger@imports.test");
  const mine = await world.org(owner, "imports-a");
  await world.addMember(mine.id, marketing, "MARKETING");
  await world.addMember(mine.id, viewer, "VIEWER");
  slugs = { mine: mine.slug, other: (await world.org(stranger, "imports-b")).slug };
});
afterAll(async () => {
  await world?.t.drop();
  fs.rmSync(spool, { recursive: true, force: true });
});

const CSV = "message_id,campaign\n<m1@x>,spring\n";

async function upload(user: SessionUser | null, slug: string, query = "?kind=metadata&file_name=tags.csv") {
  const route = uploadAnalyticsImportRoute({ ...testHttpDeps(world.t.db), currentUser: () => Promise.resolve(user) });
  const res = await route(
    new Request(`http://127.0.0.1/api/upload/analytics-imports${query}`, { method: "POST", body: CSV, headers: { "x-org-slug": slug } }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("POST /api/upload/analytics-imports", () => {
  it("queues the file for a member with analytics.write and names who uploaded it", async () => {
    expect(await upload(marketing, slugs.mine)).toMatchObject({
      status: 202,
      body: { status: "PENDING", via: "csv", kind: "metadata", fileName: "tags.csv", createdBy: "marketing@imports.test" },
    });
  });

  it("refuses without a session, without analytics.write, for another organization and without a kind", async () => {
    expect((await upload(null, slugs.mine)).status).toBe(401);
    expect((await upload(viewer, slugs.mine)).status).toBe(403);
    expect((await upload(marketing, slugs.other)).status).toBe(404);
    expect((await upload(marketing, slugs.mine, "?file_name=x.csv")).status).toBe(400);
  });
});
