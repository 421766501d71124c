// The shared CSV reader and writer (lib/csv.ts): metrics telemetry import and the graph's CMDB import both use it.
import { describe, expect, test } from "vitest";
import { InvalidArgumentError } from "../lib/errors";
import { csvField, forEachCsvRecord, formatCsv, parseCsv } from "../lib/csv";

describe("csv", () => {
  test("`parseCsv()` reads quoted fields with delimiters, doubled quotes and newlines", () => {
    const doc = parseCsv('a,b,c\n1,"x, y","say ""hi"""\n2,"multi\nline",\n');
    expect(doc.header).toEqual(["a", "b", "c"]);
    expect(doc.rows).toEqual([
      ["1", "x, y", 'say "hi"'],
      ["2", "multi\nline", ""],
    ]);
    expect(doc.lines).toEqual([2, 3]);
  });

  test("`parseCsv()` handles CRLF, a byte-order mark, blank lines and no final newline", () => {
    const doc = parseCsv('\ufefftime,value\r\n0,1\r\n\r\n60,"2"\r\n120,3');
    expect(doc.header).toEqual(["time", "value"]);
    expect(doc.rows).toEqual([["0", "1"], ["60", "2"], ["120", "3"]]);
    expect(doc.lines).toEqual([2, 4, 5]);
  });

  test("`forEachCsvRecord()` reports the starting line of records that span lines", () => {
    const seen: [string[], number][] = [];
    forEachCsvRecord('"a\nb",c\nd;e\n', (fields, line) => seen.push([fields, line]));
    expect(seen).toEqual([[["a\nb", "c"], 1], [["d;e"], 3]]);
    const semicolons: string[][] = [];
    forEachCsvRecord("x;y\n1;2", (fields) => semicolons.push(fields), { delimiter: ";" });
    expect(semicolons).toEqual([["x", "y"], ["1", "2"]]);
  });

  test("`parseCsv()` names the line of an unclosed quote or text after a closing quote", () => {
    expect(() => parseCsv('a\n1\n"open\n')).toThrow('parseCsv: line 3: quoted field is never closed.');
    expect(() => parseCsv('a,b\n"x"y,1\n', { api: "fromCsv" })).toThrow("fromCsv: line 2: unexpected text after a closing quote (field 1).");
    expect(() => parseCsv("")).toThrow(InvalidArgumentError);
    expect(() => parseCsv("a", { delimiter: '"' })).toThrow(/expected delimiter to be one character other than a quote or newline/);
  });

  test("`formatCsv()` output reads back identically through `parseCsv()`", () => {
    const rows = [["plain", 'with "quotes"', "comma,inside"], ["line\nbreak", " padded ", ""]];
    const text = formatCsv(["h1", "h 2", "h,3"], rows);
    const doc = parseCsv(text);
    expect(doc.header).toEqual(["h1", "h 2", "h,3"]);
    expect(doc.rows).toEqual(rows);
    expect(csvField(NaN)).toBe("");
    expect(csvField(0.25)).toBe("0.25");
    expect(csvField(null)).toBe("");
  });
});
