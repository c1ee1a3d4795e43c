import { readXml, XmlRefused } from '../../../../simulators/notifica/xml-read';

const LIMITS = { maxBytes: 1024 * 1024, maxDepth: 8, maxTags: 100 };

describe('Notific@ simulator XML reader', () => {
  it('resolves prefixes and default namespaces, keeping attributes apart from declarations', () => {
    const root = readXml('<?xml version="1.0"?><a:x xmlns:a="urn:a" xmlns="urn:d"><y t="1">v</y><a:z xmlns:a="urn:b"/><w xmlns=""/></a:x>', LIMITS);
    expect([root.name, root.ns]).toEqual(['x', 'urn:a']);
    expect(root.children.map((c) => [c.name, c.ns])).toEqual([['y', 'urn:d'], ['z', 'urn:b'], ['w', '']]);
    expect(root.children[0]).toMatchObject({ attrs: { t: '1' }, text: 'v' });
  });

  it('decodes the predefined entities and character references once, and keeps CDATA as written', () => {
    const root = readXml('<r><a>&amp;lt; &#x41;&#66;</a><b><![CDATA[<&amp;>]]></b><contenido>QU&#x4a;D</contenido></r>', LIMITS);
    expect(root.children.map((c) => c.text)).toEqual(['&lt; AB', '<&amp;>', 'QUJD']);
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', 'DOCTYPE and ENTITY declarations are not allowed'],
    ['an undefined entity', '<r>&e;</r>', 'undefined entity'],
    ['a reference to a surrogate', '<r>&#xD800;</r>', 'invalid character reference'],
    ['nesting past the limit', `${'<a>'.repeat(9)}${'</a>'.repeat(9)}`, 'the document nests too deep'],
    ['too many elements', `<r>${'<a/>'.repeat(101)}</r>`, 'the document has too many elements'],
    ['too many bytes', `<r>${'x'.repeat(1024 * 1024)}</r>`, 'the document is too large'],
    ['mismatched tags', '<r><a></b></r>', 'the document is not well-formed XML'],
    ['two roots', '<r/><s/>', 'the document has no single root element'],
    ['an undeclared prefix', '<p:r/>', 'an element uses an undeclared namespace prefix'],
    ['markup inside a base64 leaf', '<r><contenido>QU<b/>JD</contenido></r>', 'markup inside a base64 element'],
  ])('refuses %s', (_label, text, reason) => {
    expect(() => readXml(text, LIMITS)).toThrow(new XmlRefused(reason));
  });
});
