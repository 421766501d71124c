// Removal of API keys and bearer tokens from any text the supervisor logs, stores or throws.

const REDACTED = "[redacted]";

/** Replaces each secret (and anything shaped like an OpenAI key or a bearer token) in `text` with "[redacted]". */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  const sorted = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(REDACTED);
  return out
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g, `Bearer ${REDACTED}`)
    .replace(/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED);
}

/** The message of any thrown value, redacted. */
export function redactedMessage(error: unknown, secrets: readonly (string | undefined)[] = []): string {
  const text = error instanceof Error ? `${error.name === "Error" ? "" : error.name + ": "}${error.message}` : String(error);
  return redactSecrets(text, secrets);
}
