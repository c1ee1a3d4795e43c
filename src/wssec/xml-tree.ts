import { Errors, PasarelaError } from '../core/errors';
import { resolveElement, type XmlElement, type XmlPi } from './xml-nodes';
import { decodeText, malformed, normaliseAttribute } from './xml-text';

export { lookupNamespace, type XmlAttr, type XmlElement, type XmlNode, type XmlPi, type XmlText } from './xml-nodes';

/**
 * A small, strict, namespace-aware XML parser for SOAP envelopes. It keeps what exclusive
 * canonicalisation needs (elements, attributes, text, processing instructions; comments are
 * dropped) plus the source offsets the signer splices at. It refuses DOCTYPEs and anything not
 * well-formed instead of guessing, and resolves every prefix. No entities beyond the five
 * predefined ones and character references.
 */

/** Deeper nesting is refused: no SOAP envelope needs it and it bounds recursion elsewhere. */
export const MAX_DEPTH = 256;

const NAME = /[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?/y;
const INVALID_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

/** Parses a whole document; returns its root element. Line ends are normalised first by the caller. */
export function parseXml(xml: string): XmlElement {
  if (INVALID_CHAR.test(xml)) throw malformed('it contains characters XML does not allow');
  return new Parser(xml).document();
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly s: string) {}

  document(): XmlElement {
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1;
    if (this.s.startsWith('<?xml', this.i) && /\s/.test(this.s.charAt(this.i + 5))) this.pi();
    this.misc(true);
    if (this.s.charAt(this.i) !== '<') throw malformed('no root element');
    const root = this.element(null);
    this.misc(false);
    if (this.i < this.s.length) throw malformed('content after the root element');
    return root;
  }

  /** Whitespace, comments and PIs around the root element. */
  private misc(prolog: boolean): void {
    const s = this.s;
    for (;;) {
      while (this.i < s.length && isSpace(s.charCodeAt(this.i))) this.i++;
      if (s.startsWith('<!--', this.i)) this.comment();
      else if (s.startsWith('<?', this.i)) {
        if (this.pi().target.toLowerCase() === 'xml') throw malformed('a misplaced XML declaration');
      } else if (s.startsWith('<!', this.i)) {
        if (/^<!DOCTYPE/i.test(s.slice(this.i, this.i + 9))) {
          throw new PasarelaError(Errors.WSSEC_DOCTYPE, 'The XML contains a DOCTYPE declaration, which SOAP forbids');
        }
        throw malformed(`unexpected markup ${prolog ? 'before' : 'after'} the root element`);
      } else return;
    }
  }

  private name(): string {
    NAME.lastIndex = this.i;
    const m = NAME.exec(this.s);
    if (!m) throw malformed(`a name was expected at offset ${this.i}`);
    this.i += m[0].length;
    return m[0];
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (this.i < this.s.length && isSpace(this.s.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  private comment(): void {
    const end = this.s.indexOf('-->', this.i + 4);
    if (end < 0) throw malformed('unterminated comment');
    if (this.s.slice(this.i + 4, end).includes('--') || this.s.charAt(end - 1) === '-') throw malformed('"--" inside a comment');
    this.i = end + 3;
  }

  private pi(): XmlPi {
    this.i += 2;
    const target = this.name();
    if (target.includes(':')) throw malformed('a colon in a processing instruction target');
    const end = this.s.indexOf('?>', this.i);
    if (end < 0) throw malformed('unterminated processing instruction');
    if (this.i < end && !this.skipSpace()) throw malformed('bad processing instruction');
    const data = this.s.slice(this.i, end);
    this.i = end + 2;
    return { kind: 'pi', target, data };
  }

  private element(parent: XmlElement | null): XmlElement {
    if (++this.depth > MAX_DEPTH) throw malformed(`nesting deeper than ${MAX_DEPTH} elements`);
    const start = this.i;
    this.i++;
    const name = this.name();
    const raw = this.attributes();
    const s = this.s;
    const selfClosing = s.charAt(this.i) === '/';
    if (selfClosing && s.charAt(this.i + 1) !== '>') throw malformed(`bad start tag <${name}>`);
    if (!selfClosing && s.charAt(this.i) !== '>') throw malformed(`bad start tag <${name}>`);
    const el = resolveElement(name, raw, parent, start, this.i, selfClosing);
    this.i += selfClosing ? 2 : 1;
    if (!selfClosing) this.content(el);
    this.depth--;
    return el;
  }

  private attributes(): [string, string][] {
    const raw: [string, string][] = [];
    const s = this.s;
    for (;;) {
      const spaced = this.skipSpace();
      const c = s.charAt(this.i);
      if (c === '>' || c === '/' || c === '') return raw;
      if (!spaced) throw malformed('attributes must be separated by white space');
      const name = this.name();
      this.skipSpace();
      if (s.charAt(this.i) !== '=') throw malformed(`attribute ${name} has no value`);
      this.i++;
      this.skipSpace();
      const q = s.charAt(this.i);
      if (q !== '"' && q !== "'") throw malformed(`attribute ${name} is not quoted`);
      const end = s.indexOf(q, this.i + 1);
      if (end < 0) throw malformed(`attribute ${name} is not terminated`);
      const value = s.slice(this.i + 1, end);
      if (value.includes('<')) throw malformed(`"<" in the value of attribute ${name}`);
      raw.push([name, normaliseAttribute(value)]);
      this.i = end + 1;
    }
  }

  private content(el: XmlElement): void {
    const s = this.s;
    for (;;) {
      const lt = s.indexOf('<', this.i);
      if (lt < 0) throw malformed(`element <${el.name}> is not closed`);
      if (lt > this.i) this.text(el, s.slice(this.i, lt));
      this.i = lt;
      if (s.startsWith('</', lt)) return this.endTag(el);
      if (s.startsWith('<!--', lt)) this.comment();
      else if (s.startsWith('<![CDATA[', lt)) this.cdata(el);
      else if (s.startsWith('<?', lt)) {
        const pi = this.pi();
        if (pi.target.toLowerCase() === 'xml') throw malformed('an XML declaration inside the document');
        el.children.push(pi);
      } else if (s.startsWith('<!', lt)) throw malformed('unexpected markup declaration inside an element');
      else el.children.push(this.element(el));
    }
  }

  private endTag(el: XmlElement): void {
    el.closeStart = this.i;
    this.i += 2;
    const name = this.name();
    if (name !== el.name) throw malformed(`</${name}> closes <${el.name}>`);
    this.skipSpace();
    if (this.s.charAt(this.i) !== '>') throw malformed(`bad end tag </${name}>`);
    this.i++;
  }

  private text(el: XmlElement, raw: string): void {
    if (raw.includes(']]>')) throw malformed('"]]>" in text');
    pushText(el, decodeText(raw));
  }

  private cdata(el: XmlElement): void {
    const end = this.s.indexOf(']]>', this.i + 9);
    if (end < 0) throw malformed('unterminated CDATA section');
    pushText(el, this.s.slice(this.i + 9, end));
    this.i = end + 3;
  }
}

function pushText(el: XmlElement, value: string): void {
  const last = el.children[el.children.length - 1];
  if (last && last.kind === 'text') last.value += value;
  else if (value) el.children.push({ kind: 'text', value });
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}
