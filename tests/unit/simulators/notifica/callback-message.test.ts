import { createHash } from 'node:crypto';
import { NOTIFICA_NS } from '../../../../src/connectors/notifica/remesa';
import { acuseOf } from '../../../../simulators/notifica';
import { callbackEnvelope, codigoRespuestaOf } from '../../../../simulators/notifica/callback-message';
import type { EnvioRecord } from '../../../../simulators/notifica/envios';
import { child, readXml, textOf } from '../../../../simulators/notifica/xml-read';

const record = (over: Partial<EnvioRecord> = {}): EnvioRecord => ({
  identificador: '39128285cf121cb00453', organismoEmisor: 'L01230505', tipoEnvio: 2, scenario: 'read', estado: 'notificada', history: [],
  createdOn: '2025-06-01', final: true, cancelled: false, extensions: 0, titular: { nif: '12345678Z', nombre: 'María', apellidos: 'López García' }, postal: false, ...over,
});
const LIMITS = { maxBytes: 1 << 20, maxDepth: 16, maxTags: 1000 };
const bodyOf = (xml: string) => child(readXml(xml, LIMITS), 'Body')?.children[0];

describe('Notific@ simulator callback message', () => {
  it('writes a notificada callback with receptor and acuse in xs:sequence order, escaping text', () => {
    const xml = callbackEnvelope(record({ titular: { razonSocial: 'Obras & Servicios <SL>', nif: 'B12345678' } }), { estado: 'notificada', fecha: '2025-06-03T09:41:12+02:00' }, 'qualified');
    const call = bodyOf(xml);
    expect(call?.children.map((c) => [c.name, c.ns === NOTIFICA_NS.adviser])).toEqual(
      ['organismoEmisor', 'identificador', 'tipoEntrega', 'modoNotificacion', 'estado', 'fechaEstado', 'receptor', 'acusePDF'].map((n) => [n, true]),
    );
    expect(textOf(child(call, 'receptor'), 'nombreReceptor')).toBe('Obras & Servicios <SL>');
    const acuse = acuseOf('39128285cf121cb00453', 'notificada');
    expect(textOf(child(call, 'acusePDF'), 'hash')).toBe(createHash('sha256').update(Buffer.from(acuse.contenido, 'base64')).digest('base64'));
  });

  it('writes a non-final state as a datado (tipoEntrega 1) without receptor or acuse, postal envíos with modoNotificacion 3', () => {
    const call = bodyOf(callbackEnvelope(record({ scenario: 'postal' }), { estado: 'entregado_op', fecha: '2025-06-03T09:41:12+02:00' }, 'unqualified'));
    expect(call?.ns).toBe(NOTIFICA_NS.adviser);
    expect(call?.children.map((c) => [c.name, c.ns, c.text])).toEqual([
      ['organismoEmisor', '', 'L01230505'], ['identificador', '', '39128285cf121cb00453'], ['tipoEntrega', '', '1'],
      ['modoNotificacion', '', '3'], ['estado', '', 'entregado_op'], ['fechaEstado', '', '2025-06-03T09:41:12+02:00'],
    ]);
  });

  it('reads the codigoRespuesta of an answer whatever its prefix, and nothing from what is not one', () => {
    const answer = (inner: string) => `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>${inner}</e:Body></e:Envelope>`;
    expect(codigoRespuestaOf(answer(`<r:resultadoSincronizarEnvio xmlns:r="${NOTIFICA_NS.adviser}"><r:identificador>x</r:identificador><r:codigoRespuesta> 000 </r:codigoRespuesta></r:resultadoSincronizarEnvio>`))).toBe('000');
    expect(codigoRespuestaOf(answer('<resultadoSincronizarEnvio><codigoRespuesta>002</codigoRespuesta></resultadoSincronizarEnvio>'))).toBe('002');
    expect(codigoRespuestaOf(answer('<otra><codigoRespuesta>000</codigoRespuesta></otra>'))).toBeUndefined();
    expect(codigoRespuestaOf('<!DOCTYPE x><x/>')).toBeUndefined();
    expect(codigoRespuestaOf('')).toBeUndefined();
  });
});
