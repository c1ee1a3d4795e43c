import type { Element } from '@xmldom/xmldom';
import { createSoapCaller, type SoapCaller } from '../../../../src/connectors/notifica/client';
import { altaRemesaEnvios, ampliarPlazoOE, infoEnvioLigero, sincronizarEnvioOE, type CancelInput } from '../../../../src/connectors/notifica/operations';
import { ALTA_REMESA_ACTION, NOTIFICA_NS } from '../../../../src/connectors/notifica/remesa';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';
import { codeOf } from '../../../helpers/errors';
import { apiKeyElement, elementsOf, envelopeParts, only, soapAnswer, startCannedServer, type CannedServer } from './canned-soap-server';

const ALTA_PATH = '/notifica/ws/notificaws_v2';
const SYNC_PATH = '/notifica/ws/sincronizarEnvioWs';
const KEY = 'k-tenant-7';
const NONE: ReadonlySet<string> = new Set();

let server: CannedServer;
let caller: SoapCaller;

/** An answer element `prefix:name` in `ns` whose children are written qualified. */
function answer(name: string, ns: string, prefix: string, children: string): string {
  return soapAnswer(`<${prefix}:${name} xmlns:${prefix}="${ns}">${children.replace(/<(\/?)([a-zA-Z])/g, `<$1${prefix}:$2`)}</${prefix}:${name}>`);
}

const altaAnswer = (children: string) => answer('resultadoAltaRemesaEnvios', NOTIFICA_NS.alta, 'not', children);
const infoAnswer = (children: string) => answer('respuestaInfoEnvioLigero', NOTIFICA_NS.infoLigero, 'iel', children);
const syncAnswer = (children: string) => answer('respuestaSincronizarEnvioOE', NOTIFICA_NS.sincronizarOE, 'act', children);
const extendAnswer = (children: string) => answer('respuestaAmpliarPlazoOE', NOTIFICA_NS.ampliarPlazo, 'ap', children);

function answerWith(xml: string): void {
  server.answer = () => ({ body: xml });
}

