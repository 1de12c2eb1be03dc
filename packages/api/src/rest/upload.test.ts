/**
 * POST /api/upload/reports through its handler with real sessions: a member with reports.write stores and
 * parses a report (202, then 200 for the same bytes); no session is 401, a VIEWER 403, another
 * organization's slug 404, a declared body over the limit 413 — each through errorResponse.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type SessionUser } from "@inboxwatch/services/user";
import { RAW_REPORT_MAX_BYTES } from "@inboxwatch/services/reports";

import { createTestWorld, type TestWorld } from "../testing.ts";
import { testHttpDeps } from "./testing.ts";
import { uploadReportRoute } from "./upload.ts";

let world: TestWorld;
let owner: SessionUser;
let viewer: SessionUser;
let slugs: { mine: string; other: string };

const REPORT = `<?xml version="1.0"?>
<feedback>
  <report_metadata><org_name>google.com</org_name><email>noreply@google.com</email><report_id>up-1</report_id>
    <date_range><begin>1764547200</begin><end>1764633599</end></date_range></report_metadata>
  <policy_published><domain>upload.example</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>
  <record><row><source_ip>192.0.2.1</source_ip><count>7</count>
    <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
    <identifiers><header_from>upload.example</header_from></identifiers>
    <auth_results><dkim><domain>upload.example</domain><result>pass</result></dkim><spf><domain>upload.example</domain><result>pass</result></spf></auth_results></record>
</feedback>`;

beforeAll(async () => {
  world = await createTestWorld();
  owner = await world.user("owner@upload.test");
  viewer = await world.user("viewer@upload.test");
  const stranger = await world.user("stranger@upload.test");
  const mine = await world.org(owner, "upload-a");
  await world.addMember(mine.id, viewer, "VIEWER");
  slugs = { mine: mine.slug, other: (await world.org(stranger, "upload-b")).slug };
});
afterAll(async () => world?.t.drop());

async function upload(user: SessionUser | null, slug: string, body: string, headers: Record<string, string> = {}) {
  const route = uploadReportRoute({ ...testHttpDeps(world.t.db), currentUser: () => Promise.resolve(user) });
  const res = await route(
    new Request("http://127.0.0.1/api/upload/reports", { method: "POST", body, headers: { "x-org-slug": slug, ...headers } }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, body: (await res.json()) as { duplicate?: boolean; summary?: { where: string }; error?: { code: string } } };
}

describe("POST /api/upload/reports", () => {
  it("stores and parses a report for a member with reports.write, and says so; the same bytes again are 200", async () => {
    const first = await upload(owner, slugs.mine, REPORT);
    expect(first).toMatchObject({ status: 202, body: { duplicate: false, summary: { where: "list" } } });
    expect(await upload(owner, slugs.mine, REPORT)).toMatchObject({ status: 200, body: { duplicate: true } });
  });

  it("refuses without a session, a role without reports.write, another organization and an oversized body", async () => {
    expect(await upload(null, slugs.mine, REPORT)).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED" } } });
    expect(await upload(viewer, slugs.mine, REPORT)).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    expect(await upload(owner, slugs.other, REPORT)).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    const big = { "content-length": String(RAW_REPORT_MAX_BYTES + 1) };
    expect(await upload(owner, slugs.mine, "x", big)).toMatchObject({ status: 413, body: { error: { code: "TOO_LARGE" } } });
    expect(await upload(owner, slugs.mine, "")).toMatchObject({ status: 400, body: { error: { code: "VALIDATION" } } });
  });
});
