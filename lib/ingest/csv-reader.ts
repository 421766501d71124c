// Streams CSV telemetry (long, wide, single series) into a sample set, row by row, with errors that name the line and the column.
import { FastCsvRows } from "./csv-fast-row";
import { TelemetryFormatError } from "./errors";
import type { LineBatch } from "./input";
import { detectLayout, type Layout, type LayoutOptions } from "./layout";
import type { SampleSet } from "./samples";
import type { TimeColumnParser } from "./time";

const DEFAULTS = { delimiter: ",", maxColumns: 100_000 };

/** Options of the CSV reader. */
export interface CsvReaderOptions extends LayoutOptions {
  /** Field separator, one character; "," by default (";" and tab are detected from the header when it has no comma). */
  delimiter?: string;
  /** Most columns accepted (100,000 by default), so a runaway header fails fast. */
  maxColumns?: number;
}

/** Splits one CSV line. Returns null when a quoted field runs past the end of the line (it continues on the next). */
export function splitCsvLine(api: string, text: string, sep: string, line: number): string[] | null {
  if (!text.includes('"')) return text.split(sep);
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text[i] === '"') {
      let value = "";
      let start = ++i;
      for (;;) {
        if (i >= n) return null;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += text.slice(start, i + 1);
            i += 2;
            start = i;
            continue;
          }
          value += text.slice(start, i);
          i++;
          break;
        }
        i++;
      }
      fields.push(value);
      if (i < n && text[i] !== sep) throw new TelemetryFormatError(api, { line, column: fields.length }, `text after a closing quote (${JSON.stringify(text.slice(i, i + 20))}).`);
    } else {
      const end = text.indexOf(sep, i);
      const stop = end < 0 ? n : end;
      const field = text.slice(i, stop);
      if (field.includes('"')) throw new TelemetryFormatError(api, { line, column: fields.length + 1 }, `a quote inside an unquoted field (${JSON.stringify(field.slice(0, 40))}).`);
      fields.push(field);
      i = stop;
    }
    if (i >= n) return fields;
    i++; // the separator
    if (i === n) {
      fields.push("");
      return fields;
    }
  }
}

/** Parses a sample value: a finite number, or empty/NaN/NA/null/None for a missing one; undefined when it is neither. */
export function parseValue(text: string): number | undefined {
  const v = +text;
  if (v === v) {
    if (v === 0 && text.trim() === "") return NaN;
    return Number.isFinite(v) ? v : undefined;
  }
  const t = text.trim().toLowerCase();
  return t === "nan" || t === "na" || t === "n/a" || t === "null" || t === "none" || t === "" ? NaN : undefined;
}

/** A push-based CSV telemetry reader: feed it line batches as they arrive (a file, a tailed file), then `end()`. */
export interface CsvRowReader {
  push(batch: LineBatch): void;
  /** Checks the input ended cleanly and returns what was found. */
  end(): { layout: Layout; header: string[]; rows: number };
  readonly rows: number;
}

/** Reads CSV lines into `set`; returns the layout found and the number of data rows. */
export async function readCsv(api: string, batches: AsyncIterable<LineBatch>, set: SampleSet, time: TimeColumnParser, options: CsvReaderOptions): Promise<{ layout: Layout; header: string[]; rows: number }> {
  const reader = csvRowReader(api, set, time, options);
  for await (const batch of batches) reader.push(batch);
  return reader.end();
}

