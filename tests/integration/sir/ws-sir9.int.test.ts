import { buildControlMessage, type ControlMessage } from '../../../src/sir/control-message';
import { exampleEntry, getMessage, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

function soapCall(mensaje: string, opts: { qualified?: boolean; names?: [string, string] } = {}): string {
  const [first, second] = opts.names ?? ['mensaje', 'firma'];
  const escaped = mensaje.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const op = opts.qualified === false ? '<envioMensajeDatosControlAAplicacion>' : '<impl:envioMensajeDatosControlAAplicacion>';
  const end = opts.qualified === false ? '</envioMensajeDatosControlAAplicacion>' : '</impl:envioMensajeDatosControlAAplicacion>';
  return '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.manager.cct.map.es"><soapenv:Body>'
    + `${op}<${first}>${escaped}</${first}><${second}></${second}>${end}</soapenv:Body></soapenv:Envelope>`;
}

async function callWsSir9(stack: TestStack, body: string) {
  const res = await fetch(`${stack.url}/sir/WS_SIR9`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"whatever"' }, body });
  const text = await res.text();
  return { status: res.status, text, codigo: /<codigo[^>]*>([^<]*)</.exec(text)?.[1] };
}

describe('WS_SIR9: control messages from the CIR about exchanges we sent (real RabbitMQ, journal, SIR simulator)', () => {
  let stack: TestStack;
  let id: string;
  let exchangeId: string;
  const office = exampleEntry().origin.office;
  const message = (m: Partial<ControlMessage>): string => buildControlMessage({
    originOffice: 'O00099999', destinationOffice: office, exchangeId, type: '01', testIndicator: '0', ...m,
  } as ControlMessage);

  beforeAll(async () => {
    stack = await startStack();
    id = (await post(stack, exampleEntry())).body.id;
    const done = await waitFor(() => getMessage(stack, id), (m) => m.body.status === 'delivered');
    exchangeId = done.body.exchangeId;
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('starts the exchange life cycle as sent once SIR took the fichero', async () => {
    expect((await getMessage(stack, id)).body.exchange).toMatchObject({ state: 'sent', registryNumber: null });
  });

  it('serves its WSDL with its own address', async () => {
    const res = await fetch(`${stack.url}/sir/WS_SIR9?wsdl`);
    expect(res.status).toBe(200);
    const wsdl = await res.text();
    expect(wsdl).toContain('envioMensajeDatosControlAAplicacion');
    expect(wsdl).toContain(`${stack.url}/sir/WS_SIR9`);
  });

  it('takes an ACK with parameters named by position and an unqualified operation, and moves the exchange to acknowledged', async () => {
    const answer = await callWsSir9(stack, soapCall(message({ type: '01', description: 'ACK' }), { qualified: false, names: ['value0', 'value1'] }));
    expect(answer).toMatchObject({ status: 200, codigo: '00' });
    const view = (await getMessage(stack, id)).body;
    expect(view.exchange.state).toBe('acknowledged');
    expect(view.history.at(-1)).toMatchObject({ event: 'sir-ack', outcome: 'ok' });
  });

  it('takes the CONFIRMACIÓN with the destination\'s registry number and date, and tolerates it twice', async () => {
    const confirmation = message({ type: '03', destinationRegistryNumber: 'DEST/2026/77', destinationRegistryDate: '20261125113000' });
    expect((await callWsSir9(stack, soapCall(confirmation))).codigo).toBe('00');
    const hops = (await getMessage(stack, id)).body.history.length;
    expect((await callWsSir9(stack, soapCall(confirmation))).codigo).toBe('00');
    const view = (await getMessage(stack, id)).body;
    expect(view.exchange).toMatchObject({ state: 'confirmed', registryNumber: 'DEST/2026/77', registryDate: '20261125113000' });
    expect(view.history).toHaveLength(hops);
    expect(view.history.at(-1)).toMatchObject({ event: 'sir-confirmed', detail: expect.stringContaining('DEST/2026/77') });
  });

  it('answers 0037 to a control message about an exchange we never sent', async () => {
    const foreign = buildControlMessage({ originOffice: 'O00099999', destinationOffice: office, exchangeId: `${office}_26_99999999`, type: '01', testIndicator: '0' });
    expect((await callWsSir9(stack, soapCall(foreign))).codigo).toBe('0037');
  });

  it('answers 0037 to a control message that is not a valid De_Mensaje', async () => {
    expect((await callWsSir9(stack, soapCall('<De_Mensaje><Tipo_Mensaje>01</Tipo_Mensaje></De_Mensaje>'))).codigo).toBe('0037');
  });

  it('answers a SOAP Client fault to a request it cannot read, and stays up', async () => {
    for (const body of ['not xml at all', '<!DOCTYPE x [<!ENTITY a "b">]><x/>', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>']) {
      const answer = await callWsSir9(stack, body);
      expect(answer.status).toBe(500);
      expect(answer.text).toContain('soapenv:Client');
    }
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });
});
