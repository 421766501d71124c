// Regenerates the example telemetry files of this folder (deterministic; no dependencies): `node datasets/telemetry/generate.cjs`.
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");

// A small seeded generator (mulberry32) so the files are identical on every run.
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20261125);
const pad = (n) => String(n).padStart(2, "0");
// Zone-less local times, as many monitoring exports write them (the notebook reads them as Europe/Paris).
const local = (minute) => `2026-11-25 ${pad(8 + Math.floor(minute / 60))}:${pad(minute % 60)}:00`;

const hosts = ["web-01", "web-02", "app-01", "db-01"];
const rows = ["timestamp,host,cpu,latency,queue_depth"];
for (let minute = 0; minute < 360; minute++) {
  for (const [i, host] of hosts.entries()) {
    // db-01 saturates from 10:30 to 11:00 (minutes 150-180); its callers slow down with it.
    const incident = minute >= 150 && minute < 180;
    const busy = incident && host === "db-01";
    const cpu = busy ? 93 + random() * 6 : 25 + 10 * i + 12 * Math.sin(minute / 40 + i) + random() * 6;
    const latency = (incident ? (host === "db-01" ? 260 : 140) : 30 + 8 * i) + random() * 15;
    const queue = busy ? 180 + Math.round(random() * 60) : Math.round(5 + random() * 10);
    // A monitoring export's flaws: a gap on web-02, one row sent twice, one row late.
    if (host === "web-02" && minute >= 200 && minute < 204) continue;
    const row = `${local(minute)},${host},${cpu.toFixed(1)},${latency.toFixed(1)},${queue}`;
    rows.push(row);
    if (host === "app-01" && minute === 42) rows.push(row);
  }
}
const late = rows.splice(500, 1)[0];
rows.splice(520, 0, late);
writeFileSync(join(__dirname, "wide-export.csv"), rows.join("\n") + "\n");

// One metric of one service, epoch seconds, a spike at 10:30-10:40 UTC (the shape of public anomaly benchmarks).
const single = ["timestamp,value"];
const start = Date.UTC(2026, 10, 25, 7, 0) / 1000;
for (let minute = 0; minute < 360; minute++) {
  const spike = minute >= 210 && minute < 220;
  single.push(`${start + minute * 60},${((spike ? 480 : 120) + 25 * Math.sin(minute / 30) + random() * 20).toFixed(1)}`);
}
writeFileSync(join(__dirname, "single-series.csv"), single.join("\n") + "\n");

writeFileSync(join(__dirname, "labels.csv"), "node,start,end,kind\ndb-01,2026-11-25 10:30,2026-11-25 11:00,database_saturation\n");
