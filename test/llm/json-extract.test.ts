// Tolerant parsing of model replies that wrap their JSON in fences, reasoning or prose.
import { describe, expect, it } from "vitest";
import { extractJsonObject } from "../../lib/llm";

describe("extractJsonObject()", () => {
  it("`extractJsonObject()` parses a bare object", () => {
    expect(extractJsonObject(' {"a": 1} ')).toEqual({ ok: true, value: { a: 1 } });
  });

  it("`extractJsonObject()` strips code fences and the chatter around them", () => {
    expect(extractJsonObject('Here you go:\n```json\n{"a": [1, 2]}\n```\nHope it helps')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it("`extractJsonObject()` skips a reasoning block and braces inside strings", () => {
    const text = '<think>maybe {"wrong": true}</think>The answer is {"text": "a } in a string", "n": {"m": 2}} and more';
    expect(extractJsonObject(text)).toEqual({ ok: true, value: { text: "a } in a string", n: { m: 2 } } });
  });

  it("`extractJsonObject()` takes the first object that parses", () => {
    expect(extractJsonObject('{broken} then {"ok": true}')).toEqual({ ok: true, value: { ok: true } });
  });

  it("`extractJsonObject()` says why when there is no object", () => {
    expect(extractJsonObject("")).toEqual({ ok: false, reason: "the reply is empty" });
    expect(extractJsonObject('{"a": ')).toEqual({ ok: false, reason: 'no JSON object found in the reply "{\\"a\\":"' });
    expect(extractJsonObject("[1, 2]").ok).toBe(false);
  });
});
