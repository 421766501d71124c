// Simulated seconds as text for tables and cards: a UTC date-time when the run has an epoch, else "d1 10:00:00".

/** "2026-11-25 10:02:00" with an epoch (ms since 1970), else "d1 10:02:00" (day counted from 1, as `parseSimTime` reads it). */
export function simTimeText(seconds: number | null | undefined, epochMs?: number): string {
  if (seconds === null || seconds === undefined) return "";
  if (!Number.isFinite(seconds)) return String(seconds);
  if (epochMs !== undefined) return new Date(epochMs + seconds * 1000).toISOString().slice(0, 19).replace("T", " ");
  const whole = Math.floor(seconds);
  const day = Math.floor(whole / 86400) + 1;
  const rest = whole % 86400;
  const hh = String(Math.floor(rest / 3600)).padStart(2, "0");
  const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, "0");
  const ss = String(rest % 60).padStart(2, "0");
  const frac = seconds - whole;
  return `d${day} ${hh}:${mm}:${ss}${frac > 0 ? String(Number(frac.toFixed(3))).slice(1) : ""}`;
}
