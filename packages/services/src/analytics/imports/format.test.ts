// The import formats on fixtures: header rules, each column's checks, and the CSV reader's line numbers
// over quoted fields, a byte-order mark, CRLF and malformed quoting.
import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import { readImportCsv } from "./csv.ts";
import { checkHeader, type ImportError, ImportErrors, type ImportKind, IMPORT_MAX_ERRORS, parseInstant, recordsOfJson } from "./format.ts";

async function read(kind: ImportKind, text: string | Buffer) {
  const errors = new ImportErrors();
  const rows: unknown[] = [];
  const result = await readImportCsv(kind, Readable.from([Buffer.from(text)]), errors, (r) => void rows.push(r));
  return { rows, errors: errors.list, more: errors.more, rowsRead: result.rowsRead };
}

const CONVERSIONS_HEADER = "external_id,recipient,occurred_at,value,currency,campaign";

describe("conversion CSV", () => {
  it("reads quoted fields, a BOM and CRLF, reporting physical line numbers", async () => {
    const text =
      "\uFEFFExternal_ID,Recipient,occurred_at,VALUE,currency,campaign\r\n" +
      'o-1,Ada@Example.com,2026-12-07T10:30:00Z,49.90,eur,"winter, sale"\r\n' +
      '"o-2",bob@example.com,2026-12-07,0,USD,"multi\r\nline"\r\n' +
      "\r\n" +
      "o-3,cy@example.com,2026-12-07T10:30:00+01:00,12,JPY,\r\n";
    const { rows, errors, rowsRead } = await read("conversions", text);
    expect(errors).toEqual([]);
    expect(rowsRead).toBe(3);
    expect(rows).toEqual([
      expect.objectContaining({
        line: 2,
        externalId: "o-1",
        recipient: "Ada@Example.com",
        value: 49.9,
        currency: "EUR",
        campaign: "winter, sale",
      }),
      expect.objectContaining({ line: 3, externalId: "o-2", occurredAt: new Date("2026-12-07T00:00:00Z"), campaign: "multi\r\nline" }),
      expect.objectContaining({ line: 6, externalId: "o-3", occurredAt: new Date("2026-12-07T09:30:00Z"), currency: "JPY" }),
    ]);
  });

  it("lists bad dates, unknown currencies, negative and non-numeric values by line and column", async () => {
    const text = [
      CONVERSIONS_HEADER,
      "o-1,ada@example.com,2026-02-30,10,EUR,",
      "o-2,ada@example.com,2026-12-07T10:30:00,10,EUR,",
      "o-3,ada@example.com,2026-12-07,10,XYZ,",
      "o-4,ada@example.com,2026-12-07,-5,EUR,",
      "o-5,not-an-address,2026-12-07,1e3,EUR,",
      ",ada@example.com,2026-12-07,10,EUR",
    ].join("\n");
    const { rows, errors } = await read("conversions", text);
    expect(rows).toEqual([]);
    expect(errors.map((e: ImportError) => [e.line, e.column])).toEqual([
      [2, "occurred_at"],
      [3, "occurred_at"],
      [4, "currency"],
      [5, "value"],
      [6, "recipient"],
      [6, "value"],
      [7, undefined],
    ]);
    expect(errors[3]!.message).toBe("Cannot be negative");
    expect(errors[2]!.message).toContain("ISO 4217");
    expect(errors[6]!.message).toBe("5 fields where the header has 6");
  });

  it("refuses unknown and missing columns, naming each", async () => {
    const { errors, rowsRead } = await read("conversions", "external_id,recipient,when,value,amount\no-1,a@b.co,2026-12-07,1,EUR\n");
    expect(rowsRead).toBe(0);
    expect(errors).toEqual([
      expect.objectContaining({ line: 1, column: "when", message: expect.stringContaining('Unknown column "when"') as string }),
      expect.objectContaining({ line: 1, column: "amount" }),
      expect.objectContaining({ line: 1, column: "occurred_at", message: 'Missing required column "occurred_at"' }),
      expect.objectContaining({ line: 1, column: "currency", message: 'Missing required column "currency"' }),
    ]);
  });

  it("stops at malformed quoting with the line it is on", async () => {
    const { errors } = await read(
      "conversions",
      `${CONVERSIONS_HEADER}\no-1,a@b.co,2026-12-07,1,EUR,x\no-2,a@b.co,2026-12-07,1,EUR,"bad"x\n`,
    );
    expect(errors).toEqual([{ line: 3, message: expect.stringMatching(/^Not valid CSV: Invalid Closing Quote/) as string }]);
  });

  it("calls an empty file an error", async () => {
    expect((await read("conversions", "")).errors).toEqual([{ line: 1, message: "The file is empty: a header row is required" }]);
    expect((await read("conversions", "\uFEFF")).errors).toHaveLength(1);
  });

  it("keeps the first 100 errors and counts the rest", async () => {
    const lines = [CONVERSIONS_HEADER, ...Array.from({ length: 150 }, (_, i) => `o-${i},a@b.co,2026-12-07,1,EUR?,`)];
    const { errors, more } = await read("conversions", lines.join("\n"));
    expect(errors).toHaveLength(IMPORT_MAX_ERRORS);
    expect(more).toBe(50);
    expect(errors.at(-1)!.line).toBe(101);
  });
});

