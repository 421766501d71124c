// A small, strict CSV reader and writer (RFC 4180: quoted fields, doubled quotes, LF or CRLF, newlines inside quotes).
import { InvalidArgumentError, invalidArgument } from "./errors";

const DEFAULTS = { delimiter: ",", api: "parseCsv" };

/** Options of the CSV reader. */
export interface CsvReadOptions {
  /** Field separator, one character; "," by default. */
  delimiter?: string;
  /** API name used in error messages ("parseCsv" by default), so callers' errors name their own call. */
  api?: string;
}

/** A parsed CSV document: the header row, the data rows, and the 1-based line where each row starts. */
export interface CsvDocument {
  header: string[];
  rows: string[][];
  lines: number[];
}

/**
 * Calls `onRecord(fields, line)` for each record of `text`, in order; `line` is the 1-based line where the
 * record starts. Blank lines are skipped; a UTF-8 byte-order mark is dropped; fields are not trimmed.
 * Throws InvalidArgumentError on an unterminated quote or text after a closing quote, naming the line.
 */
export function forEachCsvRecord(text: string, onRecord: (fields: string[], line: number) => void, options: CsvReadOptions = {}): void {
  const api = options.api ?? DEFAULTS.api;
  if (typeof text !== "string") throw invalidArgument(api, "text", "a string", text);
  const delimiter = options.delimiter ?? DEFAULTS.delimiter;
  if (typeof delimiter !== "string" || delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw invalidArgument(api, "delimiter", "one character other than a quote or newline", delimiter);
  }
  const sep = delimiter.charCodeAt(0);
  const QUOTE = 34;
  const LF = 10;
  const CR = 13;
  const length = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < length) {
    const recordLine = line;
    const fields: string[] = [];
    // One record: fields until an unquoted newline or the end of the text.
    for (;;) {
      if (i < length && text.charCodeAt(i) === QUOTE) {
        const quoteLine = line;
        let value = "";
        let start = ++i;
        for (;;) {
          if (i >= length) throw new InvalidArgumentError(`${api}: line ${quoteLine}: quoted field is never closed.`);
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (i + 1 < length && text.charCodeAt(i + 1) === QUOTE) {
              value += text.slice(start, i + 1);
              i += 2;
              start = i;
              continue;
            }
            value += text.slice(start, i);
            i++;
            break;
          }
          if (c === LF) line++;
          i++;
        }
        fields.push(value);
        if (i < length) {
          const c = text.charCodeAt(i);
          if (c !== sep && c !== LF && c !== CR) {
            throw new InvalidArgumentError(`${api}: line ${line}: unexpected text after a closing quote (field ${fields.length}).`);
          }
        }
      } else {
        const start = i;
        while (i < length) {
          const c = text.charCodeAt(i);
          if (c === sep || c === LF || c === CR) break;
          i++;
        }
        fields.push(text.slice(start, i));
      }
      if (i >= length) break;
      const c = text.charCodeAt(i);
      if (c === sep) {
        i++;
        continue;
      }
      // End of record: CRLF, LF or a lone CR.
      if (c === CR && i + 1 < length && text.charCodeAt(i + 1) === LF) i++;
      i++;
      line++;
      break;
    }
    if (fields.length === 1 && fields[0] === "") continue;
    onRecord(fields, recordLine);
  }
}

/** Parses CSV text whose first record is a header (see `forEachCsvRecord` for the rules). */
export function parseCsv(text: string, options: CsvReadOptions = {}): CsvDocument {
  const api = options.api ?? DEFAULTS.api;
  let header: string[] | undefined;
  const rows: string[][] = [];
  const lines: number[] = [];
  forEachCsvRecord(
    text,
    (fields, line) => {
      if (header === undefined) header = fields;
      else {
        rows.push(fields);
        lines.push(line);
      }
    },
    options,
  );
  if (header === undefined) throw new InvalidArgumentError(`${api}: the text has no header row (it is empty).`);
  return { header, rows, lines };
}

/** Renders one field: quoted when it holds the delimiter, a quote, a newline, or leading/trailing spaces. */
export function csvField(value: string | number | boolean | null | undefined, delimiter = ","): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? (value === value ? String(value) : "") : String(value);
  if (text.includes(delimiter) || text.includes('"') || text.includes("\n") || text.includes("\r") || text !== text.trim()) {
    return '"' + text.replace(/"/g, '""') + '"';
  }
  return text;
}

/** Renders a header and rows as CSV text with LF line ends and a final newline. */
export function formatCsv(header: readonly string[], rows: Iterable<readonly (string | number | boolean | null | undefined)[]>, delimiter = ","): string {
  const out: string[] = [header.map((h) => csvField(h, delimiter)).join(delimiter)];
  for (const row of rows) out.push(row.map((v) => csvField(v, delimiter)).join(delimiter));
  return out.join("\n") + "\n";
}
