// Annotation templates: "{{ node }} CPU at {{ cpu | pct }}", parsed when rules load and rendered when alerts change state.
import type { FactValue } from "./facts";

/** Names a template may use besides facts and labels. */
export const TEMPLATE_VARIABLES = ["node", "rule", "value", "severity", "kind", "tier"] as const;

/** Filters a template may apply: `pct` (0.91 → "91%"), `round`, `fixed:N`, `upper`, `lower`. */
export const TEMPLATE_FILTERS = ["pct", "round", "fixed", "upper", "lower"] as const;

/** What a placeholder refers to. */
export type TemplateRef = { kind: "variable"; name: string } | { kind: "label"; name: string } | { kind: "fact"; name: string };

/** One piece of a parsed template. */
export type TemplatePart = { kind: "text"; text: string } | { kind: "ref"; ref: TemplateRef; filters: { name: string; arg?: number }[]; source: string };

/** A parsed template or why it does not parse. */
export type ParsedTemplate = { kind: "template"; parts: TemplatePart[] } | { kind: "error"; message: string };

const PLACEHOLDER = /\{\{([^}]*)\}\}/g;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a template. Placeholders are `{{ name }}` or `{{ name | filter }}`, where name is a variable
 * (node, rule, value, severity, kind, tier), `labels.x`, a fact name, or Prometheus' `$value` / `$labels.x`.
 * `isFact` says which bare names are facts.
 */
export function parseTemplate(text: string, isFact: (name: string) => boolean): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index! > last) parts.push({ kind: "text", text: text.slice(last, match.index) });
    last = match.index! + match[0].length;
    const [head, ...filterTexts] = match[1].split("|").map((s) => s.trim());
    let ref: TemplateRef;
    const name = head.startsWith("$") ? head.slice(1) : head;
    if (name.startsWith("labels.") && IDENT.test(name.slice(7))) ref = { kind: "label", name: name.slice(7) };
    else if ((TEMPLATE_VARIABLES as readonly string[]).includes(name)) ref = { kind: "variable", name };
    else if (IDENT.test(name) && isFact(name)) ref = { kind: "fact", name };
    else
      return {
        kind: "error",
        message: `unknown name ${JSON.stringify(head)} in placeholder ${JSON.stringify(match[0])}; expected one of ${TEMPLATE_VARIABLES.join(", ")}, labels.<name> or a fact name`,
      };
    const filters: { name: string; arg?: number }[] = [];
    for (const filterText of filterTexts) {
      const [filterName, argText] = filterText.split(":").map((s) => s.trim());
      if (!(TEMPLATE_FILTERS as readonly string[]).includes(filterName)) {
        return { kind: "error", message: `unknown filter ${JSON.stringify(filterText)} in ${JSON.stringify(match[0])}; expected one of pct, round, fixed:N, upper, lower` };
      }
      if (filterName === "fixed") {
        const digits = Number(argText);
        if (argText === undefined || !Number.isInteger(digits) || digits < 0 || digits > 10) {
          return { kind: "error", message: `filter "fixed" in ${JSON.stringify(match[0])} needs a digit count 0..10, as in "fixed:2"` };
        }
        filters.push({ name: filterName, arg: digits });
      } else filters.push({ name: filterName });
    }
    parts.push({ kind: "ref", ref, filters, source: match[0] });
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  if (parts.some((p) => p.kind === "text" && (p.text.includes("{{") || p.text.includes("}}")))) {
    return { kind: "error", message: `unbalanced "{{" or "}}" in ${JSON.stringify(text)}` };
  }
  return { kind: "template", parts };
}

/** Formats a fact value for text: numbers to at most 3 decimals, lists comma-separated, no value as "n/a". */
export function formatFactValue(value: FactValue | unknown): string {
  if (value === undefined || value === null) return "n/a";
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toFixed(3))) : String(value);
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

function applyFilter(value: unknown, filter: { name: string; arg?: number }): unknown {
  switch (filter.name) {
    case "pct":
      return typeof value === "number" ? `${Number((value * 100).toFixed(1))}%` : value;
    case "round":
      return typeof value === "number" ? Math.round(value) : value;
    case "fixed":
      return typeof value === "number" ? value.toFixed(filter.arg) : value;
    case "upper":
      return formatFactValue(value).toUpperCase();
    case "lower":
      return formatFactValue(value).toLowerCase();
    default:
      return value;
  }
}

/** What a template is rendered with. */
export interface TemplateContext {
  variables: Readonly<Record<string, FactValue>>;
  labels: Readonly<Record<string, string>>;
  facts: Readonly<Record<string, FactValue>>;
}

/** Renders a parsed template. */
export function renderTemplate(parts: readonly TemplatePart[], context: TemplateContext): string {
  let out = "";
  for (const part of parts) {
    if (part.kind === "text") {
      out += part.text;
      continue;
    }
    let value: unknown =
      part.ref.kind === "variable" ? context.variables[part.ref.name] : part.ref.kind === "label" ? context.labels[part.ref.name] : context.facts[part.ref.name];
    for (const filter of part.filters) value = applyFilter(value, filter);
    out += typeof value === "string" ? value : formatFactValue(value);
  }
  return out;
}
