import { Errors, PasarelaError } from '../core/errors';

/**
 * Distinguished names as a set of attribute=value pairs, for mapping client certificates to
 * tenants (./client-cert.ts). Order and RDN grouping are deliberately ignored: the configured
 * text (RFC 4514 string) and Node's peer certificate subject (an object whose repeated
 * attributes are arrays, with multi-valued RDNs flattened) only meet as a multiset of pairs.
 * Attribute types compare case-insensitively, under their usual aliases; values exactly.
 */

/** One attribute: its canonical type (upper case, OpenSSL's short name) and its value. */
export type Attribute = readonly [type: string, value: string];

/** Long names, odd spellings and OIDs of the usual attributes, to the upper-cased short name Node reports. */
const ALIASES: Record<string, string> = {
  COMMONNAME: 'CN', '2.5.4.3': 'CN',
  COUNTRYNAME: 'C', '2.5.4.6': 'C',
  LOCALITYNAME: 'L', '2.5.4.7': 'L',
  STATEORPROVINCENAME: 'ST', S: 'ST', '2.5.4.8': 'ST',
  STREETADDRESS: 'STREET', '2.5.4.9': 'STREET',
  ORGANIZATIONNAME: 'O', '2.5.4.10': 'O',
  ORGANIZATIONALUNITNAME: 'OU', '2.5.4.11': 'OU',
  SURNAME: 'SN', '2.5.4.4': 'SN',
  GIVENNAME: 'GN', '2.5.4.42': 'GN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.12': 'TITLE',
  '2.5.4.97': 'ORGANIZATIONIDENTIFIER',
  E: 'EMAILADDRESS', EMAIL: 'EMAILADDRESS', '1.2.840.113549.1.9.1': 'EMAILADDRESS',
  DOMAINCOMPONENT: 'DC', '0.9.2342.19200300.100.1.25': 'DC',
  USERID: 'UID', '0.9.2342.19200300.100.1.1': 'UID',
};

const TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/;
/** Characters RFC 4514 lets a backslash escape (besides two hex digits). */
const ESCAPABLE = ',+"\\<>;= #';

export function canonicalType(type: string): string {
  const upper = type.trim().toUpperCase();
  return ALIASES[upper] ?? upper;
}

/** Never quotes the name's values: a citizen certificate's subject holds a person's name. */
function fail(why: string): never {
  throw new PasarelaError(Errors.CONFIG_INVALID, `not a distinguished name: ${why}`);
}

/**
 * The pairs of an RFC 4514 distinguished name ("CN=a,O=b+OU=c"): backslash escapes (`\,`,
 * `\2C`, UTF-8 as hex bytes), double-quoted values, spaces around separators ignored.
 * BER-encoded `#…` values are not supported. Throws CONFIG_INVALID saying what is wrong.
 */
export function parseDistinguishedName(dn: string): Attribute[] {
  const out: Attribute[] = [];
  let i = 0;
  while (i < dn.length) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) fail(`attribute ${out.length + 1} has no "="`);
    const type = dn.slice(i, eq).trim();
    if (!TYPE.test(type)) fail(`attribute ${out.length + 1} has no valid type (a name such as CN, or an OID)`);
    const [value, next] = readValue(dn, eq + 1, type);
    out.push([canonicalType(type), value]);
    i = next;
    if (i < dn.length && ++i >= dn.length) fail('it ends with a separator');
  }
  if (out.length === 0) fail('it is empty');
  return out;
}

/** A value from `start` up to the next unescaped `,` or `+`; returns it and the separator's index. */
function readValue(dn: string, start: number, type: string): [string, number] {
  let i = start;
  while (dn[i] === ' ') i++;
  if (dn[i] === '#') fail(`the ${type} value is BER-encoded (#…), which is not supported`);
  const bytes: number[] = [];
  let keep = 0; // bytes up to the last character that is not an unescaped trailing space
  const quoted = dn[i] === '"';
  if (quoted) i++;
  for (; i < dn.length; i++) {
    const ch = dn[i];
    if (quoted ? ch === '"' : ch === ',' || ch === '+') break;
    if (ch === '\\') {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else if (i + 1 < dn.length && ESCAPABLE.includes(dn[i + 1])) {
        bytes.push(dn.charCodeAt(++i));
      } else fail(`the ${type} value has a backslash that escapes nothing`);
      keep = bytes.length;
      continue;
    }
    bytes.push(...Buffer.from(ch, 'utf8'));
    if (ch !== ' ' || quoted) keep = bytes.length;
  }
  if (quoted) {
    if (dn[i] !== '"') fail(`the ${type} value opens a quote it never closes`);
    for (i++; dn[i] === ' '; i++);
    if (i < dn.length && dn[i] !== ',' && dn[i] !== '+') fail(`the ${type} value has text after its closing quote`);
  }
  return [decodeUtf8(bytes.slice(0, keep), type), i];
}

function decodeUtf8(bytes: number[], type: string): string {
  if (bytes.length === 0) fail(`the ${type} value is empty`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return fail(`the ${type} value's escaped bytes are not UTF-8`);
  }
}

/** The pairs of a subject as Node reports it (`getPeerCertificate().subject`): repeated attributes are arrays. */
export function peerAttributes(subject: Record<string, string | string[] | undefined> | undefined): Attribute[] {
  const out: Attribute[] = [];
  for (const [type, value] of Object.entries(subject ?? {})) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) out.push([canonicalType(type), v]);
  }
  return out;
}

/** A text equal for two subjects exactly when they hold the same pairs, whatever their order. */
export function subjectKey(attributes: readonly Attribute[]): string {
  return JSON.stringify(attributes.map((a) => JSON.stringify(a)).sort());
}
