// Packs a figure's long numeric arrays as plotly.js typed arrays ({dtype, bdata}), so notebooks, which nbformat writes one number per line, stay small.
import type { Figure } from "../plots/figure";

/** Arrays shorter than this stay plain JSON (packing saves nothing there). */
const MIN_LENGTH = 32;
const PACKED_KEYS = new Set(["x", "y", "z", "customdata"]);

type Packed = { dtype: string; bdata: string; shape?: string };

function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.length >= MIN_LENGTH && v.every((n) => typeof n === "number" && Number.isFinite(n));
}

function pack(values: readonly number[], shape?: [number, number]): Packed {
  const ints = values.every(Number.isInteger);
  let lo = values[0];
  let hi = values[0];
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let array: ArrayBufferView;
  let dtype: string;
  if (ints && lo >= -128 && hi <= 127) [array, dtype] = [Int8Array.from(values), "i1"];
  else if (ints && lo >= -32768 && hi <= 32767) [array, dtype] = [Int16Array.from(values), "i2"];
  else if (ints && lo >= -(2 ** 31) && hi < 2 ** 31) [array, dtype] = [Int32Array.from(values), "i4"];
  else [array, dtype] = [Float64Array.from(values), "f8"];
  const bdata = Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString("base64");
  return shape ? { dtype, bdata, shape: `${shape[0]}, ${shape[1]}` } : { dtype, bdata };
}

/**
 * The figure with every long all-number x, y, z (also 2-D z) and customdata array as a plotly.js typed array
 * (plotly.js 2.28 and later read them). Arrays holding nulls or text stay as they are. Pure: returns a copy.
 */
export function packFigure(figure: Figure): Figure {
  const data = figure.data.map((trace) => {
    const out: Record<string, unknown> = { ...trace };
    for (const key of Object.keys(out)) {
      if (!PACKED_KEYS.has(key)) continue;
      const value = out[key];
      if (isNumberArray(value)) out[key] = pack(value);
      else if (Array.isArray(value) && value.length > 0 && value.every((row) => Array.isArray(row) && row.length === (value[0] as unknown[]).length)) {
        const rows = value as unknown[][];
        const flat = rows.flat();
        if (flat.length >= MIN_LENGTH && flat.every((n) => typeof n === "number" && Number.isFinite(n))) out[key] = pack(flat as number[], [rows.length, rows[0].length]);
      }
    }
    return out as typeof trace;
  });
  return { ...figure, data };
}
