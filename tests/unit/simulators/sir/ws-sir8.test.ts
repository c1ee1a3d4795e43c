import { faultOf, ficheroUrlFrom, respuestaOf, wsSir8Envelope } from '../../../../simulators/sir/ws-sir8';
import { readSoapCall, respuestaEnvelope } from '../../../../src/sir/inbound/soap';
import { parseFichero } from '../../../../src/sir/parse-fichero';
import { registryEntryToSicres3 } from '../../../../transforms/registry-entry-to-sicres3';
import { envelopeOf, richEntry } from '../../../fixtures/sir/registry-entries';

describe('SIR simulator WS_SIR8_B client pieces', () => {
  it('derives the WS_SIR8_B URL by replacing a last path segment WS_SIR9, and nothing else', () => {
    expect(ficheroUrlFrom('http://127.0.0.1:8080/sir/WS_SIR9')).toBe('http://127.0.0.1:8080/sir/WS_SIR8_B');
    expect(ficheroUrlFrom('https://pasarela.example/sir/WS_SIR9/?a=WS_SIR9')).toBe('https://pasarela.example/sir/WS_SIR8_B/?a=WS_SIR9');
    expect(ficheroUrlFrom('http://h/WS_SIR9/other')).toBeUndefined();
    expect(ficheroUrlFrom('http://h/sir/ws_sir9')).toBeUndefined();
    expect(ficheroUrlFrom('not a url')).toBeUndefined();
    expect(ficheroUrlFrom(undefined)).toBeUndefined();
  });

  it('wraps the fichero in an rpc envioFicherosAAplicacion that pasarela\'s own reader takes back to the same fichero', () => {
    const xml = registryEntryToSicres3.apply(envelopeOf(richEntry())).xml;
    const envelope = wsSir8Envelope(xml);
    expect(envelope).toContain('<soapenv:Body><impl:envioFicherosAAplicacion xmlns:impl="http://impl.manager.cct.map.es"><registro>&lt;?xml version=');
    expect(envelope).toContain('</registro><firmaRegistro></firmaRegistro></impl:envioFicherosAAplicacion></soapenv:Body>');
    const call = readSoapCall(envelope);
    expect(call.operation).toBe('envioFicherosAAplicacion');
    expect(call.params).toEqual([xml, '']);
  });

  it('keeps a carriage return in the fichero, which a parser would otherwise turn into a line feed', () => {
    const xml = registryEntryToSicres3.apply(envelopeOf(richEntry())).xml.replace('<Resumen>', '<Resumen>a\r\nb ');
    const [registro] = readSoapCall(wsSir8Envelope(xml)).params;
    expect(parseFichero(registro).subject?.Resumen?.startsWith('a\r\nb ')).toBe(true);
  });

  it('reads pasarela\'s RespuestaWS, entities decoded, and a SOAP fault\'s reason', () => {
    const answer = respuestaEnvelope('envioFicherosAAplicacion', '0037', 'ERROR: <Resumen> & "otro"', 'http://cir.impl.manager.cct.map.es');
    expect(respuestaOf(answer)).toEqual({ codigo: '0037', descripcion: 'ERROR: <Resumen> & "otro"' });
    expect(respuestaOf('<r><ns1:codigo>00</ns1:codigo></r>')).toEqual({ codigo: '00', descripcion: '' });
    expect(respuestaOf('<html>busy</html>')).toBeUndefined();
    expect(faultOf('<soap:Fault><faultcode>soap:Server</faultcode><faultstring>try again</faultstring></soap:Fault>')).toBe('try again');
    expect(faultOf('<html/>')).toBeUndefined();
  });
});
