import { NOTIFICA_NS } from '../../../../src/connectors/notifica/remesa';
import {
  buildXml, child, listOf, MAX_SOAP_BYTES, readSoap, SOAP_ENV_NS, soapEnvelope, soapFaultXml, SoapReadError, textOf,
} from '../../../../src/connectors/notifica/xml';
import { apiKeyElement, elementsOf, envelopeParts, only, parseXml } from './canned-soap-server';

const envelope = (body: string, header = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}">${header}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

function refusal(text: string): SoapReadError {
  try {
    readSoap(text);
  } catch (e) {
    expect(e).toBeInstanceOf(SoapReadError);
    return e as SoapReadError;
  }
  throw new Error('readSoap read it');
}

describe('readSoap', () => {
  it('gives the Body operation by local name with its children keyed by local name', () => {
    const msg = readSoap(envelope(`<iel:respuestaInfoEnvioLigero xmlns:iel="${NOTIFICA_NS.infoLigero}"><iel:codigoRespuesta>000</iel:codigoRespuesta><iel:estado>enviado_deh</iel:estado></iel:respuestaInfoEnvioLigero>`));
    expect(msg.operation).toBe('respuestaInfoEnvioLigero');
    expect(msg.body).toEqual({ codigoRespuesta: '000', estado: 'enviado_deh' });
    expect(msg.fault).toBeUndefined();
    expect(msg.headers).toEqual({});
  });

  it('reads qualified, default-namespaced and unqualified children alike', () => {
    const qualified = readSoap(envelope(`<sin:op xmlns:sin="${NOTIFICA_NS.adviser}"><sin:estado>leida</sin:estado></sin:op>`));
    const defaulted = readSoap(envelope(`<op xmlns="${NOTIFICA_NS.adviser}"><estado>leida</estado></op>`));
    const unqualified = readSoap(envelope(`<sin:op xmlns:sin="${NOTIFICA_NS.adviser}"><estado>leida</estado></sin:op>`));
    for (const msg of [qualified, defaulted, unqualified]) {
      expect(msg.operation).toBe('op');
      expect(textOf(msg.body.estado)).toBe('leida');
    }
  });

  it('keeps codes as text, leading zeros included', () => {
    const msg = readSoap(envelope('<op><codigoRespuesta>000</codigoRespuesta><plazo>007</plazo></op>'));
    expect(msg.body.codigoRespuesta).toBe('000');
    expect(msg.body.plazo).toBe('007');
  });

  it('decodes the predefined entities and CDATA sections of text', () => {
    const msg = readSoap(envelope('<op><a>&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</a><b><![CDATA[<x>&amp;]]></b></op>'));
    expect(msg.body.a).toBe(`<b> & "c" 'd'`);
    expect(msg.body.b).toBe('<x>&amp;');
  });

  it('decodes numeric character references in text', () => {
    const msg = readSoap(envelope('<op><nombreReceptor>Mar&#237;a L&#xF3;pez</nombreReceptor></op>'));
    expect(msg.body.nombreReceptor).toBe('María López');
  });

  it('gives the text of an element that also carries attributes', () => {
    const msg = readSoap(envelope('<op><opcion tipo="x">valor</opcion></op>'));
    expect(textOf(msg.body.opcion)).toBe('valor');
  });

  it('reads the Header children as text by local name, the apiKey among them', () => {
    const header = `<soapenv:Header><v2:apiKey xmlns:v2="${NOTIFICA_NS.v2}">  secret-key  </v2:apiKey><o:other xmlns:o="urn:o"><o:x>1</o:x></o:other></soapenv:Header>`;
    const msg = readSoap(envelope('<op/>', header));
    expect(msg.headers.apiKey).toBe('secret-key');
    expect(msg.headers.other).toBe('');
  });

  it('reads an operation element with no children as an empty body', () => {
    const msg = readSoap(envelope('<ping/>'));
    expect(msg.operation).toBe('ping');
    expect(msg.body).toEqual({});
  });

  it('gives the first of several Body elements as the operation', () => {
    expect(readSoap(envelope('<first/><second/>')).operation).toBe('first');
  });

  it('reads a Server fault with its code and text', () => {
    const msg = readSoap(envelope('<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>caído</faultstring></soapenv:Fault>'));
    expect(msg.operation).toBe('Fault');
    expect(msg.fault).toEqual({ code: 'soapenv:Server', string: 'caído' });
  });

  it('bounds the fault text it keeps to 300 characters', () => {
    const msg = readSoap(envelope(`<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${'x'.repeat(5000)}</faultstring></soapenv:Fault>`));
    expect(msg.fault?.string).toHaveLength(300);
  });

  it('reads a fault without faultstring with an empty text', () => {
    expect(readSoap(envelope('<soapenv:Fault><faultcode>soapenv:Client</faultcode></soapenv:Fault>')).fault).toEqual({ code: 'soapenv:Client', string: '' });
  });

  it('refuses a message with a DOCTYPE, entities or not', () => {
    refusal(`<!DOCTYPE x [<!ENTITY e "boom">]>${envelope('<op>&e;</op>')}`);
    refusal(`<?xml version="1.0"?><!doctype Envelope SYSTEM "http://example.invalid/x.dtd">${envelope('<op/>')}`);
  });

  it('refuses a message larger than MAX_SOAP_BYTES', () => {
    const filler = 'A'.repeat(MAX_SOAP_BYTES);
    refusal(envelope(`<op><contenido>${filler}</contenido></op>`));
  });

  it('counts the size in UTF-8 bytes, not characters', () => {
    const text = envelope(`<op><n>${'ñ'.repeat(MAX_SOAP_BYTES / 2 + 1)}</n></op>`);
    expect(text.length).toBeLessThan(MAX_SOAP_BYTES);
    refusal(text);
  });

  it('refuses a message nested deeper than any Notific@ message', () => {
    const deep = '<a>'.repeat(40) + 'x' + '</a>'.repeat(40);
    refusal(envelope(`<op>${deep}</op>`));
  });

  it('reads a message nested as deep as a real answer', () => {
    const nested = '<a>'.repeat(10) + 'x' + '</a>'.repeat(10);
    expect(readSoap(envelope(`<op>${nested}</op>`)).operation).toBe('op');
  });

  it('refuses text that is not well-formed XML', () => {
    refusal('garbage');
    refusal('');
    refusal(envelope('<op><a></op>'));
    refusal('<html><body>Service Unavailable</body>');
  });

  it('refuses raw control characters, which XML 1.0 does not allow', () => {
    refusal(envelope('<op><identificador>ab\u0001cd</identificador></op>'));
    refusal(envelope('<op><estado>leida\u001b</estado></op>'));
  });

  it('refuses a document that is not a SOAP Envelope', () => {
    refusal('<resultado><codigoRespuesta>000</codigoRespuesta></resultado>');
  });

  it('refuses an Envelope with an empty Body', () => {
    refusal(envelope(''));
  });

  it('refuses an Envelope without a Body', () => {
    refusal(`<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}"><soapenv:Header/></soapenv:Envelope>`);
  });
});

