// tableFacts: an in-memory FactSource from rows.
import { describe, expect, it } from "vitest";
import { tableFacts } from "../../lib/rules";

describe("tableFacts()", () => {
  const facts = tableFacts([
    { id: "db-1", kind: "database", tier: 1, tags: ["prod"], cpu: 0.5, "cpu[300s:avg]": 0.7 },
    { id: "app-1", kind: "application", status: "up" },
  ]);

  it("serves static attributes and fact columns; catalogue facts without data read undefined", () => {
    expect([facts.nodeCount, facts.nodeId(1), facts.kind(0), facts.tier(0), facts.tier(1), facts.tags(0), facts.tags(1)]).toEqual([2, "app-1", "database", 1, undefined, ["prod"], []]);
    expect(facts.accessor("cpu")!(0)).toBe(0.5);
    expect(facts.accessor("cpu")!(1)).toBeUndefined();
    expect(facts.accessor("status")!(1)).toBe("up");
    expect(facts.accessor("name")!(0)).toBe("db-1");
    expect(facts.accessor("kind")!(1)).toBe("application");
    expect(facts.accessor("cpu", { window: 300, stat: "avg" })!(0)).toBe(0.7);
    expect(facts.accessor("disk")!(0)).toBeUndefined();
    expect(facts.accessor("not_a_fact")).toBeUndefined();
  });

  it("sees values set after an accessor was taken", () => {
    const ram = facts.accessor("ram")!;
    const cpu = facts.accessor("cpu")!;
    facts.set("app-1", "ram", 0.8);
    facts.update({ "db-1": { cpu: 0.99 } });
    expect([ram(1), cpu(0)]).toEqual([0.8, 0.99]);
  });

  it("names bad rows, unknown nodes and malformed windowed keys", () => {
    expect(() => tableFacts([{ id: "" }])).toThrow('tableFacts: expected rows[0].id to be a non-empty string but found "".');
    expect(() => tableFacts([{ id: "a" }, { id: "a" }])).toThrow('tableFacts: expected rows[1].id to be unique but found "a".');
    expect(() => facts.set("nope", "cpu", 1)).toThrow('tableFacts.set: node "nope" not found.');
    expect(() => facts.set("db-1", "cpu[5 mins:avg]", 1)).toThrow(/tableFacts\.set: expected fact to be a fact name or a windowed key/);
  });
});
