import { execFileSync } from 'node:child_process';
import { excC14n } from '../../../src/wssec/c14n';
import { MAX_DEPTH, parseXml } from '../../../src/wssec/xml-tree';
import { thrownCode } from './sign-helpers';

describe('the signer XML parser on hostile input', () => {
  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['a missing end tag', '<a>'],
    ['an undeclared element prefix', '<p:a/>'],
    ['an undeclared attribute prefix', '<a p:x="1"/>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['the same attribute through two prefixes', '<a xmlns:p="urn:x" xmlns:q="urn:x" p:x="1" q:x="2"/>'],
    ['an undefined entity', '<a>&nbsp;</a>'],
    ['an unterminated reference', '<a>&amp</a>'],
    ['a character reference to NUL', '<a>&#0;</a>'],
    ['a raw control character', '<a>\u0001</a>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['"<" in an attribute value', '<a x="<"/>'],
    ['"]]>" in text', '<a>]]></a>'],
    ['"--" inside a comment', '<a><!-- a -- b --></a>'],
    ['two root elements', '<a/><b/>'],
    ['text after the root', '<a/>text'],
    ['an XML declaration inside the document', '<a><?xml version="1.0"?></a>'],
    ['a declaration-like markup inside an element', '<a><!ENTITY x "y"></a>'],
    ['an empty prefixed namespace declaration', '<a xmlns:p=""/>'],
    ['a rebound xml prefix', '<a xmlns:xml="urn:x"/>'],
    ['an unterminated CDATA section', '<a><![CDATA[x</a>'],
    ['nothing', ''],
  ])('refuses %s with WSSEC_MALFORMED', (_what, xml) => {
    expect(thrownCode(() => parseXml(xml))).toBe('WSSEC_MALFORMED');
  });

  it('refuses a DOCTYPE with entity declarations with WSSEC_DOCTYPE, before expanding anything', () => {
    const laughs = '<!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;&l;&l;&l;">]><a>&l2;</a>';
    expect(thrownCode(() => parseXml(laughs))).toBe('WSSEC_DOCTYPE');
    expect(thrownCode(() => parseXml('<?xml version="1.0"?><!-- x --><!doctype a SYSTEM "file:///etc/passwd"><a/>'))).toBe('WSSEC_DOCTYPE');
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} elements`, () => {
    const deep = '<a>'.repeat(MAX_DEPTH + 1) + '</a>'.repeat(MAX_DEPTH + 1);
    expect(thrownCode(() => parseXml(deep))).toBe('WSSEC_MALFORMED');
    const fine = '<a>'.repeat(MAX_DEPTH) + '</a>'.repeat(MAX_DEPTH);
    expect(parseXml(fine).local).toBe('a');
  });

  it('resolves prefixes, decodes references and normalises attribute white space', () => {
    const root = parseXml('<p:a xmlns:p="urn:p" p:x="1&#10;2\t3" y="&lt;&#x41;&#65;"><b>&quot;&apos;<![CDATA[&lt;]]></b></p:a>');
    expect(root.uri).toBe('urn:p');
    expect(root.attrs.map((a) => [a.uri, a.local, a.value])).toEqual([['urn:p', 'x', '1\n2 3'], ['', 'y', '<AA']]);
    expect(root.children[0]).toMatchObject({ local: 'b', children: [{ kind: 'text', value: '"\'&lt;' }] });
  });
});

// libxml2's exclusive canonicaliser (xmllint --exc-c14n, which keeps comments) is the reference.
describe('exclusive canonicalisation of a parsed element', () => {
  it.each([
    ['namespace declarations only where visibly used', '<a:r xmlns:a="urn:a" xmlns:b="urn:b" xmlns:c="urn:c"><a:x><b:y c:z="1"/></a:x></a:r>'],
    ['default namespace and its undeclaration', '<r xmlns="urn:d"><x xmlns=""><y xmlns="urn:d"/></x></r>'],
    ['attributes sorted by namespace URI then local name', '<r xmlns:z="urn:a" xmlns:a="urn:z" b="1" a="2" z:c="3" a:a="4" xml:lang="es"/>'],
    ['escaping in text and attributes', '<r a="&lt;&amp;&quot;&#9;&#10;&#13;&gt;\'">&lt;&amp;&gt;&#13;"\'</r>'],
    ['CDATA and processing instructions', '<r><![CDATA[<x> & y]]><?pi   some data?><?empty?></r>'],
    ['redefined prefixes in nested scopes', '<p:r xmlns:p="urn:1"><p:x xmlns:p="urn:2"><p:y xmlns:p="urn:1"/></p:x></p:r>'],
    ['non-ASCII names and text', '<r><Año nombre="Begoña">日本 😀</Año></r>'],
  ])('matches libxml2 for %s', (_what, xml) => {
    const reference = execFileSync('xmllint', ['--exc-c14n', '-'], { input: xml, encoding: 'utf8' });
    expect(excC14n(parseXml(xml))).toBe(reference);
  });

  it('drops comments', () => {
    expect(excC14n(parseXml('<r><!-- a --><x>1<!--b-->2</x></r>'))).toBe('<r><x>12</x></r>');
  });
});