/** A `CsvRowReader` adding every sample to `set`. */
export function csvRowReader(api: string, set: SampleSet, time: TimeColumnParser, options: CsvReaderOptions): CsvRowReader {
  const maxColumns = options.maxColumns ?? DEFAULTS.maxColumns;
  let sep = options.delimiter ?? DEFAULTS.delimiter;
  let header: string[] | undefined;
  let layout: Layout | undefined;
  let rows = 0;
  let pending = "";
  let pendingLine = 0;
  let metricIds: number[] = [];
  let fixedNode = -1;
  let onRow: (fields: string[], line: number) => void = () => undefined;
  let fast: FastCsvRows | undefined;

  const fail = (line: number, column: number | undefined, message: string): never => {
    throw new TelemetryFormatError(api, { line, column }, message);
  };
  const setup = (first: string[] | undefined): void => {
    const h = header as string[];
    const l = detectLayout(api, h, first, options);
    layout = l;
    if (options.node !== undefined) fixedNode = set.node(options.node);
    const nodeOf = (fields: string[], line: number): number => {
      if (l.node < 0) return fixedNode;
      const id = fields[l.node].trim();
      if (id === "") fail(line, l.node + 1, `empty node (column "${h[l.node]}").`);
      const n = set.node(id);
      if (l.kind >= 0) set.kind(n, fields[l.kind].trim());
      for (const c of l.labelColumns) set.label(n, h[c].trim(), fields[c].trim());
      return n;
    };
    const timeOf = (fields: string[], line: number): number => {
      const ms = time.parse(fields[l.time]);
      if (ms !== ms) fail(line, l.time + 1, `${JSON.stringify(fields[l.time].slice(0, 60))} is not a time like the rows before (${time.describe()}); column "${h[l.time]}".`);
      return ms;
    };
    const valueOf = (fields: string[], c: number, line: number): number => {
      const v = parseValue(fields[c]);
      if (v === undefined) {
        const hint = layout?.layout === "wide" ? "; if this column is a label or the node, name it with options.nodeColumn or options.metricColumns" : "";
        fail(line, c + 1, `value ${JSON.stringify(fields[c].slice(0, 60))} is not a number (column "${h[c]}")${hint}.`);
      }
      return v as number;
    };
    if (FastCsvRows.fits(l, sep)) {
      const ids = l.layout === "long" ? [] : l.metricColumns.map((c) => set.metric(l.layout === "single" ? (options.metric as string) : h[c].trim()));
      fast = new FastCsvRows(set, time, l, h.length, sep, fixedNode, ids);
    }
    if (l.layout === "long") {
      const metricLookup = new Map<string, number>();
      onRow = (fields, line) => {
        const t = timeOf(fields, line);
        const n = nodeOf(fields, line);
        const name = fields[l.metric];
        let m = metricLookup.get(name);
        if (m === undefined) {
          const trimmed = name.trim();
          if (trimmed === "") fail(line, l.metric + 1, `empty metric name (column "${h[l.metric]}").`);
          m = set.metric(trimmed);
          metricLookup.set(name, m);
        }
        set.add(t, n, m, valueOf(fields, l.value, line));
      };
    } else {
      metricIds = l.metricColumns.map((c) => set.metric(l.layout === "single" ? (options.metric as string) : h[c].trim()));
      const columns = l.metricColumns;
      onRow = (fields, line) => {
        const t = timeOf(fields, line);
        const n = nodeOf(fields, line);
        for (let j = 0; j < columns.length; j++) set.add(t, n, metricIds[j], valueOf(fields, columns[j], line));
      };
    }
  };

  let firstRow: { fields: string[]; line: number } | undefined;
  const push = (batch: LineBatch): void => {
    const lines = batch.lines;
    for (let k = 0; k < lines.length; k++) {
      const lineNo = batch.first + k;
      let text = lines[k];
      if (pending !== "") {
        text = pending + "\n" + text;
        pending = "";
      } else pendingLine = lineNo;
      if (text === "") continue;
      if (fast !== undefined && text.indexOf('"') < 0 && fast.add(text)) {
        rows++;
        continue;
      }
      if (header === undefined) {
        if (options.delimiter === undefined && !text.includes(",")) sep = text.includes(";") ? ";" : text.includes("\t") ? "\t" : sep;
        // Count before splitting: a header of a million columns fails without building them.
        let count = 1;
        for (let at = text.indexOf(sep); at >= 0 && count <= maxColumns; at = text.indexOf(sep, at + 1)) count++;
        if (count > maxColumns) fail(pendingLine, maxColumns + 1, `the header has more than ${maxColumns} columns; raise options.maxColumns if that is real.`);
      }
      const fields = splitCsvLine(api, text, sep, pendingLine);
      if (fields === null) {
        pending = text;
        continue;
      }
      if (header === undefined) {
        header = fields;
        continue;
      }
      if (fields.length !== header.length) {
        if (fields.length === 1 && fields[0].trim() === "") continue;
        fail(pendingLine, Math.min(fields.length, header.length) + 1, `${fields.length} fields where the header has ${header.length} (a truncated line, or a different layout mixed in).`);
      }
      if (layout === undefined) {
        firstRow = { fields, line: pendingLine };
        setup(fields);
      }
      rows++;
      onRow(fields, pendingLine);
    }
  };
  const end = (): { layout: Layout; header: string[]; rows: number } => {
    if (pending !== "") fail(pendingLine, undefined, "a quoted field is never closed (the file ends inside quotes: truncated?).");
    if (header === undefined) throw new TelemetryFormatError(api, {}, "the input is empty (no header row).");
    if (layout === undefined) setup(firstRow?.fields);
    return { layout: layout as unknown as Layout, header, rows };
  };
  return {
    push,
    end,
    get rows() {
      return rows;
    },
  };
}