describe("metadata CSV", () => {
  it("needs a message_id or a recipient on every row, and a real signup date", async () => {
    const text = [
      "message_id,recipient,campaign,variant,acquisition_source,signup_date",
      "<m1@x>,ada@example.com,spring,A,google-ads,2026-03-01",
      "<m2@x>,,spring,B,,",
      ",cy@example.com,,,organic,2026-13-01",
      ",,spring,A,,",
    ].join("\n");
    const { rows, errors } = await read("metadata", text);
    expect(rows).toEqual([
      expect.objectContaining({ line: 2, messageId: "<m1@x>", recipient: "ada@example.com", signupDate: new Date("2026-03-01T00:00:00Z") }),
      expect.objectContaining({ line: 3, messageId: "<m2@x>", recipient: null, variant: "B", signupDate: null }),
    ]);
    expect(errors).toEqual([
      { line: 4, column: "signup_date", message: '"2026-13-01" is not a date (YYYY-MM-DD)' },
      { line: 5, column: "message_id", message: "Needs a message_id or a recipient" },
    ]);
  });

  it("refuses a file with neither message_id nor recipient column", () => {
    const errors = new ImportErrors();
    expect(checkHeader("metadata", ["campaign", "variant"], errors)).toBeNull();
    expect(errors.list[0]!.message).toContain('"message_id" or a "recipient"');
  });

  it("treats column names without case and records which columns were named", () => {
    const header = checkHeader("metadata", [" Recipient ", "SIGNUP_DATE"], new ImportErrors());
    expect([...header!.present]).toEqual(["recipient", "signup_date"]);
  });
});

describe("dates and JSON rows", () => {
  it("takes ISO 8601 with a zone or a bare day, nothing ambiguous", () => {
    expect(parseInstant("2026-12-07T10:30:00.123+02:00")).toEqual(new Date("2026-12-07T08:30:00.123Z"));
    expect(parseInstant("2026-12-07 10:30Z")).toEqual(new Date("2026-12-07T10:30:00Z"));
    expect(parseInstant("2026-12-07T10:30:00")).toBeNull();
    expect(parseInstant("07/12/2026")).toBeNull();
    expect(parseInstant("2026-02-29T00:00:00Z")).toBeNull();
  });

  it("turns JSON objects into records under the union of their keys", () => {
    expect(
      recordsOfJson([
        { external_id: "a", value: 12.5 },
        { Value: 3, campaign: null },
      ]),
    ).toEqual({
      columns: ["external_id", "value", "campaign"],
      records: [
        ["a", "12.5", ""],
        ["", "3", ""],
      ],
    });
  });
});
