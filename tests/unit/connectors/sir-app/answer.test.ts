import { interpretAppAnswer } from '../../../../src/connectors/sir-app';
import { readAppAnswer, ws8bEnvelope, ws9Envelope } from '../../../../src/connectors/sir-app/soap';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';
import { readSoapCall, respuestaEnvelope } from '../../../../src/sir/inbound/soap';

const relay = { kind: 'control' as const, exchangeId: 'O00012345_26_00000001' };

function failure(status: number, body: string): PasarelaError {
  try {
    interpretAppAnswer(status, body, relay);
  } catch (e) {
    if (isPasarelaError(e)) return e;
  }
  throw new Error('expected a coded error');
}

const fault11 = (code: string) => `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:${code}</faultcode><faultstring>boom</faultstring></s:Fault></s:Body></s:Envelope>`;
const fault12 = '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text>down</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>';

describe('the calls pasarela makes to a tenant\'s registry application', () => {
  it('writes WS_SIR8_B and WS_SIR9 so that a lenient reader gets the document back byte for byte, firma empty', () => {
    const doc = '<?xml version="1.0"?>\n<De_Mensaje><Descripcion_Mensaje>a < b & "c" ]]></Descripcion_Mensaje></De_Mensaje>';
    expect(readSoapCall(ws8bEnvelope(doc))).toEqual({ operation: 'envioFicherosAAplicacion', params: [doc, ''] });
    expect(readSoapCall(ws9Envelope(doc))).toEqual({ operation: 'envioMensajeDatosControlAAplicacion', params: [doc, ''] });
  });

  it('writes a carriage return as a character reference, which an XML parser would otherwise turn into a line feed', () => {
    expect(ws8bEnvelope('a\r\nb')).toContain('a&#13;\nb');
  });
});

describe('reading a registry application\'s answer', () => {
  it('reads a RespuestaWS whatever its prefixes and nesting', () => {
    expect(readAppAnswer(respuestaEnvelope('envioFicherosAAplicacion', '00', 'Exito', 'http://cir.impl.manager.cct.map.es')))
      .toEqual({ kind: 'respuesta', codigo: '00', descripcion: 'Exito' });
    const bare = '<Envelope><Body><r><x><codigo> 0037 </codigo><descripcion>mal</descripcion></x></r></Body></Envelope>';
    expect(readAppAnswer(bare)).toEqual({ kind: 'respuesta', codigo: '0037', descripcion: 'mal' });
  });

  it('reads SOAP 1.1 and 1.2 faults', () => {
    expect(readAppAnswer(fault11('Client'))).toEqual({ kind: 'fault', faultCode: 's:Client', faultString: 'boom' });
    expect(readAppAnswer(fault12)).toEqual({ kind: 'fault', faultCode: 'env:Receiver', faultString: 'down' });
  });

  it('calls unreadable what is not XML, carries a DOCTYPE, has no SOAP Body or no codigo', () => {
    const hostile = [
      '', 'plain text', '<a><b></a>', '<!DOCTYPE x [<!ENTITY e "00">]><Envelope><Body><codigo>&e;</codigo></Body></Envelope>',
      '<Envelope/>', '<Envelope><Body><codigo></codigo></Body></Envelope>', '<html><body>502 Bad Gateway</body></html>',
    ];
    for (const body of hostile) expect(readAppAnswer(body)).toEqual({ kind: 'unreadable' });
    expect(readAppAnswer(undefined as unknown as string)).toEqual({ kind: 'unreadable' });
  });
});

describe('what an answer means for the relay', () => {
  it('00 is delivered, with the exchange as a key but no exchangeId key (a relay opens no exchange)', () => {
    const receipt = interpretAppAnswer(200, respuestaEnvelope('envioMensajeDatosControlAAplicacion', '00', 'Exito'), relay);
    expect(receipt).toEqual({ code: '00', description: 'Exito', keys: { relayedExchange: relay.exchangeId, operation: 'WS_SIR9' } });
    expect(receipt.keys).not.toHaveProperty('exchangeId');
  });

  it('a duplicate code (0205, 0206) is delivered: the application already holds it', () => {
    expect(interpretAppAnswer(200, respuestaEnvelope('x', '0206', 'duplicado'), relay).keys).toMatchObject({ alreadyReceived: 'true' });
  });

  it('another code is the application\'s refusal, not retried', () => {
    const e = failure(200, respuestaEnvelope('x', '0037', 'ERROR EN LA VALIDACION'));
    expect(e).toMatchObject({ code: 'SIR_APP_REFUSED', retryable: false });
    expect(e.details).toMatchObject({ appCode: '0037', operation: 'WS_SIR9' });
  });

  it('a Server fault, a 5xx or an unreadable 200 is retried; a Client fault or a 4xx is not', () => {
    expect(failure(500, fault11('Server'))).toMatchObject({ code: 'CONNECTOR_SERVER_ERROR', retryable: true });
    expect(failure(500, fault12)).toMatchObject({ code: 'CONNECTOR_SERVER_ERROR', retryable: true });
    expect(failure(503, '<html>busy</html>')).toMatchObject({ code: 'CONNECTOR_SERVER_ERROR', retryable: true });
    expect(failure(200, 'garbage')).toMatchObject({ code: 'CONNECTOR_BAD_RESPONSE', retryable: true });
    expect(failure(500, fault11('Client'))).toMatchObject({ code: 'CONNECTOR_CLIENT_FAULT', retryable: false });
    expect(failure(401, '')).toMatchObject({ code: 'CONNECTOR_CLIENT_FAULT', retryable: false });
  });
});