async function failureOf(p: Promise<unknown>): Promise<PasarelaError> {
  try {
    await p;
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** The operation element of the one request the server received. */
function sentOperation(localName: string): Element {
  expect(server.received).toHaveLength(1);
  return only(envelopeParts(server.received[0].body).body, localName);
}

function texts(e: Element): Record<string, string | null> {
  return Object.fromEntries(elementsOf(e).map((c) => [c.localName, c.textContent]));
}

beforeAll(async () => {
  server = await startCannedServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.received.length = 0;
  caller = createSoapCaller({ endpoint: `${server.url}${ALTA_PATH}`, syncEndpoint: `${server.url}${SYNC_PATH}`, timeoutMs: 10_000 });
});

afterEach(() => {
  caller.close();
});

describe('altaRemesaEnvios', () => {
  const body = `<not:altaRemesaEnvios xmlns:not="${NOTIFICA_NS.alta}"><not:concepto>x</not:concepto></not:altaRemesaEnvios>`;
  const OK = altaAnswer('<codigoRespuesta>000</codigoRespuesta><descripcionRespuesta>OK</descripcionRespuesta><fechaCreacion>2026-05-04T10:00:00+02:00</fechaCreacion>'
    + '<resultadoEnvios><item><identificador>id-1</identificador><nifTitular>99000003E</nifTitular></item><item><identificador>id-2</identificador></item></resultadoEnvios>');

  it("posts the remesa to NotificaWsV21 with its SOAPAction and the tenant's apiKey header", async () => {
    answerWith(OK);
    await altaRemesaEnvios(caller, body, KEY, NONE);
    expect(server.received[0].path).toBe(ALTA_PATH);
    expect(server.received[0].soapAction).toBe(`"${ALTA_REMESA_ACTION}"`);
    const key = apiKeyElement(server.received[0].body);
    expect(key.namespaceURI).toBe(NOTIFICA_NS.v2);
    expect(key.textContent).toBe(KEY);
    expect(sentOperation('altaRemesaEnvios').namespaceURI).toBe(NOTIFICA_NS.alta);
  });

  it('resolves the identificador of every envío on 000, with the titular NIF when given', async () => {
    answerWith(OK);
    expect(await altaRemesaEnvios(caller, body, KEY, NONE)).toEqual({
      envios: [{ identificador: 'id-1', nifTitular: '99000003E' }, { identificador: 'id-2', nifTitular: undefined }],
      fechaCreacion: '2026-05-04T10:00:00+02:00',
    });
  });

  it('reads a single item as one envío', async () => {
    answerWith(altaAnswer('<codigoRespuesta>000</codigoRespuesta><descripcionRespuesta>OK</descripcionRespuesta><resultadoEnvios><item><identificador>id-1</identificador></item></resultadoEnvios>'));
    expect((await altaRemesaEnvios(caller, body, KEY, NONE)).envios).toEqual([{ identificador: 'id-1', nifTitular: undefined }]);
  });

  it('reads an answer whose children come unqualified', async () => {
    answerWith(soapAnswer(`<not:resultadoAltaRemesaEnvios xmlns:not="${NOTIFICA_NS.alta}"><codigoRespuesta>000</codigoRespuesta><resultadoEnvios><item><identificador>id-9</identificador></item></resultadoEnvios></not:resultadoAltaRemesaEnvios>`));
    expect((await altaRemesaEnvios(caller, body, KEY, NONE)).envios.map((e) => e.identificador)).toEqual(['id-9']);
  });

  it('refuses a code other than 000 with NOTIFICA_REJECTED, not retryable, keeping the code', async () => {
    answerWith(altaAnswer('<codigoRespuesta>110</codigoRespuesta><descripcionRespuesta>El organismo no existe</descripcionRespuesta>'));
    const err = await failureOf(altaRemesaEnvios(caller, body, KEY, new Set(['999'])));
    expect(err.code).toBe('NOTIFICA_REJECTED');
    expect(err.retryable).toBe(false);
    expect(err.details).toMatchObject({ operation: 'altaRemesaEnvios', codigoRespuesta: '110' });
  });

  it('takes a code configured as retryable as NOTIFICA_TRANSIENT, retryable', async () => {
    answerWith(altaAnswer('<codigoRespuesta>999</codigoRespuesta><descripcionRespuesta>Servicio no disponible</descripcionRespuesta>'));
    const err = await failureOf(altaRemesaEnvios(caller, body, KEY, new Set(['999'])));
    expect(err.code).toBe('NOTIFICA_TRANSIENT');
    expect(err.retryable).toBe(true);
    expect(err.details.codigoRespuesta).toBe('999');
  });

  it('refuses an answer without a code as NOTIFICA_REJECTED', async () => {
    answerWith(altaAnswer('<descripcionRespuesta>?</descripcionRespuesta>'));
    expect(await codeOf(altaRemesaEnvios(caller, body, KEY, NONE))).toBe('NOTIFICA_REJECTED');
  });

  it('bounds the code and description it keeps from a hostile answer', async () => {
    answerWith(altaAnswer(`<codigoRespuesta>${'9'.repeat(500)}</codigoRespuesta><descripcionRespuesta>${'d'.repeat(10_000)}</descripcionRespuesta>`));
    const err = await failureOf(altaRemesaEnvios(caller, body, KEY, NONE));
    expect(String(err.details.codigoRespuesta).length).toBeLessThanOrEqual(10);
    expect(String(err.details.descripcionRespuesta).length).toBeLessThanOrEqual(200);
    expect(err.message.length).toBeLessThan(1000);
  });

  it('takes 000 without any envío as CONNECTOR_BAD_RESPONSE, retryable', async () => {
    answerWith(altaAnswer('<codigoRespuesta>000</codigoRespuesta><descripcionRespuesta>OK</descripcionRespuesta>'));
    const err = await failureOf(altaRemesaEnvios(caller, body, KEY, NONE));
    expect(err.code).toBe('CONNECTOR_BAD_RESPONSE');
    expect(err.retryable).toBe(true);
  });

  it('takes 000 with an envío lacking its identificador as CONNECTOR_BAD_RESPONSE', async () => {
    answerWith(altaAnswer('<codigoRespuesta>000</codigoRespuesta><resultadoEnvios><item><identificador>id-1</identificador></item><item><nifTitular>99000003E</nifTitular></item></resultadoEnvios>'));
    expect(await codeOf(altaRemesaEnvios(caller, body, KEY, NONE))).toBe('CONNECTOR_BAD_RESPONSE');
  });

  it('takes the answer of another operation as CONNECTOR_BAD_RESPONSE', async () => {
    answerWith(infoAnswer('<codigoRespuesta>000</codigoRespuesta>'));
    const err = await failureOf(altaRemesaEnvios(caller, body, KEY, NONE));
    expect(err.code).toBe('CONNECTOR_BAD_RESPONSE');
    expect(err.details.operation).toBe('respuestaInfoEnvioLigero');
  });
});

describe('infoEnvioLigero', () => {
  const FOUND = infoAnswer('<codigoRespuesta>000</codigoRespuesta><descripcionRespuesta>OK</descripcionRespuesta><identificador>id-1</identificador><estado>notificada</estado>'
    + '<datados><datado><fecha>2026-05-04T10:00:00Z</fecha><resultado>enviado_deh</resultado><origen>electronico</origen></datado>'
    + '<datado><fecha>2026-05-05T11:00:00Z</fecha><resultado>notificada</resultado></datado></datados>'
    + `<certificacion><acusePDF><contenido>${Buffer.from('%PDF-1.4 acuse').toString('base64')}</contenido><hash>h-1</hash><csv>CSV-1</csv></acusePDF>`
    + '<fechaCertificacion>2026-05-05T11:00:01Z</fechaCertificacion><origen>electronico</origen></certificacion>');

  it('asks SincronizarEnvioWs by identificador at nivelDetalle 3, with its SOAPAction and apiKey header', async () => {
    answerWith(FOUND);
    await infoEnvioLigero(caller, { identificador: 'id-1' }, KEY);
    expect(server.received[0].path).toBe(SYNC_PATH);
    expect(server.received[0].soapAction).toBe('"infoEnvioLigero"');
    expect(apiKeyElement(server.received[0].body).textContent).toBe(KEY);
    const op = sentOperation('infoEnvioLigero');
    expect(op.namespaceURI).toBe(NOTIFICA_NS.infoLigero);
    for (const c of elementsOf(op)) expect(c.namespaceURI).toBe(NOTIFICA_NS.infoLigero);
    expect(texts(op)).toEqual({ identificador: 'id-1', nivelDetalle: '3' });
  });

  it('asks by referenciaEmisor within a DIR3 code', async () => {
    answerWith(FOUND);
    await infoEnvioLigero(caller, { referencia: 'P0123456789ABCDEF012', dir3: 'L02000023' }, KEY);
    expect(texts(sentOperation('infoEnvioLigero'))).toEqual({ referenciaEmisor: 'P0123456789ABCDEF012', codigoDir3: 'L02000023', nivelDetalle: '3' });
  });

  it('asks by referenciaEmisor alone when no DIR3 code is given', async () => {
    answerWith(FOUND);
    await infoEnvioLigero(caller, { referencia: 'P0123456789ABCDEF012' }, KEY);
    expect(texts(sentOperation('infoEnvioLigero'))).toEqual({ referenciaEmisor: 'P0123456789ABCDEF012', nivelDetalle: '3' });
  });

  it('resolves the state, the datados and the decoded acuse on 000', async () => {
    answerWith(FOUND);
    const info = await infoEnvioLigero(caller, { identificador: 'id-1' }, KEY);
    expect(info).toMatchObject({
      identificador: 'id-1',
      estado: 'notificada',
      datados: [
        { fecha: '2026-05-04T10:00:00Z', resultado: 'enviado_deh', origen: 'electronico' },
        { fecha: '2026-05-05T11:00:00Z', resultado: 'notificada', origen: undefined },
      ],
      acuse: { hash: 'h-1', csv: 'CSV-1', at: '2026-05-05T11:00:01Z' },
    });
    expect(info?.acuse?.content.toString()).toBe('%PDF-1.4 acuse');
  });

  it('reads a single datado as a list of one', async () => {
    answerWith(infoAnswer('<codigoRespuesta>000</codigoRespuesta><identificador>id-1</identificador><estado>enviado_deh</estado><datados><datado><fecha>2026-05-04T10:00:00Z</fecha><resultado>enviado_deh</resultado></datado></datados>'));
    expect((await infoEnvioLigero(caller, { identificador: 'id-1' }, KEY))?.datados).toEqual([{ fecha: '2026-05-04T10:00:00Z', resultado: 'enviado_deh', origen: undefined }]);
  });

  it('takes the csvResguardo of the acuse when there is no csv', async () => {
    answerWith(infoAnswer(`<codigoRespuesta>000</codigoRespuesta><identificador>id-1</identificador><estado>notificada</estado><certificacion><acusePDF><contenido>${Buffer.from('pdf').toString('base64')}</contenido><hash>h</hash><csvResguardo>CSV-R</csvResguardo></acusePDF></certificacion>`));
    expect((await infoEnvioLigero(caller, { identificador: 'id-1' }, KEY))?.acuse?.csv).toBe('CSV-R');
  });

  it('gives no acuse without a certificacion, or with an empty one', async () => {
    answerWith(infoAnswer('<codigoRespuesta>000</codigoRespuesta><identificador>id-1</identificador><estado>enviado_deh</estado>'));
    expect(await infoEnvioLigero(caller, { identificador: 'id-1' }, KEY)).toEqual({ identificador: 'id-1', estado: 'enviado_deh', datados: [], acuse: undefined });
    answerWith(infoAnswer('<codigoRespuesta>000</codigoRespuesta><identificador>id-1</identificador><estado>notificada</estado><certificacion><acusePDF><hash>h</hash></acusePDF></certificacion>'));
    expect((await infoEnvioLigero(caller, { identificador: 'id-1' }, KEY))?.acuse).toBeUndefined();
  });

  it('resolves undefined when Notific@ answers a not-found code (404 unless configured)', async () => {
    answerWith(infoAnswer('<codigoRespuesta>404</codigoRespuesta><descripcionRespuesta>Envío no encontrado</descripcionRespuesta>'));
    expect(await infoEnvioLigero(caller, { referencia: 'P0123456789ABCDEF012' }, KEY)).toBeUndefined();
    answerWith(infoAnswer('<codigoRespuesta>002</codigoRespuesta><descripcionRespuesta>No existe</descripcionRespuesta>'));
    expect(await infoEnvioLigero(caller, { referencia: 'P0123456789ABCDEF012' }, KEY, undefined, new Set(['002']))).toBeUndefined();
  });

  it('throws a retryable NOTIFICA_TRANSIENT for any other code, so a failed lookup is never taken for "not there"', async () => {
    answerWith(infoAnswer('<codigoRespuesta>999</codigoRespuesta><descripcionRespuesta>Error interno</descripcionRespuesta>'));
    const e = await infoEnvioLigero(caller, { referencia: 'P0123456789ABCDEF012' }, KEY).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'NOTIFICA_TRANSIENT', retryable: true });
  });

  it('takes the answer of another operation as CONNECTOR_BAD_RESPONSE', async () => {
    answerWith(syncAnswer('<codigoRespuesta>000</codigoRespuesta>'));
    expect(await codeOf(infoEnvioLigero(caller, { identificador: 'id-1' }, KEY))).toBe('CONNECTOR_BAD_RESPONSE');
  });

  it('passes transport failures on with their own codes', async () => {
    server.answer = () => ({ status: 401, body: '' });
    expect(await codeOf(infoEnvioLigero(caller, { identificador: 'id-1' }, KEY))).toBe('NOTIFICA_AUTH_REFUSED');
  });
});