describe('textOf, listOf and child', () => {
  it('gives the text of strings, numbers, text nodes and the first of repeated elements', () => {
    expect(textOf('a')).toBe('a');
    expect(textOf(7)).toBe('7');
    expect(textOf({ '#text': 'b', '@_x': '1' })).toBe('b');
    expect(textOf(['c', 'd'])).toBe('c');
    expect(textOf([{ '#text': 'e' }])).toBe('e');
  });

  it('gives an empty text for absent values and elements with children only', () => {
    expect(textOf(undefined)).toBe('');
    expect(textOf(null)).toBe('');
    expect(textOf({ x: 'y' })).toBe('');
    expect(textOf([])).toBe('');
  });

  it('gives a repeated element as a list, one occurrence as a list of one, absence as none', () => {
    expect(listOf(['a', 'b'])).toEqual(['a', 'b']);
    expect(listOf({ x: '1' })).toEqual([{ x: '1' }]);
    expect(listOf('a')).toEqual(['a']);
    expect(listOf(undefined)).toEqual([]);
    expect(listOf('')).toEqual([]);
  });

  it('reads the lists of a parsed answer, one or many', () => {
    const one = readSoap(envelope('<op><datados><datado><fecha>f1</fecha></datado></datados></op>'));
    const two = readSoap(envelope('<op><datados><datado><fecha>f1</fecha></datado><datado><fecha>f2</fecha></datado></datados></op>'));
    expect(listOf(child(one.body.datados, 'datado')).map((d) => textOf(child(d, 'fecha')))).toEqual(['f1']);
    expect(listOf(child(two.body.datados, 'datado')).map((d) => textOf(child(d, 'fecha')))).toEqual(['f1', 'f2']);
  });

  it('gives a child of an element, and undefined for texts, lists and absent values', () => {
    expect(child({ a: 'x' }, 'a')).toBe('x');
    expect(child({ a: 'x' }, 'b')).toBeUndefined();
    expect(child('text', 'a')).toBeUndefined();
    expect(child([{ a: 'x' }], 'a')).toBeUndefined();
    expect(child(undefined, 'a')).toBeUndefined();
    expect(child(null, 'a')).toBeUndefined();
  });
});

