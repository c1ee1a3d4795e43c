import { Errors, PasarelaError } from '../../src/core/errors';
import { decodeAs, encodingOf, UTF8_BOM, type BodyEncoding } from '../../src/core/text-encoding';

/**
 * Bytes -> text for an XML body (XML 1.0 §4.3.3 and Appendix F), never silently. The document
 * speaks first: a UTF-8 byte order mark, else the `encoding` of its XML declaration. The HTTP
 * `charset` is external information: when both name an encoding they must agree; when the
 * document names none, the charset decides; with neither, UTF-8. UTF-8 is strict (no U+FFFD);
 * Windows-1252 covers ISO-8859-1; US-ASCII must be 7-bit, and then agrees with either. Anything
 * else (UTF-16 included) is refused with `INTAKE_INVALID_ENCODING`.
 */

type XmlEncoding = BodyEncoding | 'us-ascii';

const UTF16_BOMS = [Buffer.from([0xfe, 0xff]), Buffer.from([0xff, 0xfe])];
/** The declaration sits at the very start; its pseudo-attributes are ASCII in every encoding we read. */
const DECLARED_ENCODING = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/;
const ASCII_LABELS = new Set(['us-ascii', 'ascii']);

function invalid(message: string): PasarelaError {
  return new PasarelaError(Errors.INTAKE_INVALID_ENCODING, message);
}

function encodingNamed(label: string, where: string): XmlEncoding {
  if (ASCII_LABELS.has(label.toLowerCase())) return 'us-ascii';
  const encoding = encodingOf(label);
  if (!encoding) throw invalid(`${where} names the encoding ${JSON.stringify(label.slice(0, 40))}; use UTF-8 or ISO-8859-1/Windows-1252`);
  return encoding;
}

/** The `encoding` label of the XML declaration, when the body starts with one that names it. */
export function declaredLabel(raw: Buffer): string | undefined {
  return DECLARED_ENCODING.exec(raw.subarray(0, 256).toString('latin1'))?.[2];
}

/** What the document says about itself: `label` is what to quote back in a message. */
function ownEncoding(raw: Buffer): { encoding: XmlEncoding; label: string } | undefined {
  if (UTF16_BOMS.some((bom) => raw.subarray(0, 2).equals(bom))) throw invalid('The body is UTF-16; send it as UTF-8 or ISO-8859-1/Windows-1252');
  const bom = raw.subarray(0, 3).equals(UTF8_BOM);
  const label = declaredLabel(bom ? raw.subarray(UTF8_BOM.length) : raw);
  const declared = label === undefined ? undefined : encodingNamed(label, 'The XML declaration');
  if (bom && declared !== undefined && declared !== 'utf-8') {
    throw invalid(`The body starts with a UTF-8 byte order mark but declares the encoding ${JSON.stringify(label)}`);
  }
  if (bom) return { encoding: 'utf-8', label: 'a UTF-8 byte order mark' };
  return declared === undefined ? undefined : { encoding: declared, label: JSON.stringify(label) };
}

function checkAscii(raw: Buffer): void {
  const i = raw.findIndex((b) => b > 0x7f);
  if (i >= 0) throw invalid(`The body is declared US-ASCII but holds a byte above 0x7F at offset ${i}`);
}

/** Decode the body; `charset` is the request's Content-Type charset (lower case) when sent. */
export function decodeXmlBody(raw: Buffer, charset: string | undefined): string {
  const own = ownEncoding(raw);
  const external = charset === undefined ? undefined : encodingNamed(charset, 'The Content-Type charset');
  const named = [own?.encoding, external].filter((e): e is XmlEncoding => e !== undefined);
  if (named.includes('us-ascii')) checkAscii(raw);
  const real = [...new Set(named.filter((e) => e !== 'us-ascii'))];
  if (real.length > 1) {
    throw invalid(`The Content-Type charset ${JSON.stringify(charset)} disagrees with the document, which says ${own!.label}`);
  }
  // decodeAs drops a leading UTF-8 BOM and refuses invalid UTF-8 (never U+FFFD).
  return decodeAs(raw, real[0] ?? 'utf-8');
}