describe('sincronizarEnvioOE', () => {
  const cancel: CancelInput = {
    organismo: 'L02000023', identificador: 'id-1', motivo: 'Error en el destinatario <y> & más',
    receptor: { nif: '99000003E', name: 'María Ejemplo Prueba' }, at: new Date('2026-05-04T10:11:12.345Z'),
  };
  const DONE = syncAnswer('<codigoRespuesta>200</codigoRespuesta><descripcionRespuesta>OK</descripcionRespuesta>');

  it('sends its children in the xs:sequence order, all in the sincronizarEnvioOE namespace', async () => {
    answerWith(DONE);
    await sincronizarEnvioOE(caller, cancel, KEY);
    const op = sentOperation('sincronizarEnvioOE');
    expect(op.namespaceURI).toBe(NOTIFICA_NS.sincronizarOE);
    expect(elementsOf(op).map((c) => c.localName)).toEqual(['organismoEmisor', 'identificador', 'tipoEntrega', 'modoNotificacion', 'estado', 'fechaEstado', 'motivo', 'receptor']);
    const receptor = only(op, 'receptor');
    expect(elementsOf(receptor).map((c) => c.localName)).toEqual(['nifReceptor', 'nombreReceptor', 'vinculoReceptor']);
    for (const c of [...elementsOf(op), ...elementsOf(receptor)]) expect(c.namespaceURI).toBe(NOTIFICA_NS.sincronizarOE);
  });

  it('withdraws the envío as notib does: anulada, datado, comparecencia, titular as receptor, no milliseconds', async () => {
    answerWith(DONE);
    await sincronizarEnvioOE(caller, cancel, KEY);
    const op = sentOperation('sincronizarEnvioOE');
    expect(texts(op)).toMatchObject({
      organismoEmisor: 'L02000023', identificador: 'id-1', tipoEntrega: '1', modoNotificacion: '1', estado: 'anulada',
      fechaEstado: '2026-05-04T10:11:12Z', motivo: 'Error en el destinatario <y> & más',
    });
    expect(texts(only(op, 'receptor'))).toEqual({ nifReceptor: '99000003E', nombreReceptor: 'María Ejemplo Prueba', vinculoReceptor: '1' });
  });

  it('posts to SincronizarEnvioWs with its SOAPAction and apiKey header', async () => {
    answerWith(DONE);
    await sincronizarEnvioOE(caller, cancel, KEY);
    expect(server.received[0].path).toBe(SYNC_PATH);
    expect(server.received[0].soapAction).toBe('"sincronizarEnvioOE"');
    const key = apiKeyElement(server.received[0].body);
    expect(key.namespaceURI).toBe(NOTIFICA_NS.v2);
    expect(key.textContent).toBe(KEY);
  });

  it('resolves on 200, its success code', async () => {
    answerWith(DONE);
    await expect(sincronizarEnvioOE(caller, cancel, KEY)).resolves.toBeUndefined();
  });

  it('refuses 000, which is not its success code, with NOTIFICA_REJECTED, not retryable', async () => {
    answerWith(syncAnswer('<codigoRespuesta>000</codigoRespuesta><descripcionRespuesta>OK</descripcionRespuesta>'));
    const err = await failureOf(sincronizarEnvioOE(caller, cancel, KEY));
    expect(err.code).toBe('NOTIFICA_REJECTED');
    expect(err.retryable).toBe(false);
    expect(err.details).toMatchObject({ operation: 'sincronizarEnvioOE', codigoRespuesta: '000' });
  });

  it('refuses any other code with NOTIFICA_REJECTED', async () => {
    answerWith(syncAnswer('<codigoRespuesta>409</codigoRespuesta><descripcionRespuesta>Envío en estado final</descripcionRespuesta>'));
    expect(await codeOf(sincronizarEnvioOE(caller, cancel, KEY))).toBe('NOTIFICA_REJECTED');
  });

  it('takes the answer of another operation as CONNECTOR_BAD_RESPONSE', async () => {
    answerWith(extendAnswer('<codigoRespuesta>200</codigoRespuesta>'));
    expect(await codeOf(sincronizarEnvioOE(caller, cancel, KEY))).toBe('CONNECTOR_BAD_RESPONSE');
  });
});

