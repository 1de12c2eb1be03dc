/**
 * The data migration 20261207170000_event_rules_one_confirmation: event rules stored with the old form
 * default (200 confirmations: they could never fire) get one confirmation; deliberate values and presets stay.
 */
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

const MIGRATION = path.join(import.meta.dirname, "migrations/20261207170000_event_rules_one_confirmation/migration.sql");

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

it("gives event rules stored with the old 200-confirmation default one confirmation, and keeps every other value", async () => {
  const org = await t.db.organization.create({ data: { name: "Old rules", slug: "old-rules" } });
  const rule = (name: string, kind: string, minVolume: number, presetKey?: string) =>
    t.db.alertRule.create({
      data: {
        orgId: org.id,
        name,
        kind,
        severity: "critical",
        scopeType: "organization",
        presetKey: presetKey ?? null,
        definition: { name, minVolume, condition: { kind } },
      },
    });
  const stuck = await rule("Port down (made in the UI)", "event", 200);
  const chosen = await rule("Flaky port", "event", 3);
  const preset = await rule("Preset", "event", 200, "some-preset");
  const series = await rule("Bounce rate", "threshold", 200);

  await t.db.$executeRawUnsafe(fs.readFileSync(MIGRATION, "utf8"));

  const minVolume = async (id: string) =>
    ((await t.db.alertRule.findUniqueOrThrow({ where: { id } })).definition as { minVolume: number }).minVolume;
  expect(await minVolume(stuck.id)).toBe(1);
  expect(await minVolume(chosen.id)).toBe(3);
  expect(await minVolume(preset.id)).toBe(200);
  expect(await minVolume(series.id)).toBe(200);
});
