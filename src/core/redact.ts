// Identity numbers (DNI/NIE/CIF shapes) and e-mail addresses, should a destination echo one back.
const IDENTITY = /\b(?:[0-9]{8}[A-Z]|[XYZ][0-9]{7}[A-Z]|[ABCDEFGHJNPQRSUVW][0-9]{7}[0-9A-J])\b/gi;
const EMAIL = /[^\s@<>"']+@[^\s@<>"']+\.[a-z]{2,}/gi;

/**
 * Free text from outside (a destination's error description) with anything that looks like a
 * citizen's identity masked, before it reaches logs, errors or the journal.
 */
export function redactText(text: string): string {
  return text.replace(IDENTITY, '[REDACTED]').replace(EMAIL, '[REDACTED]');
}
