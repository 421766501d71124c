import { describe, expect, it } from "vitest";
import { escapeHtml, formatValue, scriptJson, tableHtml, textTable } from "../../lib/notebook";

const ROWS = Array.from({ length: 25 }, (_, i) => ({ id: `n${i}`, cpu: i / 7, note: i === 0 ? "<b>&'\"" : "" }));

describe("tableHtml()", () => {
  it("shows maxRows rows, counts the rest, and escapes every cell", () => {
    const html = tableHtml(ROWS, { maxRows: 5, caption: "<nodes>" });
    expect(html.match(/<tr>/g)).toHaveLength(1 + 5 + 1);
    expect(html).toContain("… 20 more rows (25 in all)");
    expect(html).toContain("&lt;b&gt;&amp;&#39;&quot;");
    expect(html).toContain("<caption>&lt;nodes&gt;</caption>");
    expect(html).toContain('<td class="num">0.142857</td>');
  });

  it("renders chosen columns in order, raw HTML cells only through cellHtml", () => {
    const html = tableHtml(ROWS.slice(0, 1), { columns: ["note", "id"], cellHtml: { id: (v) => `<i>${escapeHtml(v)}</i>` } });
    expect(html).toContain("<th>note</th><th>id</th>");
    expect(html).toContain("<td><i>n0</i></td>");
  });

  it("says when there are no rows", () => {
    expect(tableHtml([], { columns: ["a"] })).toContain("no rows");
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => tableHtml([1] as never)).toThrow("tableHtml: expected rows[0] to be a record (plain object) but found 1.");
  });
});

describe("textTable()", () => {
  it("aligns columns and counts the rows left out", () => {
    const text = textTable(ROWS.slice(0, 3), { columns: ["id", "cpu"], maxRows: 2 });
    expect(text.split("\n")).toEqual(["id  cpu", "--  --------", "n0  0", "n1  0.142857", "… 1 more row (3 in all)"]);
  });
});

describe("formatValue()", () => {
  it("keeps six significant digits and prints missing values plainly", () => {
    expect([formatValue(1 / 3), formatValue(NaN), formatValue(null), formatValue(12), formatValue({ a: 1 })]).toEqual(["0.333333", "NaN", "", "12", '{"a":1}']);
  });
});

describe("scriptJson()", () => {
  it("escapes what could end a script element and still parses back", () => {
    const value = { s: "</script>&\u2028" };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
