import { Errors, PasarelaError } from './errors';

/**
 * Bytes -> text for inbound bodies, never silently: U+FFFD replacement would turn a citizen's
 * name into something else without anyone noticing. Municipal software writes UTF-8 or, older
 * software, Windows-1252 (a superset of ISO-8859-1 in the printable range).
 */

export type BodyEncoding = 'utf-8' | 'windows-1252';

/** The UTF-8 byte order mark, EF BB BF (read it, never write to it). */
export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const LABELS: Record<string, BodyEncoding> = {
  'utf-8': 'utf-8', utf8: 'utf-8',
  'windows-1252': 'windows-1252', cp1252: 'windows-1252', 'iso-8859-1': 'windows-1252', 'iso8859-1': 'windows-1252',
  latin1: 'windows-1252', 'latin-1': 'windows-1252', 'us-ascii': 'windows-1252', ascii: 'windows-1252',
};

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
/**
 * Windows-1252 by hand: Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1, so 0x80
 * (€), 0x91-0x94 (curly quotes) and 0x96 (en dash), common in municipal exports, would become
 * C1 control characters. The table is WHATWG's; its five holes stay C1 as WHATWG maps them.
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const cp1252 = {
  decode(bytes: Buffer): string {
    return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
  },
};

/** The encoding a charset label names, or undefined for one we do not read. */
export function encodingOf(label: string | undefined): BodyEncoding | undefined {
  return label === undefined ? undefined : LABELS[label.trim().toLowerCase()];
}

function invalid(message: string): PasarelaError {
  return new PasarelaError(Errors.INTAKE_INVALID_ENCODING, message);
}

/** Strict UTF-8 (a leading BOM dropped); invalid sequences and lone surrogates are refused. */
export function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw invalid(`The body is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)})`);
  }
}

/** Decode in a declared encoding; an unknown label is refused, not guessed. */
export function decodeAs(bytes: Buffer, label: string): string {
  const encoding = encodingOf(label);
  if (!encoding) throw invalid(`The charset ${JSON.stringify(label.slice(0, 40))} is not supported; use UTF-8 or Windows-1252`);
  return encoding === 'utf-8' ? decodeUtf8(bytes) : cp1252.decode(bytes);
}

/**
 * Decode with no declared charset: UTF-8 when the bytes are valid UTF-8; Windows-1252 when they
 * hold no UTF-8 multi-byte sequence at all; and refused when they mix both (a file edited by
 * two programs: some characters would come out wrong whichever way it is read).
 */
export function decodeSniffed(bytes: Buffer): { text: string; encoding: BodyEncoding } {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    if (hasUtf8MultiByte(bytes)) {
      throw invalid(`The body mixes UTF-8 and another encoding (first bad byte at offset ${firstInvalidUtf8(bytes)}); save it in one encoding`);
    }
    return { text: cp1252.decode(bytes), encoding: 'windows-1252' };
  }
}

/** True when the bytes contain at least one well-formed UTF-8 sequence of two or more bytes. */
function hasUtf8MultiByte(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const n = b[i] >= 0xc2 && b[i] <= 0xdf ? 1 : b[i] >= 0xe0 && b[i] <= 0xef ? 2 : b[i] >= 0xf0 && b[i] <= 0xf4 ? 3 : 0;
    if (n === 0) continue;
    let ok = true;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) ok = false;
    if (ok) return true;
  }
  return false;
}

/** Offset of the first byte where strict UTF-8 decoding fails (for the error message). */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}
