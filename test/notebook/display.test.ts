import { afterEach, describe, expect, it } from "vitest";
import { displayBundle, newDisplay } from "../../lib/notebook";
import { captureDisplays } from "./helpers";

let capture = captureDisplays();
afterEach(() => {
  capture.restore();
  capture = captureDisplays();
});

describe("newDisplay()", () => {
  it("adds one output, then replaces it in place under the same display id", () => {
    const d = newDisplay();
    expect(d.shown).toBe(false);
    d.show({ data: { "text/plain": "1" } });
    d.update({ data: { "text/plain": "2" } });
    d.show({ data: { "text/plain": "3" } });
    expect(capture.messages.map((c) => [c.message.transient.display_id, c.update, c.message.data["text/plain"]])).toEqual([
      [d.id, false, "1"],
      [d.id, true, "2"],
      [d.id, true, "3"],
    ]);
    expect(d.shown).toBe(true);
  });

  it("gives every display its own id", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newDisplay().id));
    expect(ids.size).toBe(50);
  });

  it("shows a never-shown display on update", () => {
    const d = newDisplay();
    d.update({ data: { "text/plain": "x" } });
    expect(capture.messages[0].update).toBe(false);
  });
});

describe("displayBundle()", () => {
  it("sends the bundle with empty metadata and no display id by default", () => {
    displayBundle({ data: { "text/plain": "x" } });
    expect(capture.messages[0]).toEqual({ message: { data: { "text/plain": "x" }, metadata: {}, transient: {} }, update: false });
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => displayBundle({} as never)).toThrow("displayBundle: expected bundle to be a MIME bundle {data: {mime: content}} but found {}.");
    expect(() => displayBundle({ data: {} }, { update: true })).toThrow(/options\.displayId/);
  });
});
