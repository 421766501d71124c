// danfo DataFrames and Series as tables, read through their public shape (no danfo import: it is slow to load).
import { escapeHtml, tableHtml, textTable } from "./html";
import type { View } from "./records-view";

/** The parts of a danfo DataFrame read here. */
export interface DataFrameLike {
  columns: string[];
  shape: number[];
  values: unknown[];
  index?: unknown[];
  head?(rows: number): DataFrameLike;
}

/** True for a danfo DataFrame or Series (duck-typed on `shape`, `values`, and `columns` or `index`). */
export function isDataFrameLike(value: unknown): value is DataFrameLike {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<DataFrameLike>;
  return Array.isArray(v.shape) && Array.isArray(v.values) && (Array.isArray(v.columns) || Array.isArray(v.index));
}

/** The first rows of a frame (or series) as records, with the index as the first column, and its total row count. */
export function frameRecords(frame: DataFrameLike, maxRows: number): { rows: Record<string, unknown>[]; columns: string[]; total: number } {
  const total = frame.shape[0] ?? 0;
  const head = typeof frame.head === "function" && total > maxRows ? frame.head(maxRows) : frame;
  const values = head.values.slice(0, maxRows);
  const index = (head.index ?? []).slice(0, maxRows);
  // A danfo Series has one column and flat values; a DataFrame has rows of values.
  const isSeries = values.length > 0 ? !Array.isArray(values[0]) : !Array.isArray(frame.columns) || frame.columns.length <= 1;
  const columns = isSeries ? [String(frame.columns?.[0] ?? "value")] : (head.columns ?? []).map(String);
  const rows = values.map((row, r) => {
    const record: Record<string, unknown> = { "": index[r] ?? r };
    if (isSeries) record[columns[0]] = row;
    else columns.forEach((c, k) => (record[c] = (row as unknown[])[k]));
    return record;
  });
  return { rows, columns: ["", ...columns], total };
}

/** A DataFrame or Series as an HTML table of its first rows (20 by default) and as text. */
export function frameView(frame: DataFrameLike, options: { maxRows?: number } = {}): View {
  const maxRows = options.maxRows ?? 20;
  const { rows, columns, total } = frameRecords(frame, maxRows);
  const shape = `${total} row${total === 1 ? "" : "s"} × ${columns.length - 1} column${columns.length === 2 ? "" : "s"}`;
  return {
    html: `${tableHtml(rows, { columns, maxRows, totalRows: total })}<div class="muted">${escapeHtml(shape)}</div>`,
    text: `${textTable(rows, { columns, maxRows, totalRows: total })}\n[${shape}]`,
  };
}
