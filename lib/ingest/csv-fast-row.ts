// The CSV reader's fast lane: a plain line (no quotes) of a long or wide file read in place, without splitting it into field strings.
import type { Layout } from "./layout";
import type { SampleSet } from "./samples";
import type { TimeColumnParser } from "./time";

/** Powers of ten that are exact doubles: int / 10^k is then the correctly rounded value, as Number() gives. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Digits an integer keeps exactly below 2^53. */
const MAX_DIGITS = 15;

/**
 * The value of text[start, end) when it is a plain decimal (`-12.5`, `0.031`, `7`) of at most 15
 * significant digits; undefined for anything else (exponents, spaces, NaN, empty), which the general
 * parser then reads. Equal to `Number(text.slice(start, end))` whenever it answers.
 */
export function plainDecimal(text: string, start: number, end: number): number | undefined {
  let i = start;
  const negative = i < end && text.charCodeAt(i) === 45;
  if (negative) i++;
  let int = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  let any = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 || c !== 48) digits++;
      if (digits > MAX_DIGITS) return undefined;
      int = int * 10 + (c - 48);
      if (dot) scale++;
      any = true;
    } else if (c === 46 && !dot) dot = true;
    else return undefined;
  }
  if (!any || scale >= POW10.length) return undefined;
  const v = scale === 0 ? int : int / POW10[scale];
  return negative ? -v : v;
}

/**
 * Reads the common line of a long (time,node,metric,value) or wide (time,node,m1,m2…) export in place:
 * separators found with indexOf, the time, node and metric compared with the previous line's text where
 * they sit, numbers read digit by digit. Splitting every line into strings cost most of the reader's time
 * and its garbage. Anything unusual (a field to trim, an unknown shape, a value that is not a plain
 * decimal, a bad time) makes `add` return false with nothing added: the general reader then reads the line
 * and reports its errors as before.
 */
export class FastCsvRows {
  private readonly cuts: Int32Array;
  private lastTime = "";
  private lastMs = NaN;
  private lastNodeText = "";
  private lastNode = -1;
  /** Long layout: metric names as written and their metric numbers. */
  private readonly metricTexts: string[] = [];
  private readonly metricNumbers: number[] = [];
  private readonly values: Float64Array;

  constructor(
    private readonly set: SampleSet,
    private readonly time: TimeColumnParser,
    private readonly layout: Layout,
    private readonly width: number,
    private readonly sep: string,
    private readonly fixedNode: number,
    /** Wide and single layouts: the metric number of each metric column. */
    private readonly metricIds: readonly number[],
  ) {
    this.cuts = new Int32Array(Math.max(0, width - 1));
    this.values = new Float64Array(layout.layout === "long" ? 1 : layout.metricColumns.length);
  }

  /** Whether the fast lane can read lines of this layout at all (kinds and labels need the general reader). */
  static fits(layout: Layout, sep: string): boolean {
    return sep.length === 1 && layout.kind < 0 && layout.labelColumns.length === 0;
  }

  /** Adds the samples of one line and returns true, or returns false having added nothing. */
  add(text: string): boolean {
    const cuts = this.cuts;
    let count = 0;
    let at = text.indexOf(this.sep);
    while (at >= 0) {
      if (count === cuts.length) return false;
      cuts[count++] = at;
      at = text.indexOf(this.sep, at + 1);
    }
    if (count !== cuts.length) return false;
    const l = this.layout;
    const ms = this.timeAt(text, l.time);
    if (ms !== ms) return false;
    let node = this.fixedNode;
    if (l.node >= 0) {
      node = this.nodeAt(text, l.node);
      if (node < 0) return false;
    }
    if (l.layout === "long") {
      const metric = this.metricAt(text, l.metric);
      if (metric < 0) return false;
      const v = this.valueAt(text, l.value);
      if (v === undefined) return false;
      this.set.add(ms, node, metric, v);
      return true;
    }
    const columns = l.metricColumns;
    for (let j = 0; j < columns.length; j++) {
      const v = this.valueAt(text, columns[j]);
      if (v === undefined) return false;
      this.values[j] = v;
    }
    for (let j = 0; j < columns.length; j++) this.set.add(ms, node, this.metricIds[j], this.values[j]);
    return true;
  }

  private start(c: number): number {
    return c === 0 ? 0 : this.cuts[c - 1] + 1;
  }

  private end(text: string, c: number): number {
    return c === this.cuts.length ? text.length : this.cuts[c];
  }

  /** Whether text[start, end) is exactly `known` (no allocation). */
  private static same(text: string, start: number, end: number, known: string): boolean {
    return end - start === known.length && text.startsWith(known, start);
  }

  private timeAt(text: string, c: number): number {
    const start = this.start(c);
    const end = this.end(text, c);
    if (FastCsvRows.same(text, start, end, this.lastTime)) return this.lastMs;
    const field = text.slice(start, end);
    const ms = this.time.parse(field);
    this.lastTime = field;
    this.lastMs = ms;
    return ms;
  }

  private nodeAt(text: string, c: number): number {
    const start = this.start(c);
    const end = this.end(text, c);
    if (this.lastNode >= 0 && FastCsvRows.same(text, start, end, this.lastNodeText)) return this.lastNode;
    const field = text.slice(start, end);
    // A node id to trim or an empty one: the general reader trims or reports it.
    if (field === "" || field.trim() !== field) return -1;
    this.lastNodeText = field;
    this.lastNode = this.set.node(field);
    return this.lastNode;
  }

  private metricAt(text: string, c: number): number {
    const start = this.start(c);
    const end = this.end(text, c);
    for (let k = 0; k < this.metricTexts.length; k++) if (FastCsvRows.same(text, start, end, this.metricTexts[k])) return this.metricNumbers[k];
    const field = text.slice(start, end);
    if (field === "" || field.trim() !== field) return -1;
    const m = this.set.metric(field);
    this.metricTexts.push(field);
    this.metricNumbers.push(m);
    return m;
  }

  private valueAt(text: string, c: number): number | undefined {
    const start = this.start(c);
    const end = this.end(text, c);
    // An empty cell is a missing sample, as the general reader reads it.
    if (start === end) return NaN;
    return plainDecimal(text, start, end);
  }
}
