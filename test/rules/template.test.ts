// Annotation templates.
import { describe, expect, it } from "vitest";
import { formatFactValue, parseTemplate, renderTemplate } from "../../lib/rules";

const isFact = (name: string) => ["cpu", "latency_ms", "tags"].includes(name);
const render = (text: string) => {
  const parsed = parseTemplate(text, isFact);
  if (parsed.kind === "error") throw new Error(parsed.message);
  return renderTemplate(parsed.parts, {
    variables: { node: "db-1", rule: "HighCpu", value: 0.912345, severity: "warning", kind: "database", tier: 1 },
    labels: { team: "dba" },
    facts: { cpu: 0.912345, latency_ms: 212.6, tags: ["prod", "eu"] },
  });
};

describe("parseTemplate() and renderTemplate()", () => {
  it("fill variables, labels and facts, with filters", () => {
    expect(render("{{ rule }} on {{node}}: {{ cpu | pct }} ({{ value | fixed:2 }}), {{ latency_ms | round }} ms, team {{ labels.team | upper }}")).toBe(
      "HighCpu on db-1: 91.2% (0.91), 213 ms, team DBA",
    );
    expect(render("{{ $labels.team }} {{ $value }} {{ tags }}")).toBe("dba 0.912 prod, eu");
    expect(render("no placeholders")).toBe("no placeholders");
  });

  it("reports unknown names, unknown filters and unbalanced braces", () => {
    expect(parseTemplate("{{ cpuu }}", isFact)).toEqual({ kind: "error", message: 'unknown name "cpuu" in placeholder "{{ cpuu }}"; expected one of node, rule, value, severity, kind, tier, labels.<name> or a fact name' });
    expect(parseTemplate("{{ cpu | loud }}", isFact).kind).toBe("error");
    expect(parseTemplate("{{ cpu | fixed:x }}", isFact).kind).toBe("error");
    expect(parseTemplate("{{ cpu ", isFact).kind).toBe("error");
  });
});

describe("formatFactValue()", () => {
  it("prints numbers to three decimals, lists joined and missing values as n/a", () => {
    expect([formatFactValue(1 / 3), formatFactValue(["a", "b"]), formatFactValue(undefined), formatFactValue(null), formatFactValue("down")]).toEqual(["0.333", "a, b", "n/a", "n/a", "down"]);
  });
});
