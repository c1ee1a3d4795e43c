import { setTimeout as sleep } from 'node:timers/promises';
import { NOTIFICA_NS } from '../../../../src/connectors/notifica/remesa';
import { acuseOf, startNotificaSimulator, type NotificaSimulator } from '../../../../simulators/notifica';
import { exampleRemesa, EXAMPLE_ORGANISMO } from '../../../../simulators/notifica/examples';
import {
  altaRemesaElement, ampliarPlazoElement, anularElement, callSimulator, infoEnvioLigeroElement, soapRequest, type SoapAnswer,
} from '../../../../simulators/notifica/requests';
import { child, childrenNamed, textOf, type XmlElement } from '../../../../simulators/notifica/xml-read';

const KEY = 'clave-de-prueba';
/** Fixed, so expiry dates are known: 2025-06-01 in Madrid. */
const NOW = new Date('2025-06-01T10:00:00Z');

async function eventually(probe: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(10)) if (probe()) return;
  throw new Error('the condition never held');
}

describe('Notific@ simulator SincronizarEnvioWs operations (real HTTP)', () => {
  let sim: NotificaSimulator;
  const sync = (element: string, action: string, key = KEY): Promise<SoapAnswer> => callSimulator(sim.sincronizarEnvioWsUrl, soapRequest(element, key), action);
  const texts = (el: XmlElement | undefined) => Object.fromEntries((el?.children ?? []).filter((c) => c.children.length === 0).map((c) => [c.name, c.text]));

  /** Submit one envío; `FIN…` references run the `read` scenario quickly, the others stay `silent`. */
  async function submit(referencia: string, caducidad?: string): Promise<string> {
    const a = await callSimulator(sim.notificaWsUrl, soapRequest(altaRemesaElement(exampleRemesa({ referencia, caducidad })), KEY));
    return textOf(child(child(a.result, 'resultadoEnvios'), 'item'), 'identificador') ?? '';
  }

  beforeAll(async () => {
    sim = await startNotificaSimulator({
      port: 0, apiKeys: [KEY], now: () => NOW,
      scenarios: [{ match: { referenciaPrefix: 'FIN' }, scenario: 'read', stepDelayMs: [1, 2] }, { match: {}, scenario: 'silent' }],
    });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  describe('infoEnvioLigero', () => {
    it('answers the state of an envío by identificador, in the response sequence order', async () => {
      const id = await submit('SIL1');
      const a = await sync(infoEnvioLigeroElement({ identificador: id, nivelDetalle: 1 }), 'infoEnvioLigero');
      expect(a.result).toMatchObject({ name: 'respuestaInfoEnvioLigero', ns: NOTIFICA_NS.infoLigero });
      expect(a.result?.children.map((c) => c.name)).toEqual(['codigoRespuesta', 'descripcionRespuesta', 'identificador', 'estado']);
      expect(texts(a.result)).toEqual({ codigoRespuesta: '000', descripcionRespuesta: 'OK', identificador: id, estado: 'pendiente_envio' });
      expect(sim.stats().byOperation.infoEnvioLigero).toBe(1);
    });

    it('finds the latest envío with a referenciaEmisor', async () => {
      await submit('SIL2');
      const latest = await submit('SIL2');
      const a = await sync(infoEnvioLigeroElement({ referenciaEmisor: 'SIL2-1', nivelDetalle: 1 }), 'infoEnvioLigero');
      expect(texts(a.result).identificador).toBe(latest);
      const other = await sync(infoEnvioLigeroElement({ referenciaEmisor: 'SIL2-1', codigoDir3: 'L01999999', nivelDetalle: 1 }), 'infoEnvioLigero');
      expect(texts(other.result)).toEqual({ codigoRespuesta: '404', descripcionRespuesta: 'Envío no encontrado' });
    });

    it('adds the datados at nivelDetalle 2 and the certificate at nivelDetalle 3 once final', async () => {
      const id = await submit('FIN1');
      await eventually(() => sim.envio(id)?.final === true);
      const a = await sync(infoEnvioLigeroElement({ identificador: id, nivelDetalle: 3 }), 'infoEnvioLigero');
      expect(a.result?.children.map((c) => c.name)).toEqual(['codigoRespuesta', 'descripcionRespuesta', 'identificador', 'estado', 'datados', 'certificacion']);
      expect(texts(a.result).estado).toBe('notificada');
      const datados = childrenNamed(child(a.result, 'datados'), 'datado');
      expect(datados.map((d) => [textOf(d, 'resultado'), textOf(d, 'origen')])).toEqual([['pendiente_envio', 'electronico'], ['enviado_deh', 'electronico'], ['notificada', 'electronico']]);
      expect(datados.map((d) => textOf(d, 'fecha'))).toEqual(sim.envio(id)?.history.map((h) => h.fecha));
      const acuse = child(child(a.result, 'certificacion'), 'acusePDF');
      expect(textOf(acuse, 'contenido')).toBe(acuseOf(id, 'notificada').contenido);
      expect(Buffer.from(textOf(acuse, 'contenido') ?? '', 'base64').toString()).toBe(`%PDF-1.4\n% acuse ${id} notificada\n%%EOF`);
      const level2 = await sync(infoEnvioLigeroElement({ identificador: id, nivelDetalle: 2 }), 'infoEnvioLigero');
      expect(level2.result?.children.map((c) => c.name)).toEqual(['codigoRespuesta', 'descripcionRespuesta', 'identificador', 'estado', 'datados']);
    });

    it('answers 404 Envío no encontrado for an unknown identificador and 400 for a nivelDetalle outside 1 to 3', async () => {
      const unknown = await sync(infoEnvioLigeroElement({ identificador: '0'.repeat(20), nivelDetalle: 1 }), 'infoEnvioLigero');
      expect(texts(unknown.result)).toEqual({ codigoRespuesta: '404', descripcionRespuesta: 'Envío no encontrado' });
      const noLevel = await sync(infoEnvioLigeroElement({ identificador: 'x', nivelDetalle: 4 }), 'infoEnvioLigero');
      expect(texts(noLevel.result)).toEqual({ codigoRespuesta: '400', descripcionRespuesta: 'nivelDetalle: debe ser 1 o 2 o 3' });
    });

    it('refuses a wrong apiKey on SincronizarEnvioWs too', async () => {
      const a = await sync(infoEnvioLigeroElement({ identificador: 'x', nivelDetalle: 1 }), 'infoEnvioLigero', 'mala');
      expect([a.status, textOf(a.result, 'faultstring')]).toEqual([401, 'apiKey no válida']);
      expect(sim.stats()).toMatchObject({ authFailures: 1, byOperation: { infoEnvioLigero: 0 } });
    });
  });

  describe('sincronizarEnvioOE', () => {
    const cancel = (identificador: string, organismoEmisor = EXAMPLE_ORGANISMO) =>
      sync(anularElement({ organismoEmisor, identificador, fechaEstado: '2025-06-02T12:00:00', motivo: 'Error en el destinatario' }), 'sincronizarEnvioOE');

    it('cancels a non-final envío and answers 200 with its new state', async () => {
      const id = await submit('SIL3');
      const a = await cancel(id);
      expect(a.result).toMatchObject({ name: 'respuestaSincronizarEnvioOE', ns: NOTIFICA_NS.sincronizarOE });
      expect(texts(a.result)).toEqual({ codigoRespuesta: '200', descripcionRespuesta: 'OK', estado: 'anulada', fechaEstado: expect.stringMatching(/^2025-06-01T12:00:00\+02:00$/) });
      expect(sim.envio(id)).toMatchObject({ estado: 'anulada', final: true, cancelled: true });
      expect(sim.envio(id)?.history.map((h) => h.estado)).toEqual(['pendiente_envio', 'anulada']);
    });

    it('refuses a final envío with 409, an unknown one with 404, and another organismo with 403', async () => {
      const id = await submit('SIL4');
      expect(texts((await cancel(id, 'L01999999')).result)).toMatchObject({ codigoRespuesta: '403' });
      await cancel(id);
      expect(texts((await cancel(id)).result)).toEqual({ codigoRespuesta: '409', descripcionRespuesta: 'Envío en estado final' });
      expect(texts((await cancel('f'.repeat(20))).result)).toEqual({ codigoRespuesta: '404', descripcionRespuesta: 'Envío no encontrado' });
      expect(sim.envio(id)?.history.map((h) => h.estado)).toEqual(['pendiente_envio', 'anulada']);
    });

    it('refuses children out of the xs:sequence order with 400 and changes nothing', async () => {
      const id = await submit('SIL5');
      const swapped = anularElement({ organismoEmisor: EXAMPLE_ORGANISMO, identificador: id, fechaEstado: '2025-06-02T12:00:00' })
        .replace(/(<act:tipoEntrega>1<\/act:tipoEntrega>)(<act:modoNotificacion>1<\/act:modoNotificacion>)/, '$2$1');
      const a = await sync(swapped, 'sincronizarEnvioOE');
      expect(texts(a.result).codigoRespuesta).toBe('400');
      expect(texts(a.result).descripcionRespuesta).toMatch(/^tipoEntrega: fuera de orden/);
      const unknownState = await sync(anularElement({ organismoEmisor: EXAMPLE_ORGANISMO, identificador: id, fechaEstado: '2025-06-02T12:00:00', estado: 'rechazada' }), 'sincronizarEnvioOE');
      expect(texts(unknownState.result)).toEqual({ codigoRespuesta: '400', descripcionRespuesta: 'estado: estado desconocido' });
      expect(sim.envio(id)?.estado).toBe('pendiente_envio');
    });
  });

  describe('ampliarPlazoOE', () => {
    const extend = (identificadores: string[], plazo = '5') =>
      sync(ampliarPlazoElement({ organismoEmisor: EXAMPLE_ORGANISMO, identificadores, plazo, motivo: 'Solicitud del interesado' }), 'ampliarPlazoOE');
    const items = (a: SoapAnswer) => childrenNamed(child(a.result, 'ampliacionesPlazo'), 'ampliacionPlazo').map(texts);

    it('extends a non-final envío from its caducidad, or from its creation day plus 10 days', async () => {
      const withExpiry = await submit('SIL6', '2025-12-31');
      const without = await submit('SIL7');
      const a = await extend([withExpiry, without], '10');
      expect(a.result).toMatchObject({ name: 'respuestaAmpliarPlazoOE', ns: NOTIFICA_NS.ampliarPlazo });
      expect([texts(a.result).codigoRespuesta, texts(a.result).descripcionRespuesta]).toEqual(['000', 'OK']);
      expect(items(a)).toEqual([
        { estado: 'OK', identificador: withExpiry, fechaCaducidad: '10/01/2026', mensajeError: '', codigo: '000' },
        { estado: 'OK', identificador: without, fechaCaducidad: '21/06/2025', mensajeError: '', codigo: '000' },
      ]);
      expect(sim.envio(withExpiry)).toMatchObject({ caducidad: '2026-01-10', extensions: 1 });
      expect(items(await extend([without], '1'))[0].fechaCaducidad).toBe('22/06/2025');
    });

    it('answers KO per envío for unknown and final ones', async () => {
      const done = await submit('FIN2');
      await eventually(() => sim.envio(done)?.final === true);
      const a = await extend(['0'.repeat(20), done]);
      expect(texts(a.result).codigoRespuesta).toBe('000');
      expect(items(a)).toEqual([
        { estado: 'KO', identificador: '0'.repeat(20), fechaCaducidad: '', mensajeError: 'Envío no encontrado', codigo: '404' },
        { estado: 'KO', identificador: done, fechaCaducidad: '', mensajeError: 'Envío en estado final', codigo: '409' },
      ]);
    });

    it('refuses a plazo that is not a number of days, and a request without motivo, with 400', async () => {
      expect(texts((await extend(['x'], 'diez')).result)).toMatchObject({ codigoRespuesta: '400' });
      const noMotivo = ampliarPlazoElement({ organismoEmisor: EXAMPLE_ORGANISMO, identificadores: ['x'], plazo: '5', motivo: 'm' }).replace(/<ap:motivo>m<\/ap:motivo>/, '');
      expect(texts((await sync(noMotivo, 'ampliarPlazoOE')).result)).toEqual({ codigoRespuesta: '400', descripcionRespuesta: 'motivo: falta el elemento obligatorio' });
    });
  });
});
