// HTML and text building blocks shared by notebook displays and reports: escaping, value formatting, tables, the stylesheet.
import { invalidArgument } from "../errors";

const DEFAULTS = {
  maxRows: 20,
  /** Characters of one cell in a text table before it is cut. */
  textCellWidth: 40,
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** JSON for a `<script>` element: `<`, `>`, `&` and line separators escaped so the data cannot end the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A cell value as short text: numbers to 6 significant digits, objects as JSON, nullish as empty. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
    return String(Number(value.toPrecision(6)));
  }
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return value.toISOString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Options of `tableHtml` and `textTable`. */
export interface TableOptions {
  /** Columns in this order; the keys of the rows by default (first-seen order). */
  columns?: readonly string[];
  /** Rows shown; the rest are counted in a "… N more rows" line (20 by default). */
  maxRows?: number;
  /** Total row count when `rows` is already cut (a DataFrame's head). */
  totalRows?: number;
  /** Caption above the table. */
  caption?: string;
  /** Columns drawn by these functions as raw HTML (chips, links); they must escape what they insert. */
  cellHtml?: Readonly<Record<string, (value: unknown, row: Record<string, unknown>) => string>>;
}

/** The columns of a list of records, in first-seen order. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function checkRows(api: string, rows: unknown): asserts rows is readonly Record<string, unknown>[] {
  if (!Array.isArray(rows)) throw invalidArgument(api, "rows", "an array of records", rows);
  rows.forEach((r, i) => {
    if (typeof r !== "object" || r === null || Array.isArray(r)) throw invalidArgument(api, `rows[${i}]`, "a record (plain object)", r);
  });
}

/** An escaped HTML table of records, cut after `maxRows` with a "… N more rows" line. */
export function tableHtml(rows: readonly Record<string, unknown>[], options: TableOptions = {}): string {
  checkRows("tableHtml", rows);
  const maxRows = options.maxRows ?? DEFAULTS.maxRows;
  const columns = options.columns ?? columnsOf(rows);
  const shown = rows.slice(0, maxRows);
  const total = options.totalRows ?? rows.length;
  const numeric = columns.map((c) => shown.length > 0 && shown.every((r) => r[c] === undefined || r[c] === null || typeof r[c] === "number"));
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = shown
    .map((r) => {
      const cells = columns.map((c, k) => {
        const custom = options.cellHtml?.[c];
        return `<td${numeric[k] ? ' class="num"' : ""}>${custom ? custom(r[c], r) : escapeHtml(formatValue(r[c]))}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  const more = total > shown.length ? `\n<tr><td class="more" colspan="${Math.max(1, columns.length)}">… ${total - shown.length} more row${total - shown.length === 1 ? "" : "s"} (${total} in all)</td></tr>` : "";
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "";
  const empty = rows.length === 0 ? `<tr><td class="more" colspan="${Math.max(1, columns.length)}">no rows</td></tr>` : "";
  return `<table class="itw-table">${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}${empty}${more}\n</tbody></table>`;
}

/** The same table as aligned plain text (for `text/plain` and logs). */
export function textTable(rows: readonly Record<string, unknown>[], options: TableOptions = {}): string {
  checkRows("textTable", rows);
  const maxRows = options.maxRows ?? DEFAULTS.maxRows;
  const columns = options.columns ?? columnsOf(rows);
  const shown = rows.slice(0, maxRows);
  const total = options.totalRows ?? rows.length;
  const cut = (s: string) => (s.length > DEFAULTS.textCellWidth ? s.slice(0, DEFAULTS.textCellWidth - 1) + "…" : s);
  const cells = shown.map((r) => columns.map((c) => cut(formatValue(r[c]).replace(/\s+/g, " "))));
  const widths = columns.map((c, k) => Math.max(c.length, ...cells.map((row) => row[k].length)));
  const line = (values: readonly string[]) => values.map((v, k) => v.padEnd(widths[k])).join("  ").trimEnd();
  const out = [options.caption ?? "", line(columns), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].filter((l, i) => i > 0 || l !== "");
  if (total > shown.length) out.push(`… ${total - shown.length} more row${total - shown.length === 1 ? "" : "s"} (${total} in all)`);
  return out.join("\n");
}

/** The stylesheet of every infratwin output; classes are prefixed `itw` so they leave the page's own styles alone. */
export const NOTEBOOK_CSS = `
.itw { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 13px; color: #222; line-height: 1.4; }
.itw table.itw-table { border-collapse: collapse; margin: 4px 0 8px; }
.itw table.itw-table caption { text-align: left; font-weight: 600; padding: 2px 0 4px; }
.itw table.itw-table th, .itw table.itw-table td { padding: 3px 9px; border-bottom: 1px solid #e3e6ea; text-align: left; vertical-align: top; }
.itw table.itw-table th { background: #f4f6f8; font-weight: 600; }
.itw table.itw-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.itw table.itw-table td.more { color: #666; font-style: italic; }
.itw .chip { display: inline-block; padding: 0 7px; border-radius: 9px; color: #fff; font-size: 11px; line-height: 18px; }
.itw .muted { color: #666; }
.itw .card { border: 1px solid #d0d7de; border-left: 5px solid #9aa5b1; border-radius: 6px; padding: 8px 12px; margin: 6px 0; background: #fff; max-width: 900px; }
.itw .card.answered { border-left-color: #2e9e44; }
.itw .card.failed { border-left-color: #d62728; }
.itw .card.missed_deadline { border-left-color: #f0a202; }
.itw .card h4 { margin: 0 0 4px; font-size: 13px; }
.itw .card ul { margin: 4px 0; padding-left: 20px; }
.itw .progress { display: flex; align-items: center; gap: 10px; }
.itw .progress .track { background: #e9ecef; border-radius: 4px; height: 10px; width: 320px; overflow: hidden; }
.itw .progress .fill { background: #0072b2; height: 100%; }
.itw .progress.done .fill { background: #2e9e44; }
.itw dl.summary { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; margin: 4px 0 8px; }
.itw dl.summary dt { color: #555; }
.itw dl.summary dd { margin: 0; }
.itw pre { background: #f6f8fa; padding: 8px; border-radius: 6px; overflow-x: auto; font-size: 12px; }
`;

/** Wraps HTML in an `itw` container with the stylesheet, ready for a `text/html` output. */
export function styledHtml(inner: string): string {
  return `<style>${NOTEBOOK_CSS}</style>\n<div class="itw">${inner}</div>`;
}
