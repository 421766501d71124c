// Telemetry sources (path, text, buffer, async iterable) as a stream of text lines, with BOM, CRLF, binary and line-length checks.
import { createReadStream, existsSync, statSync } from "node:fs";
import { isAscii } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import { invalidArgument } from "../errors";
import { TelemetryFormatError } from "./errors";

/** What `readTelemetry` reads: a file path, the text itself, bytes, or chunks as they arrive. */
export type TelemetrySource = string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

const DEFAULTS = { chunkBytes: 1 << 20, maxLineLength: 16 << 20 };

/** Options of the line reader. */
export interface LineOptions {
  /** Longest line accepted, in characters (16 Mi by default): a longer one is an error, never an out-of-memory. */
  maxLineLength?: number;
}

/** Whether a string source names a file (one line, and the file exists). */
export function isPath(source: string): boolean {
  return source.length < 4096 && !source.includes("\n") && existsSync(source) && statSync(source).isFile();
}

/** A short description of a source for reports. */
export function describeSource(source: unknown): string {
  if (typeof source === "string") return isPath(source) ? source : "text";
  if (source instanceof Uint8Array) return "buffer";
  return "stream";
}

/** The source as text chunks, decoded as UTF-8 across chunk boundaries. */
export async function* textChunks(source: TelemetrySource, api: string): AsyncGenerator<string> {
  if (typeof source === "string") {
    if (isPath(source)) {
      const state = { decoder: new StringDecoder("utf8"), ascii: true };
      for await (const chunk of createReadStream(source, { highWaterMark: DEFAULTS.chunkBytes })) yield decode(state, chunk as Buffer);
      const rest = state.decoder.end();
      if (rest !== "") yield rest;
    } else yield source;
    return;
  }
  if (source instanceof Uint8Array) {
    const decoder = new StringDecoder("utf8");
    for (let at = 0; at < source.length; at += DEFAULTS.chunkBytes) yield decoder.write(Buffer.from(source.buffer, source.byteOffset + at, Math.min(DEFAULTS.chunkBytes, source.length - at)));
    const rest = decoder.end();
    if (rest !== "") yield rest;
    return;
  }
  if (source === null || typeof source !== "object" || (!(Symbol.asyncIterator in source) && !(Symbol.iterator in source))) {
    throw invalidArgument(api, "source", "a file path, text, a Buffer or an (async) iterable of text or bytes", source);
  }
  const decoder = new StringDecoder("utf8");
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    if (typeof chunk === "string") yield chunk;
    else if (chunk instanceof Uint8Array) yield decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    else throw invalidArgument(api, "source chunk", "text or bytes", chunk);
  }
  const rest = decoder.end();
  if (rest !== "") yield rest;
}

/**
 * Decodes UTF-8; while every chunk so far was plain ASCII (most telemetry) the much faster latin1 path gives the
 * same text. After the first non-ASCII chunk the decoder takes over for good (it may hold a split character).
 */
function decode(state: { decoder: StringDecoder; ascii: boolean }, chunk: Buffer): string {
  if (state.ascii && isAscii(chunk)) return chunk.toString("latin1");
  state.ascii = false;
  return state.decoder.write(chunk);
}

/** A batch of consecutive lines; `first` is the 1-based number of `lines[0]`. */
export interface LineBatch {
  lines: string[];
  first: number;
}

/**
 * Splits text chunks into lines (LF, CRLF or lone CR), dropping a leading byte-order mark. Throws
 * `TelemetryFormatError` at the first NUL byte (binary data) or a line longer than `maxLineLength`.
 */
export async function* lineBatches(chunks: AsyncIterable<string>, api: string, options: LineOptions = {}): AsyncGenerator<LineBatch> {
  const maxLineLength = options.maxLineLength ?? DEFAULTS.maxLineLength;
  let carry = "";
  let line = 1;
  let started = false;
  for await (let chunk of chunks) {
    if (!started && chunk.length > 0) {
      started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const nul = chunk.indexOf("\0");
    if (nul >= 0) {
      const before = carry + chunk.slice(0, nul);
      const lineOf = line + countNewlines(before);
      const column = before.length - Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r"));
      throw new TelemetryFormatError(api, { line: lineOf, column }, "binary data (a NUL byte): this is not text telemetry; for Parquet pass a file path ending in .parquet or options.format \"parquet\".");
    }
    let text = carry + chunk;
    // A chunk may end between \r and \n: hold the \r back so CRLF stays one line end.
    const hold = text.endsWith("\r") ? "\r" : "";
    if (hold !== "") text = text.slice(0, -1);
    const lines = text.includes("\r") ? text.split(/\r\n|\n|\r/) : text.split("\n");
    carry = (lines.pop() as string) + hold;
    if (carry.length > maxLineLength) throw new TelemetryFormatError(api, { line: line + lines.length, column: maxLineLength + 1 }, `the line is longer than ${maxLineLength} characters; raise options.maxLineLength if it is real.`);
    for (let k = 0; k < lines.length; k++) {
      if (lines[k].length > maxLineLength) throw new TelemetryFormatError(api, { line: line + k, column: maxLineLength + 1 }, `the line is longer than ${maxLineLength} characters; raise options.maxLineLength if it is real.`);
    }
    if (lines.length > 0) {
      yield { lines, first: line };
      line += lines.length;
    }
  }
  if (carry !== "" && carry !== "\r") yield { lines: [carry.endsWith("\r") ? carry.slice(0, -1) : carry], first: line };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) n++;
  }
  return n;
}
