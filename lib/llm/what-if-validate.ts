// Validation of what-if scenarios against a topology: shape, fault kinds, targets that exist, times inside the horizon.
import type { Problem } from "../errors";
import { describeValue } from "../errors";
import type { JsonSchema, SchemaResult } from "./schema";
import { checkSchema } from "./schema";
import type { RejectedWhatIf, WhatIf, WhatIfContext } from "./types";
import { WHAT_IF_FAULT_KINDS } from "./types";

/** The schema of one `WhatIf` (plain data, as scenarios receive it). */
export const WHAT_IF_SCHEMA: JsonSchema = {
  type: "object",
  required: ["name", "description", "faults"],
  additionalProperties: false,
  properties: {
    name: { type: "string", minLength: 1 },
    description: { type: "string" },
    faults: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["kind", "target", "at", "duration"],
        additionalProperties: false,
        properties: {
          kind: { enum: [...WHAT_IF_FAULT_KINDS] },
          target: { type: "string", minLength: 1 },
          at: { type: "number", minimum: 0 },
          duration: { type: "number", minimum: 0 },
          params: { type: "object", additionalProperties: { type: ["number", "string"] } },
        },
      },
    },
  },
};

/** Checks one proposed what-if: its shape, its fault kinds, that every target is a node of the context, and its times. */
export function validateWhatIf(value: unknown, context: WhatIfContext): SchemaResult<WhatIf> {
  const shape = checkSchema<WhatIf>(WHAT_IF_SCHEMA, value);
  if (!shape.ok) return shape;
  const known = new Set(context.topologyNodes.map((n) => n.id));
  const errors: Problem[] = [];
  shape.data.faults.forEach((fault, i) => {
    const path = `$.faults[${i}]`;
    if (!known.has(fault.target)) errors.push({ path: `${path}.target`, message: `node ${describeValue(fault.target)} is not in the topology`, value: fault.target });
    if (fault.duration <= 0) errors.push({ path: `${path}.duration`, message: `expected a duration > 0 but found ${fault.duration}`, value: fault.duration });
    if (fault.at >= context.horizonSeconds) {
      errors.push({ path: `${path}.at`, message: `expected a start before the horizon (${context.horizonSeconds} s) but found ${fault.at}`, value: fault.at });
    }
  });
  return errors.length === 0 ? shape : { ok: false, errors };
}

/** Splits proposals into valid scenarios and rejected ones (with their problems); a repeated name is a problem too. */
export function validateWhatIfs(values: readonly unknown[], context: WhatIfContext): { scenarios: WhatIf[]; rejected: RejectedWhatIf[] } {
  const scenarios: WhatIf[] = [];
  const rejected: RejectedWhatIf[] = [];
  const names = new Set<string>();
  values.forEach((value, index) => {
    const result = validateWhatIf(value, context);
    if (!result.ok) {
      rejected.push({ index, scenario: value, errors: result.errors.map(({ path, message }) => ({ path, message })) });
    } else if (names.has(result.data.name)) {
      rejected.push({ index, scenario: value, errors: [{ path: "$.name", message: `name ${describeValue(result.data.name)} is used by an earlier scenario` }] });
    } else {
      names.add(result.data.name);
      scenarios.push(result.data);
    }
  });
  return { scenarios, rejected };
}
