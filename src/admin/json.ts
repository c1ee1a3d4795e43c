/** Stored JSON text as a value; text that is not JSON (an older row, a raw answer) stays text. */
export function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
