// Random faults drawn per eligible node from MTBF (exponential) and MTTR (log-normal), seeded.
import { invalidArgument } from "../errors";
import type { RandomStreams } from "../random";
import { parseDuration } from "../time";
import { FAULT_DEFAULTS, FAULT_TARGET_KINDS, type Fault, type FaultKind, type RandomFaultRates } from "./faults";
import { K, type TwinTopology } from "./topology";

/** Draws random faults per eligible node from exponential times between failures (MTBF) and log-normal repair times (mean MTTR). */
export function drawRandomFaults(topo: TwinTopology, rates: RandomFaultRates, horizon: number, streams: RandomStreams): Fault[] {
  const api = "createTwin";
  const rng = streams.stream("faults");
  const out: Fault[] = [];
  const allowed = rates.targets ? new Set(rates.targets) : null;
  if (rates.targets) for (const id of rates.targets) if (!topo.indexOf.has(id)) throw invalidArgument(api, "randomFaults.targets", "node ids of the topology", id);
  const kindNames = Object.keys(K);
  for (const [kind, rate] of Object.entries(rates.kinds)) {
    if (!rate) continue;
    const eligible = FAULT_TARGET_KINDS[kind as FaultKind];
    if (!eligible) throw invalidArgument(api, `randomFaults.kinds.${kind}`, "a fault kind", kind);
    const mtbf = parseDuration(rate.mtbf, api, `randomFaults.kinds.${kind}.mtbf`);
    const mttr = parseDuration(rate.mttr, api, `randomFaults.kinds.${kind}.mttr`);
    if (mtbf <= 0 || mttr <= 0) throw invalidArgument(api, `randomFaults.kinds.${kind}`, "mtbf and mttr > 0", rate);
    const sigma = 0.6;
    for (let v = 0; v < topo.n; v++) {
      if (!eligible.includes(kindNames[topo.kind[v]]) || topo.kind[v] === K.business_service) continue;
      if (allowed && !allowed.has(topo.ids[v])) continue;
      let t = rng.exponential(1 / mtbf);
      let count = 0;
      while (t < horizon) {
        const duration = Math.max(60, Math.round(rng.lognormal(Math.log(mttr) - (sigma * sigma) / 2, sigma)));
        const at = Math.round(t);
        count++;
        out.push({
          id: `r-${kind}-${topo.ids[v]}-${count}`,
          kind: kind as FaultKind,
          target: topo.ids[v],
          at,
          duration,
          params: { ...defaultsFor(kind as FaultKind), ...(rate.params ?? {}) },
          origin: "random",
        });
        t = at + duration + rng.exponential(1 / mtbf);
      }
    }
  }
  return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
}

function defaultsFor(kind: FaultKind): Record<string, number | string> {
  return { ...FAULT_DEFAULTS[kind] };
}
