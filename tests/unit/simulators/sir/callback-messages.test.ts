import { parseControlMessage } from '../../../../src/sir/control-message';
import { parseFichero } from '../../../../src/sir/parse-fichero';
import {
  ackOf, codigoOf, confirmationOf, errorOf, forwardedConfirmationOf, madridDateTime, scenarioOf, wsSir9Envelope,
} from '../../../../simulators/sir/callback-messages';
import { registryEntryToSicres3 } from '../../../../transforms/registry-entry-to-sicres3';
import { envelopeOf, minimalEntry, richEntry } from '../../../fixtures/sir/registry-entries';

const parsed = (summary?: string, entry = minimalEntry()) => {
  if (summary !== undefined) entry.subject.summary = summary;
  return parseFichero(registryEntryToSicres3.apply(envelopeOf(entry)).xml);
};

describe('SIR simulator callback messages', () => {
  it('picks the scenario from a case-insensitive marker in the summary', () => {
    expect(scenarioOf(parsed('Solicitud'))).toBe('normal');
    expect(scenarioOf(parsed('Solicitud [SIM:Error]'))).toBe('error');
    expect(scenarioOf(parsed('[sim:silent] prueba'))).toBe('silent');
    expect(scenarioOf(parsed('prueba [sim:ack-only]'))).toBe('ack-only');
    expect(scenarioOf(parsed('prueba [Sim:Reject]'))).toBe('reject');
    expect(scenarioOf(parsed('[sim:forward]'))).toBe('forward');
    expect(scenarioOf(parsed('devolver [sim:return]'))).toBe('return');
  });

  it('only ACKs a REENVÍO or RECHAZO, whatever marker its summary carries', () => {
    const f = parsed('Solicitud [sim:error]');
    f.control!.Tipo_Anotacion = '04';
    expect(scenarioOf(f)).toBe('ack-only');
    f.control!.Tipo_Anotacion = '03';
    expect(scenarioOf(f)).toBe('ack-only');
  });

  it('confirms a forwarded entry from the office it went on to, to the starting office', () => {
    expect(forwardedConfirmationOf(parsed(), 'O00099999', 'SIM/2026/2', '20260315101500')).toEqual({
      originOffice: 'O00099999', destinationOffice: 'O00012345', exchangeId: 'O00012345_24_00000001', type: '03', description: 'CONFIRMACION',
      destinationRegistryNumber: 'SIM/2026/2', destinationRegistryDate: '20260315101500', testIndicator: '1',
    });
  });

  it('sends the ACK and the ERROR from the destination office back to the origin office, test flag copied', () => {
    const f = parsed();
    expect(ackOf(f)).toEqual({
      originOffice: 'O00067890', destinationOffice: 'O00012345', exchangeId: 'O00012345_24_00000001', type: '01', description: 'ACK', testIndicator: '1',
    });
    expect(errorOf(f)).toMatchObject({ originOffice: 'O00067890', destinationOffice: 'O00012345', type: '02', errorCode: '0037' });
    expect(ackOf(parsed(undefined, richEntry())).testIndicator).toBe('0');
  });

  it('sends the CONFIRMACION to the office that started the exchange, with the registry number and date', () => {
    const f = parsed();
    f.control!.Codigo_Entidad_Registral_Inicio = 'O00099999';
    expect(confirmationOf(f, 'SIM/2026/1', '20260315101500')).toMatchObject({
      originOffice: 'O00067890', destinationOffice: 'O00099999', type: '03',
      destinationRegistryNumber: 'SIM/2026/1', destinationRegistryDate: '20260315101500',
    });
  });

  it('wraps the De_Mensaje escaped in a document/literal WS_SIR9 envelope that reads back to the same message', () => {
    const m = ackOf(parsed());
    const xml = wsSir9Envelope(m);
    expect(xml.startsWith('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.manager.cct.map.es">'
      + '<soapenv:Body><impl:envioMensajeDatosControlAAplicacion><impl:mensaje>&lt;?xml')).toBe(true);
    expect(xml.endsWith('</impl:mensaje><impl:firma></impl:firma></impl:envioMensajeDatosControlAAplicacion></soapenv:Body></soapenv:Envelope>')).toBe(true);
    const inner = /<impl:mensaje>([\s\S]*)<\/impl:mensaje>/.exec(xml)![1]
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    expect(parseControlMessage(inner)).toEqual(m);
  });

  it('writes Madrid wall-clock time, CET in winter and CEST in summer', () => {
    expect(madridDateTime(new Date('2026-01-15T09:00:00Z'))).toBe('20260115100000');
    expect(madridDateTime(new Date('2026-07-15T09:00:00Z'))).toBe('20260715110000');
  });

  it('reads the codigo of a RespuestaWS whatever its prefix', () => {
    expect(codigoOf('<r><b:codigo xmlns:b="http://bean.cct.map.es">00</b:codigo></r>')).toBe('00');
    expect(codigoOf('<r><codigo>0039</codigo></r>')).toBe('0039');
    expect(codigoOf('<html>busy</html>')).toBeUndefined();
  });
});
