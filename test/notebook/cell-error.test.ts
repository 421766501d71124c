// Error outputs of failing cells: compile diagnostics with a caret, runtime errors mapped back to the cell line.
import { describe, expect, it } from "vitest";
import { cellLineOf, compileError, runtimeError } from "../../lib/notebook/cell-error";

describe("compileError()", () => {
  it("names the line and column and points at the column", () => {
    const e = compileError([{ start: { line: 1, character: 6 }, messageText: "Cannot find name 'foo'." }], { source: "const a = 1;\nconst b = foo;" });
    expect(e.ename).toBe("TypeScriptError");
    expect(e.evalue).toBe("line 2, column 7: Cannot find name 'foo'.");
    expect(e.traceback.join("\n")).toContain("2 | const b = foo;");
  });
});

describe("runtimeError()", () => {
  it("keeps the error's own name and message and finds the cell line from the compiled output", () => {
    const source = 'import { x } from "y";\nconst env: Env = make();\n\nenv.timeout(-5);';
    const output = '"use strict";\nconst env = make();\nenv.timeout(-5);';
    const error = new RangeError("delay must be >= 0");
    error.stack = "RangeError: delay must be >= 0\n    at Environment.timeout (/lib/env.js:3:9)\n    at evalmachine.<anonymous>:3:5";
    const e = runtimeError(error, { source, output });
    expect(e.ename).toBe("RangeError");
    expect(e.evalue).toBe("delay must be >= 0");
    expect(e.traceback.join("\n")).toContain("4 | env.timeout(-5);");
    expect(e.traceback.join("\n")).toContain("at Environment.timeout (/lib/env.js:3:9)");
  });

  it("describes thrown values that are not errors", () => {
    expect(runtimeError({ code: 7 }, { source: "" })).toMatchObject({ ename: "Thrown value", evalue: '{"code":7}' });
  });

  it("gives no line when the stack never passes through the cell", () => {
    expect(cellLineOf(["at f (/lib/a.js:1:1)"], { source: "f()", output: "f()" })).toBeUndefined();
  });
});
