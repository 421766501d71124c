// Custom metric panels of the dashboard, saved as dashboard.json in the study folder so they come back next time.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { invalidArgument } from "../errors";
import { SELECTION_BYS, type Selection } from "./selection";

/** One saved panel: a metric over a selection. */
export interface Panel {
  id: string;
  title: string;
  metric: string;
  selection: Selection;
}

/** The panels file of a study folder. */
export function panelsPath(studyDir: string): string {
  return join(studyDir, "dashboard.json");
}

/** The saved panels (none when the file does not exist). */
export function loadPanels(studyDir: string): Panel[] {
  const path = panelsPath(studyDir);
  if (!existsSync(path)) return [];
  const doc = JSON.parse(readFileSync(path, "utf8")) as { panels?: unknown };
  return Array.isArray(doc.panels) ? doc.panels.map((p, i) => checkPanel(p, `loadPanels(${path}).panels[${i}]`)) : [];
}

/** Writes the panels to the study folder's dashboard.json. */
export function savePanels(studyDir: string, panels: readonly Panel[]): void {
  writeFileSync(panelsPath(studyDir), JSON.stringify({ panels }, null, 2) + "\n");
}

/** Checks a panel from the page or the file; throws InvalidArgumentError naming the field. */
export function checkPanel(value: unknown, api = "checkPanel"): Panel {
  const p = value as Partial<Panel>;
  if (typeof p !== "object" || p === null) throw invalidArgument(api, "panel", "an object {id, title, metric, selection}", value);
  if (typeof p.metric !== "string" || p.metric === "") throw invalidArgument(api, "metric", "a metric name", p.metric);
  const sel = p.selection as Partial<Selection> | undefined;
  if (!sel || !SELECTION_BYS.includes(sel.by as Selection["by"])) throw invalidArgument(api, "selection.by", SELECTION_BYS.join(", "), sel?.by);
  if (sel.by !== "all" && (typeof sel.value !== "string" || sel.value === "")) throw invalidArgument(api, "selection.value", `a ${sel.by} name`, sel.value);
  const id = typeof p.id === "string" && p.id !== "" ? p.id : `panel-${Date.now().toString(36)}`;
  const title = typeof p.title === "string" && p.title !== "" ? p.title : `${p.metric} · ${sel.by}${sel.value ? ` ${sel.value}` : ""}`;
  return { id, title, metric: p.metric, selection: { by: sel.by as Selection["by"], ...(sel.by === "all" ? {} : { value: sel.value }) } };
}
