// Which node names a topology drawing writes, and where: greedy placement by importance with box collision checks, so no two labels overlap.

const DEFAULTS = {
  /**
   * Width the drawing is assumed to have, in px. Positions spread out on a wider screen while text keeps its size,
   * so labels that do not overlap at this width do not overlap at any width above it (notebooks draw 900 px).
   */
  width: 900,
  fontSize: 9,
  /** Width of one character as a fraction of the font size: wide enough for the capitals and digits of node names. */
  charWidth: 0.62,
  /** Height of one line of text as a fraction of the font size. */
  lineHeight: 1.3,
  /** Gap between a marker and its label, px. */
  gap: 2,
  /** Free space kept around each label, px. */
  padding: 1,
};

/** A node to label, in the figure's data coordinates. */
export interface LabelCandidate {
  text: string;
  x: number;
  y: number;
  /** Marker diameter, px (labels keep clear of every marker). */
  size: number;
  /** Higher first: labels are placed in this order while they fit. */
  importance: number;
}

/** The drawing's geometry: data ranges and the plot area in px. */
export interface LabelFrame {
  xRange: readonly [number, number];
  yRange: readonly [number, number];
  /** Plot area (figure minus margins), px. */
  widthPx: number;
  heightPx: number;
  fontSize?: number;
}

/** A box in px, origin top left. */
export interface LabelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Where each candidate's label went: "bottom center", "top center", or undefined (hover only). */
export interface LabelPlacement {
  position: ("bottom center" | "top center" | undefined)[];
  boxes: (LabelBox | undefined)[];
}

/** The plot area width for a figure drawn at `DEFAULTS.width` with these horizontal margins. */
export function labelPlotWidth(marginLeft: number, marginRight: number, width: number = DEFAULTS.width): number {
  return Math.max(1, width - marginLeft - marginRight);
}

/** The box a label would take in px, centred under (or over) its node. */
export function labelBox(c: LabelCandidate, at: "bottom center" | "top center", frame: LabelFrame): LabelBox {
  const font = frame.fontSize ?? DEFAULTS.fontSize;
  const { px, py } = toPx(c, frame);
  const w = c.text.length * font * DEFAULTS.charWidth;
  const h = font * DEFAULTS.lineHeight;
  const top = at === "bottom center" ? py + c.size / 2 + DEFAULTS.gap : py - c.size / 2 - DEFAULTS.gap - h;
  return { left: px - w / 2, right: px + w / 2, top, bottom: top + h };
}

/** True when two boxes share any area. */
export function boxesOverlap(a: LabelBox, b: LabelBox): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * Places labels most important first; a label is written only where its box (with padding) touches no placed
 * label and no other node's marker, trying below the node, then above. The rest are left to hover.
 */
export function placeLabels(candidates: readonly LabelCandidate[], frame: LabelFrame): LabelPlacement {
  const grid = new BoxGrid(48);
  // Markers are obstacles from the start, so a label never hides another node.
  candidates.forEach((c, i) => {
    const { px, py } = toPx(c, frame);
    grid.add({ left: px - c.size / 2, right: px + c.size / 2, top: py - c.size / 2, bottom: py + c.size / 2 }, -1 - i);
  });
  const order = candidates.map((_, i) => i).sort((a, b) => candidates[b].importance - candidates[a].importance || a - b);
  const position: LabelPlacement["position"] = candidates.map(() => undefined);
  const boxes: LabelPlacement["boxes"] = candidates.map(() => undefined);
  for (const i of order) {
    const c = candidates[i];
    if (c.text.length === 0) continue;
    for (const at of ["bottom center", "top center"] as const) {
      const box = labelBox(c, at, frame);
      const padded = { left: box.left - DEFAULTS.padding, right: box.right + DEFAULTS.padding, top: box.top - DEFAULTS.padding, bottom: box.bottom + DEFAULTS.padding };
      const inside = box.left >= 0 && box.right <= frame.widthPx && box.top >= 0 && box.bottom <= frame.heightPx;
      if (!inside || grid.collides(padded, -1 - i)) continue;
      grid.add(box, i);
      position[i] = at;
      boxes[i] = box;
      break;
    }
  }
  return { position, boxes };
}

function toPx(c: { x: number; y: number }, frame: LabelFrame): { px: number; py: number } {
  const [x0, x1] = frame.xRange;
  const [y0, y1] = frame.yRange;
  return { px: ((c.x - x0) / (x1 - x0)) * frame.widthPx, py: ((y1 - c.y) / (y1 - y0)) * frame.heightPx };
}

/** A uniform grid of boxes so each collision check looks at a few neighbours, not every placed label (10,000-node estates). */
class BoxGrid {
  private readonly cells = new Map<string, { box: LabelBox; owner: number }[]>();
  constructor(private readonly cell: number) {}

  add(box: LabelBox, owner: number): void {
    for (const key of this.keys(box)) {
      const list = this.cells.get(key) ?? [];
      list.push({ box, owner });
      this.cells.set(key, list);
    }
  }

  /** Whether `box` overlaps anything but `self` (the candidate's own marker). */
  collides(box: LabelBox, self: number): boolean {
    for (const key of this.keys(box)) for (const other of this.cells.get(key) ?? []) if (other.owner !== self && boxesOverlap(box, other.box)) return true;
    return false;
  }

  private keys(box: LabelBox): string[] {
    const out: string[] = [];
    for (let gx = Math.floor(box.left / this.cell); gx <= Math.floor(box.right / this.cell); gx++) {
      for (let gy = Math.floor(box.top / this.cell); gy <= Math.floor(box.bottom / this.cell); gy++) out.push(`${gx},${gy}`);
    }
    return out;
  }
}
