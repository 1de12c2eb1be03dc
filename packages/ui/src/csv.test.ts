import { describe, expect, it } from "vitest";

import { csvCell, csvFileName, toCsv } from "./csv.ts";

describe("toCsv", () => {
  const columns = [
    { header: "Name", csv: (r: { name: string; n: number | null }) => r.name },
    { header: "Count", csv: (r: { name: string; n: number | null }) => r.n },
  ];

  it("writes a header line and one CRLF-terminated line per row", () => {
    expect(
      toCsv(
        [
          { name: "a", n: 1 },
          { name: "b", n: null },
        ],
        columns,
      ),
    ).toBe("Name,Count\r\na,1\r\nb,\r\n");
  });

  it("quotes fields with commas, quotes and line breaks, doubling the quotes (RFC 4180 §2)", () => {
    expect(toCsv([{ name: 'say "hi", then\nleave', n: 2 }], columns)).toBe('Name,Count\r\n"say ""hi"", then\nleave",2\r\n');
  });

  it("writes only the header when there is no row", () => {
    expect(toCsv([], columns)).toBe("Name,Count\r\n");
  });
});

describe("csvCell", () => {
  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
  });

  it("leaves numbers, booleans and ordinary text alone, and writes dates as ISO 8601", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(true)).toBe("true");
    expect(csvCell("mx1.example.com")).toBe("mx1.example.com");
    expect(csvCell(new Date("2026-12-07T10:00:00Z"))).toBe("2026-12-07T10:00:00.000Z");
    expect(csvCell(undefined)).toBe("");
  });
});

describe("csvFileName", () => {
  it("slugs the title and dates the file", () => {
    expect(csvFileName("Alert rules", new Date("2026-12-07T10:00:00Z"))).toBe("alert-rules-2026-12-07.csv");
    expect(csvFileName("!!", new Date("2026-12-07T10:00:00Z"))).toBe("export-2026-12-07.csv");
  });
});
