// Interventions at run time: what failover, scale-out, rollback, rate limits, reroutes and restarts do to a running twin.
import type { Event } from "../sim";
import type { FaultKind } from "./faults";
import type { ScheduledIntervention } from "./interventions";
import type { TwinRuntime } from "./runtime";

/** The fault kinds a restart of their node ends. */
export const RESTART_ENDS: readonly FaultKind[] = ["memory_leak", "cpu_hog", "node_crash", "database_crash"];

/** Ends the active (or future) faults of these kinds on a node, as an operator's fix would. */
export function endFaults(rt: TwinRuntime, node: string, kinds: readonly FaultKind[], cause: string): void {
  for (const [fault, process] of rt.faultProcesses)
    if (fault.target === node && kinds.includes(fault.kind) && process.isAlive && fault.at <= rt.env.now) process.interrupt(cause);
}

export function* interventionProcess(rt: TwinRuntime, action: ScheduledIntervention): Generator<Event<any>, void, unknown> {
  const env = rt.env;
  if (action.time > 0) yield env.timeout(action.time);
  const topo = rt.topology;
  const s = rt.state;
  const node = "node" in action ? action.node : action.from;
  const v = topo.indexOf.get(node)!;
  let detail = "";
  switch (action.kind) {
    case "failover": {
      const g = topo.group[v];
      if (g < 0 || topo.groups[g].mode !== "active-passive") {
        detail = `no primary/standby pair around ${node}: nothing to fail over`;
        break;
      }
      const current = s.active[g];
      const target = action.to ? topo.indexOf.get(action.to)! : topo.groups[g].members.find((m) => m !== current && !s.down[m]);
      if (target === undefined || s.down[target] || !topo.groups[g].members.includes(target)) {
        detail = `no healthy standby to promote in ${topo.groups[g].name}`;
        break;
      }
      s.active[g] = target;
      s.replicationLag[target] = 0;
      rt.groupDetection[g] = 0;
      detail = `promoted ${topo.ids[target]} in place of ${topo.ids[current]}`;
      break;
    }
    case "scale_out": {
      if (!(s.capacity[v] > 0)) {
        detail = `${node} serves no requests itself: nothing to scale`;
        break;
      }
      const factor = (s.servers[v] + action.instances) / s.servers[v];
      s.servers[v] += action.instances;
      s.capacity[v] *= factor;
      detail = `capacity × ${factor.toFixed(2)}`;
      break;
    }
    case "rollback":
      endFaults(rt, node, ["bad_deployment"], `rollback at ${env.now}`);
      detail = "bad deployments rolled back";
      break;
    case "rate_limit":
      s.rateLimit[v] = action.rps;
      detail = `at most ${action.rps} requests/s accepted`;
      break;
    case "reroute": {
      const to = topo.indexOf.get(action.to)!;
      s.drained[v] = 1;
      s.rerouteTo[v] = to;
      detail = `traffic of ${action.from} sent to ${action.to}`;
      break;
    }
    case "restart": {
      const restartS = action.restartS ?? 60;
      // A restart clears what lives in the process or the box: a leak's memory, a runaway process, a crash (the node
      // boots again). It cannot fix a bad release (it starts again), a full disk or a cut network link.
      endFaults(rt, node, RESTART_ENDS, `restart at ${env.now}`);
      s.crashed[v]++;
      s.leak[v] = 0;
      rt.availabilityDirty = true;
      rt.emit({ time: env.now, fault: "", kind: "intervention", node, detail: `${action.id}: restarting (${restartS} s)` });
      yield env.timeout(restartS);
      s.crashed[v]--;
      rt.availabilityDirty = true;
      rt.emit({ time: env.now, fault: "", kind: "restart", node, detail: `${action.id}: back after restart` });
      return;
    }
  }
  rt.emit({ time: env.now, fault: "", kind: "intervention", node, detail: `${action.id} ${action.kind}: ${detail}` });
}
