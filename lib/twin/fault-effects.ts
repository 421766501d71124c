// What each fault kind does to the twin's state when it starts, and the function that undoes it when it ends.
import type { Fault, FaultKind } from "./faults";
import type { TwinRuntime } from "./runtime";
import { pathShareByHost } from "./network-paths";
import { NETWORK_KINDS } from "./topology";

/** Applies a fault's effect now and returns the function that reverts it. */
export function applyFault(rt: TwinRuntime, fault: Fault): () => void {
  const topo = rt.topology;
  const s = rt.state;
  const p = fault.params;
  const v = fault.target === "*" ? -1 : topo.indexOf.get(fault.target)!;
  const dirty = () => {
    rt.availabilityDirty = true;
  };
  switch (fault.kind as FaultKind) {
    case "load_surge": {
      const m = Number(p.multiplier);
      const targets = v < 0 ? Array.from(rt.services) : [v];
      for (const t of targets) s.surge[t] *= m;
      return () => {
        for (const t of targets) s.surge[t] /= m;
      };
    }
    case "network_outage":
    case "node_crash":
      s.crashed[v]++;
      dirty();
      return () => {
        s.crashed[v]--;
        dirty();
      };
    case "database_crash": {
      s.crashed[v]++;
      dirty();
      const g = topo.group[v];
      const previousDetection = g >= 0 ? rt.groupDetection[g] : 0;
      if (g >= 0 && Number(p.detectionDelay) >= 0) rt.groupDetection[g] = Number(p.detectionDelay);
      const lagAtCrash = Number(p.replicationLagS);
      if (g >= 0) for (const m of topo.groups[g].members) if (m !== v) s.replicationLag[m] = Math.max(s.replicationLag[m], lagAtCrash);
      return () => {
        s.crashed[v]--;
        if (g >= 0) rt.groupDetection[g] = previousDetection;
        // Back as a standby that must catch up on what it missed.
        if (g >= 0 && s.active[g] !== v) s.replicationLag[v] = Math.min(fault.duration / 10, 600);
        dirty();
      };
    }
    case "network_latency": {
      const added = Number(p.addedMs);
      if (!NETWORK_KINDS.has(topo.kind[v])) {
        s.extraLatency[v] += added;
        s.effectsDirty = true;
        return () => {
          s.extraLatency[v] -= added;
          s.effectsDirty = true;
        };
      }
      // A slow device delays the calls that cross it (see NetworkDelay); its own latency metric shows the delay.
      const delay = { share: pathShareByHost(topo, s, v), addedMs: added };
      s.networkDelays.push(delay);
      s.extraLatency[v] += added;
      s.effectsDirty = true;
      return () => {
        s.networkDelays.splice(s.networkDelays.indexOf(delay), 1);
        s.extraLatency[v] -= added;
        s.effectsDirty = true;
      };
    }
    case "memory_leak": {
      const rate = Number(p.ratePerHour);
      rt.leakRate[v] += rate;
      rt.leaking.add(v);
      return () => {
        rt.leakRate[v] -= rate;
        if (rt.leakRate[v] <= 1e-12) rt.leaking.delete(v);
        s.leak[v] = 0;
      };
    }
    case "disk_full": {
      const rate = Number(p.ratePerHour);
      const err = Number(p.errorRate);
      const before = s.diskExtra[v];
      if (rate === 0) s.diskExtra[v] += 1;
      s.diskRate[v] += rate;
      s.diskFullError[v] = err;
      return () => {
        s.diskRate[v] -= rate;
        s.diskExtra[v] = Math.min(before, s.diskExtra[v]);
        s.diskFullError[v] = 0;
      };
    }
    case "bad_deployment": {
      const err = Number(p.errorRate);
      const slow = Number(p.slowdown) || 1;
      s.extraError[v] = 1 - (1 - s.extraError[v]) * (1 - err);
      s.slowdown[v] *= slow;
      return () => {
        s.extraError[v] = err >= 1 ? 0 : Math.max(0, 1 - (1 - s.extraError[v]) / (1 - err));
        s.slowdown[v] /= slow;
      };
    }
    case "cpu_hog": {
      const keep = 1 - Math.min(0.95, Number(p.share));
      s.capacityFactor[v] *= keep;
      s.effectsDirty = true;
      return () => {
        s.capacityFactor[v] /= keep;
        s.effectsDirty = true;
      };
    }
    case "dependency_timeout": {
      const dep = p.dependency ? topo.indexOf.get(String(p.dependency))! : -1;
      s.timeoutDep[v] = dep;
      s.timeoutMs[v] = Number(p.timeoutMs);
      s.timeoutError[v] = Number(p.errorRate);
      return () => {
        s.timeoutDep[v] = -2;
        s.timeoutMs[v] = 0;
        s.timeoutError[v] = 0;
      };
    }
  }
}
