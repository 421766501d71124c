// A light reader of the PDFs Chromium (Skia) prints: page count and the text of each font's glyph runs, decoded through the fonts' ToUnicode maps.
import { inflateSync } from "node:zlib";

/** The page objects of a PDF (Skia writes them uncompressed). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

/** Every Flate stream of the file, inflated (streams that are not Flate or fail to inflate are left out). */
function streams(pdf: Buffer): string[] {
  const text = pdf.toString("latin1");
  const out: string[] = [];
  const start = /(?<!end)stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = start.exec(text))) {
    const from = m.index + m[0].length;
    const to = text.indexOf("endstream", from);
    if (to < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(from, to)).toString("latin1"));
    } catch {
      // Images and other non-Flate streams: not text.
    }
    start.lastIndex = to;
  }
  return out;
}

/** A ToUnicode CMap as glyph code (hex) → text. */
function parseCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const hexText = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)));
  for (const block of cmap.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? []) {
    for (const [, src, dst] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(src.toUpperCase(), hexText(dst));
  }
  for (const block of cmap.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? []) {
    for (const [, lo, hi, dst] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const first = parseInt(dst, 16);
      for (let c = parseInt(lo, 16); c <= parseInt(hi, 16); c++) map.set(c.toString(16).toUpperCase().padStart(lo.length, "0"), String.fromCodePoint(first + c - parseInt(lo, 16)));
    }
  }
  return map;
}

/**
 * The text of the PDF, once per font map: each hex glyph string of every page is decoded with each map in
 * turn (runs of other fonts come out as noise), so a phrase set in one font appears intact in one of them.
 */
export function pdfTexts(pdf: Buffer): string[] {
  const all = streams(pdf);
  const maps = all.filter((s) => s.includes("begincmap")).map(parseCMap);
  const runs = all.filter((s) => /\bT[Jj]\b/.test(s)).flatMap((s) => [...s.matchAll(/<([0-9A-Fa-f]+)>/g)].map((m) => m[1].toUpperCase()));
  return maps.map((map) => runs.map((run) => (run.match(/.{4}/g) ?? []).map((code) => map.get(code) ?? "\uFFFD").join("")).join(" "));
}
