// When the runner asks the supervisor about an incident: at once for critical ones, under a budget for warnings, and again when new alerts or causes join.
import type { Incident } from "../rules";

/** Defaults of `DiagnosisSchedule`. */
export const DIAGNOSIS_SCHEDULE_DEFAULTS = {
  /** An incident is diagnosed again at most this often (simulated seconds), however fast alerts join it. */
  minIntervalSeconds: 120,
  /** Warning-only incidents diagnosed per simulated hour at most (a token bucket: a storm of warnings cannot flood the model). */
  warningsPerHour: 6,
};

/** Options of `DiagnosisSchedule`. */
export interface DiagnosisScheduleOptions {
  /** "critical": only critical incidents; "warning" (default): warnings too, under `warningsPerHour`. */
  minSeverity?: "warning" | "critical";
  minIntervalSeconds?: number;
  warningsPerHour?: number;
}

interface Seen {
  signature: string;
  at: number;
}

/**
 * Decides, step after step, which open incidents to send for (re-)diagnosis. An incident is due when it is new, or when
 * alerts or causes joined it since its last diagnosis and `minIntervalSeconds` passed; a change that arrives too soon
 * waits (the runner asks again while `waiting`). Critical incidents are never held by the warning budget.
 */
export class DiagnosisSchedule {
  private readonly seen = new Map<string, Seen>();
  private readonly minInterval: number;
  private readonly perHour: number;
  private readonly warnings: boolean;
  private tokens: number;
  private lastRefill: number | undefined;
  /** Incidents with a change not yet sent (too soon, or no warning budget). */
  private held = new Set<string>();

  constructor(options: DiagnosisScheduleOptions = {}) {
    this.minInterval = options.minIntervalSeconds ?? DIAGNOSIS_SCHEDULE_DEFAULTS.minIntervalSeconds;
    this.perHour = options.warningsPerHour ?? DIAGNOSIS_SCHEDULE_DEFAULTS.warningsPerHour;
    this.warnings = (options.minSeverity ?? "warning") === "warning";
    this.tokens = this.perHour;
  }

  /** True while some incident's change waits for its interval or for warning budget: ask `due` again next step. */
  get waiting(): boolean {
    return this.held.size > 0;
  }

  /** The open incidents to diagnose at `time`, in opening order; marks them as sent. */
  due(time: number, incidents: readonly Incident[]): Incident[] {
    this.refill(time);
    const out: Incident[] = [];
    const held = new Set<string>();
    for (const incident of incidents) {
      if (incident.kind !== "open") continue;
      const critical = incident.severity === "critical";
      if (!critical && !(this.warnings && incident.severity === "warning")) continue;
      const signature = `${incident.severity}|${incident.alertIds.length}|${incident.causes.length}|${incident.nodes.length}`;
      const seen = this.seen.get(incident.id);
      if (seen !== undefined && seen.signature === signature) continue;
      // A change in severity (a warning incident turning critical) is news at once; other changes wait for the interval.
      const escalated = seen !== undefined && !seen.signature.startsWith(`${incident.severity}|`);
      if (seen !== undefined && !escalated && time - seen.at < this.minInterval) {
        held.add(incident.id);
        continue;
      }
      if (!critical) {
        if (this.tokens < 1) {
          held.add(incident.id);
          continue;
        }
        this.tokens -= 1;
      }
      this.seen.set(incident.id, { signature, at: time });
      out.push(incident);
    }
    this.held = held;
    return out;
  }

  private refill(time: number): void {
    if (this.lastRefill !== undefined) this.tokens = Math.min(this.perHour, this.tokens + ((time - this.lastRefill) / 3600) * this.perHour);
    this.lastRefill = time;
  }
}