describe('ampliarPlazoOE', () => {
  const extension = { organismo: 'L02000023', identificadores: ['id-1', 'id-2'], days: 15, motivo: 'Solicitud del interesado' };
  const item = (estado: string, identificador: string, fecha: string, codigo: string, mensaje: string) =>
    `<ampliacionPlazo><estado>${estado}</estado><identificador>${identificador}</identificador><fechaCaducidad>${fecha}</fechaCaducidad><mensajeError>${mensaje}</mensajeError><codigo>${codigo}</codigo></ampliacionPlazo>`;

  it('sends every identificador, the organismo, the days and the reason, with its SOAPAction and apiKey header', async () => {
    answerWith(extendAnswer(`<codigoRespuesta>000</codigoRespuesta><ampliacionesPlazo>${item('OK', 'id-1', '30/06/2026', '000', '')}</ampliacionesPlazo>`));
    await ampliarPlazoOE(caller, extension, KEY);
    expect(server.received[0].path).toBe(SYNC_PATH);
    expect(server.received[0].soapAction).toBe('"ampliarPlazoOE"');
    expect(apiKeyElement(server.received[0].body).textContent).toBe(KEY);
    const op = sentOperation('ampliarPlazoOE');
    expect(op.namespaceURI).toBe(NOTIFICA_NS.ampliarPlazo);
    expect(elementsOf(only(op, 'envios')).map((e) => [e.localName, e.textContent])).toEqual([['identificador', 'id-1'], ['identificador', 'id-2']]);
    expect(texts(op)).toMatchObject({ organismoEmisor: 'L02000023', plazo: '15', motivo: 'Solicitud del interesado' });
  });

  it('gives each envío its own outcome: the new expiry when OK, the code and message when KO', async () => {
    answerWith(extendAnswer(`<codigoRespuesta>000</codigoRespuesta><descripcionRespuesta>OK</descripcionRespuesta><ampliacionesPlazo>${item('OK', 'id-1', '30/06/2026', '000', '')}${item('KO', 'id-2', '', '409', 'Envío en estado final')}</ampliacionesPlazo>`));
    const results = await ampliarPlazoOE(caller, extension, KEY);
    expect(results).toHaveLength(2);
    expect(results[0]).toEqual({ identificador: 'id-1', ok: true, fechaCaducidad: '30/06/2026', error: undefined });
    expect(results[1]).toMatchObject({ identificador: 'id-2', ok: false, fechaCaducidad: undefined });
    expect(results[1].error).toContain('409');
  });

  it('reads a single ampliacionPlazo as one outcome', async () => {
    answerWith(extendAnswer(`<codigoRespuesta>000</codigoRespuesta><ampliacionesPlazo>${item('KO', 'id-1', '', '404', 'Envío no encontrado')}</ampliacionesPlazo>`));
    const results = await ampliarPlazoOE(caller, { ...extension, identificadores: ['id-1'] }, KEY);
    expect(results.map((r) => [r.identificador, r.ok])).toEqual([['id-1', false]]);
  });

  it('bounds the error it keeps from a hostile item', async () => {
    answerWith(extendAnswer(`<codigoRespuesta>000</codigoRespuesta><ampliacionesPlazo>${item('KO', 'id-1', '', '500', 'm'.repeat(10_000))}</ampliacionesPlazo>`));
    const [result] = await ampliarPlazoOE(caller, extension, KEY);
    expect(result.error!.length).toBeLessThanOrEqual(200);
  });

  it('gives no outcomes when Notific@ lists none', async () => {
    answerWith(extendAnswer('<codigoRespuesta>000</codigoRespuesta><descripcionRespuesta>OK</descripcionRespuesta>'));
    expect(await ampliarPlazoOE(caller, extension, KEY)).toEqual([]);
  });

  it('refuses a code other than 000 with NOTIFICA_REJECTED, not retryable', async () => {
    answerWith(extendAnswer('<codigoRespuesta>400</codigoRespuesta><descripcionRespuesta>plazo: debe ser un número</descripcionRespuesta>'));
    const err = await failureOf(ampliarPlazoOE(caller, extension, KEY));
    expect(err.code).toBe('NOTIFICA_REJECTED');
    expect(err.retryable).toBe(false);
  });

  it('takes the answer of another operation as CONNECTOR_BAD_RESPONSE', async () => {
    answerWith(syncAnswer('<codigoRespuesta>000</codigoRespuesta>'));
    expect(await codeOf(ampliarPlazoOE(caller, extension, KEY))).toBe('CONNECTOR_BAD_RESPONSE');
  });
});