describe('buildXml', () => {
  it('escapes text and attribute values', () => {
    const xml = buildXml({ 'x:a': { '@_xmlns:x': 'urn:x', '@_t': 'q"<&', 'x:b': `<c> & "d" 'e'` } });
    const root = parseXml(xml);
    expect(root.getAttribute('t')).toBe('q"<&');
    expect(only(root, 'b').textContent).toBe(`<c> & "d" 'e'`);
  });

  it('writes an array as repeated elements in order', () => {
    const root = parseXml(buildXml({ r: { id: ['1', '2', '3'] } }));
    expect(elementsOf(root).map((e) => e.textContent)).toEqual(['1', '2', '3']);
  });

  it('writes children in the order of the keys', () => {
    const root = parseXml(buildXml({ r: { z: '1', a: '2', m: '3' } }));
    expect(elementsOf(root).map((e) => e.localName)).toEqual(['z', 'a', 'm']);
  });
});

describe('soapEnvelope', () => {
  it('wraps the body in a SOAP 1.1 envelope with the apiKey header in the Notific@ v2 namespace', () => {
    const xml = soapEnvelope('<x:op xmlns:x="urn:x"><x:a>1</x:a></x:op>', 'K-123');
    const { header, body } = envelopeParts(xml);
    const key = apiKeyElement(xml);
    expect(key.namespaceURI).toBe(NOTIFICA_NS.v2);
    expect(key.textContent).toBe('K-123');
    expect(elementsOf(header!)).toHaveLength(1);
    const op = only(body, 'op');
    expect(op.namespaceURI).toBe('urn:x');
    expect(only(op, 'a').textContent).toBe('1');
  });

  it('escapes an API key holding markup characters', () => {
    expect(apiKeyElement(soapEnvelope('<op/>', `k<&>"'`)).textContent).toBe(`k<&>"'`);
  });

  it('writes an empty Header without an API key', () => {
    const { header } = envelopeParts(soapEnvelope('<op/>'));
    expect(header).toBeDefined();
    expect(elementsOf(header!)).toEqual([]);
  });

  it('is read back by readSoap with the key and the operation', () => {
    const msg = readSoap(soapEnvelope('<x:op xmlns:x="urn:x"><x:a>1</x:a></x:op>', 'K-123'));
    expect(msg.headers.apiKey).toBe('K-123');
    expect(msg.operation).toBe('op');
    expect(msg.body).toEqual({ a: '1' });
  });
});

describe('soapFaultXml', () => {
  it.each(['Client', 'Server'] as const)('writes a %s fault readSoap reads back', (kind) => {
    const msg = readSoap(soapFaultXml(kind, 'the <reason> & more'));
    expect(msg.fault).toEqual({ code: `soapenv:${kind}`, string: 'the <reason> & more' });
  });

  it('writes a well-formed envelope whose Fault is in the SOAP 1.1 namespace', () => {
    const { body } = envelopeParts(soapFaultXml('Client', 'x'));
    expect(only(body, 'Fault').namespaceURI).toBe(SOAP_ENV_NS);
  });

  it('bounds the reason it writes to 500 characters', () => {
    const { body } = envelopeParts(soapFaultXml('Server', 'y'.repeat(2000)));
    expect(only(only(body, 'Fault'), 'faultstring').textContent).toHaveLength(500);
  });
});
