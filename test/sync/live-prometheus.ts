// Test helpers for a real Prometheus scraping local exporters: its config, instant queries over the HTTP API, polling until a condition holds.

/** A prometheus.yml scraping each target (host:port) every `intervalSeconds`, as job "<name>". */
export function scrapeConfig(targets: Record<string, string>, intervalSeconds = 1): string {
  const jobs = Object.entries(targets).map(([job, target]) => `  - job_name: ${JSON.stringify(job)}\n    static_configs:\n      - targets: [${JSON.stringify(target)}]`);
  const interval = `${Math.round(intervalSeconds * 1000)}ms`;
  return `global:\n  scrape_interval: ${interval}\n  scrape_timeout: ${interval}\n  evaluation_interval: ${interval}\nscrape_configs:\n${jobs.join("\n")}\n`;
}

/** One series of an instant query: its labels and value. */
export interface InstantSample {
  labels: Record<string, string>;
  value: number;
}

/** `GET /api/v1/query?query=…` on the server at `base`; throws on an HTTP or PromQL error. */
export async function instantQuery(base: string, query: string): Promise<InstantSample[]> {
  const url = new URL("api/v1/query", base);
  url.searchParams.set("query", query);
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== "success") throw new Error(`instantQuery ${query}: ${body.error ?? response.status}`);
  return body.data!.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

/** Calls `probe` every 250 ms until it returns a value other than undefined; fails after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: ${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
