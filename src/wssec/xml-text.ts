import { Errors, PasarelaError } from '../core/errors';

/**
 * Character-level XML rules: decoding references when parsing, and the escaping canonical XML
 * prescribes when writing (C14N 1.0 §2.3, shared by exclusive C14N).
 */

/** The error for input that is not well-formed XML. */
export function malformed(reason: string): PasarelaError {
  return new PasarelaError(Errors.WSSEC_MALFORMED, `The XML is not well-formed: ${reason}`);
}

/** Replaces entity and character references; refuses undefined entities and bad references. */
export function decodeText(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let last = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp);
    if (semi < 0) throw malformed('an unterminated "&" reference');
    out += raw.slice(last, amp) + resolveReference(raw.slice(amp + 1, semi));
    last = semi + 1;
    amp = raw.indexOf('&', last);
  }
  return out + raw.slice(last);
}

function resolveReference(body: string): string {
  switch (body) {
    case 'lt': return '<';
    case 'gt': return '>';
    case 'amp': return '&';
    case 'quot': return '"';
    case 'apos': return "'";
  }
  if (body.charAt(0) !== '#') throw malformed(`undefined entity "&${body.slice(0, 40)};"`);
  const hex = body.charAt(1) === 'x';
  const digits = body.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9A-Fa-f]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) throw malformed(`bad character reference "&${body.slice(0, 40)};"`);
  const code = parseInt(digits, hex ? 16 : 10);
  if (!isXmlChar(code)) throw malformed(`character reference &${body}; to a character XML does not allow`);
  return String.fromCodePoint(code);
}

/** Attribute-value normalisation for CDATA attributes: literal white space becomes a space, then references. */
export function normaliseAttribute(raw: string): string {
  return decodeText(/[\t\n\r]/.test(raw) ? raw.replace(/[\t\n\r]/g, ' ') : raw);
}

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<"\t\n\r]/;
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

/** Text node escaping of canonical XML. */
export function escapeC14nText(value: string): string {
  return TEXT_SPECIAL.test(value) ? value.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!) : value;
}

/** Attribute value escaping of canonical XML (also valid in any double-quoted attribute). */
export function escapeC14nAttr(value: string): string {
  return ATTR_SPECIAL.test(value) ? value.replace(/[&<"\t\n\r]/g, (c) => ATTR_ESCAPES[c]!) : value;
}
