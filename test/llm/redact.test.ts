// Secrets never leave through text: keys, bearer tokens and sk- keys are redacted.
import { describe, expect, it } from "vitest";
import { redactedMessage, redactSecrets } from "../../lib/llm";

describe("redactSecrets()", () => {
  it("`redactSecrets()` removes the given secrets and key-shaped strings", () => {
    expect(redactSecrets("key my-secret-key in text", ["my-secret-key"])).toBe("key [redacted] in text");
    expect(redactSecrets("Authorization: Bearer abcdefghijkl")).toBe("Authorization: Bearer [redacted]");
    expect(redactSecrets("use sk-proj-ABCDEFGH12345678 please")).toBe("use [redacted] please");
  });

  it("`redactedMessage()` redacts thrown errors", () => {
    expect(redactedMessage(new TypeError("bad key xyz-1234"), ["xyz-1234"])).toBe("TypeError: bad key [redacted]");
  });
});
