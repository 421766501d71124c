// The dashboard's one HTML page: layout and styles; the script is in page-script.ts. Everything is served by the dashboard itself (offline).
import { PAGE_SCRIPT } from "./page-script";

const CSS = `
body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { display: flex; gap: 12px; align-items: center; padding: 8px 14px; background: #1f2d3d; color: #fff; flex-wrap: wrap; }
header h1 { font-size: 16px; margin: 0 12px 0 0; }
header button, header select, header input { font-size: 13px; }
#time { font-variant-numeric: tabular-nums; min-width: 150px; }
main { display: grid; grid-template-columns: minmax(0, 2fr) minmax(280px, 1fr); gap: 12px; padding: 12px; }
#runs { display: flex; gap: 12px; flex-wrap: wrap; }
.run { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px; }
.run h3 { margin: 0 0 4px; font-size: 14px; }
.run canvas { border: 1px solid #eee; cursor: grab; display: block; }
.counts span { margin-right: 8px; font-size: 12px; }
.up { color: #2e9e44; } .degraded { color: #b07400; } .down { color: #d7301f; font-weight: 600; }
aside section, .panels-box { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px; margin-bottom: 12px; }
aside h2, .panels-box h2 { font-size: 14px; margin: 0 0 6px; }
#timeline { list-style: none; padding: 0; margin: 0; max-height: 300px; overflow: auto; font: 12px ui-monospace, monospace; }
#timeline li { padding: 1px 0; border-bottom: 1px solid #f2f2f2; }
#timeline li.critical, #timeline li.incident { color: #b2182b; }
#cards { max-height: 320px; overflow: auto; }
.card { border-left: 4px solid #1f4e9c; padding: 4px 8px; margin: 6px 0; background: #f5f8ff; }
.card.pending { border-color: #aaa; }
.card pre { white-space: pre-wrap; font-size: 12px; margin: 4px 0 0; }
#panels { display: flex; flex-wrap: wrap; gap: 10px; }
.panel { border: 1px solid #eee; padding: 6px; }
.panel svg { display: block; background: #fcfcfc; }
.legend { font-size: 11px; color: #555; }
#error { color: #ffb4a8; }
`;

/** The dashboard page. */
export function dashboardPage(): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>infratwin dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head>
<body>
<header>
  <h1 id="title">infratwin</h1>
  <button id="play">Play</button><button id="step">Step</button>
  <label>speed × <select id="speed"></select></label>
  <span id="time"></span>
  <input id="search" placeholder="search nodes" list="nodes" size="18"><datalist id="nodes"></datalist>
  <span>fork now: <select id="fork-kind"></select> <input id="fork-node" placeholder="node" list="nodes" size="20"> <input id="fork-to" placeholder="to (reroute)" size="10"> <button id="fork">Fork</button></span>
  <span id="error" role="alert"></span>
</header>
<main>
  <div>
    <div id="runs"></div>
    <div class="panels-box"><h2>Metric panels <small>(saved in the study's dashboard.json)</small></h2>
      <select id="panel-metric"></select> over <select id="panel-by"></select> <select id="panel-value"></select> <button id="add-panel">Add panel</button>
      <div id="panels"></div>
    </div>
  </div>
  <aside>
    <section><h2>Alerts, incidents, faults</h2><ul id="timeline"></ul></section>
    <section><h2>Supervisor</h2><div id="cards"></div></section>
  </aside>
</main>
<script>${PAGE_SCRIPT}</script>
</body></html>`;
}
