// Fault processes on the kernel: start, end and operator interrupts; out-of-memory crashes and restarts; automatic failover.
import { Interrupt, type Event } from "../sim";
import { applyFault } from "./fault-effects";
import type { Fault } from "./faults";
import type { TwinRuntime } from "./runtime";

/** A fault's life: wait for its start, apply its effect, wait for its end (or an operator's interrupt), undo it. */
export function* faultProcess(rt: TwinRuntime, fault: Fault): Generator<Event<any>, void, unknown> {
  const env = rt.env;
  try {
    if (fault.at > 0) yield env.timeout(fault.at);
  } catch (e) {
    if (e instanceof Interrupt) return; // cancelled before it started
    throw e;
  }
  const undo = applyFault(rt, fault);
  rt.activeFaults.add(fault);
  rt.emit({ time: env.now, fault: fault.id, kind: "start", node: fault.target, detail: fault.label });
  const end = Math.min(fault.at + fault.duration, rt.horizon);
  let endedBy: string | undefined;
  try {
    if (end > env.now) yield env.timeout(end - env.now);
  } catch (e) {
    if (!(e instanceof Interrupt)) throw e;
    endedBy = String(e.cause);
  }
  if (endedBy !== undefined || fault.at + fault.duration <= rt.horizon) {
    undo();
    rt.activeFaults.delete(fault);
    rt.emit({ time: env.now, fault: fault.id, kind: "end", node: fault.target, detail: endedBy });
  }
}

/** A leaking node reached 100 % RAM: it crashes and restarts after the leak's `restartS`. */
export function oom(rt: TwinRuntime, v: number, t: number): void {
  const s = rt.state;
  const topo = rt.topology;
  const cause = [...rt.activeFaults].find((f) => f.kind === "memory_leak" && f.target === topo.ids[v]);
  const restartS = Number(cause?.params.restartS ?? 180);
  s.crashed[v]++;
  rt.availabilityDirty = true;
  rt.emit({ time: t, fault: cause?.id ?? "", kind: "oom", node: topo.ids[v], detail: `out of memory; restarting in ${restartS} s` });
    rt.env.process(
    (function* () {
      yield rt.env.timeout(restartS);
      s.crashed[v]--;
      s.leak[v] = 0;
      rt.availabilityDirty = true;
      rt.emit({ time: rt.env.now, fault: cause?.id ?? "", kind: "restart", node: topo.ids[v], detail: "restarted after out-of-memory crash" });
    })(),
  );
}

/** Promotes a healthy standby once a group's active member has been down for the detection delay. */
export function failoverMonitor(rt: TwinRuntime, t: number): void {
  const topo = rt.topology;
  const s = rt.state;
  for (const gi of rt.failoverGroups) {
    const g = topo.groups[gi];
    const a = s.active[gi];
    // Down for its callers: crashed, cut off, or failing (its storage or host failed under it).
    if (!s.down[a] && s.status[a] !== 2) {
      rt.downSince[gi] = -1;
      continue;
    }
    if (rt.downSince[gi] < 0) rt.downSince[gi] = t;
    if (t - rt.downSince[gi] < rt.groupDetection[gi]) continue;
    const standby = g.members.find((m) => m !== a && !s.down[m] && s.status[m] !== 2);
    if (standby === undefined) continue;
    s.active[gi] = standby;
    const lag = s.replicationLag[standby];
    s.replicationLag[standby] = 0;
    s.replicationLag[a] = 0;
    rt.downSince[gi] = -1;
    const cause = [...rt.activeFaults].find((f) => f.target === topo.ids[a]);
    rt.emit({ time: t, fault: cause?.id ?? "", kind: "failover", node: topo.ids[standby], detail: `promoted to primary in place of ${topo.ids[a]} (replication lag ${lag.toFixed(1)} s at promotion)` });
  }
}
