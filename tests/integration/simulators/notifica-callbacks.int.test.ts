import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { NOTIFICA_NS } from '../../../src/connectors/notifica/remesa';
import { startNotificaSimulator, type NotificaSimulator, type NotificaSimulatorOptions } from '../../../simulators/notifica';
import { exampleRemesa, EXAMPLE_ORGANISMO } from '../../../simulators/notifica/examples';
import { altaRemesaElement, anularElement, callSimulator, soapRequest, type SentRemesa } from '../../../simulators/notifica/requests';
import { child, readXml, textOf, type XmlElement } from '../../../simulators/notifica/xml-read';

const KEY = 'clave-de-prueba';
const SEQUENCE = ['organismoEmisor', 'identificador', 'tipoEntrega', 'modoNotificacion', 'estado', 'fechaEstado', 'receptor', 'acusePDF'];

/** One callback as pasarela's AdviserWsV2 endpoint would see it. */
interface Received {
  soapAction?: string;
  contentType?: string;
  /** The Header's children. */
  header: XmlElement[];
  /** The Body's `sincronizarEnvio` element. */
  call: XmlElement;
  identificador: string;
  estado: string;
}

/**
 * A pasarela-like callback receiver: records each sincronizarEnvio and answers
 * resultadoSincronizarEnvio with the code `answer` picks (000 by default).
 */
async function startReceiver() {
  const calls: Received[] = [];
  let answer: (c: Received, n: number) => string | 'http-500' = () => '000';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const root = readXml(Buffer.concat(chunks).toString('utf8'), { maxBytes: 1 << 20, maxDepth: 16, maxTags: 1000 });
      const call = child(root, 'Body')?.children[0] as XmlElement;
      const r: Received = {
        soapAction: req.headers.soapaction as string | undefined, contentType: req.headers['content-type'],
        header: child(root, 'Header')?.children ?? [], call, identificador: textOf(call, 'identificador') ?? '', estado: textOf(call, 'estado') ?? '',
      };
      calls.push(r);
      const code = answer(r, calls.filter((c) => c.identificador === r.identificador && c.estado === r.estado).length);
      if (code === 'http-500') {
        res.writeHead(500);
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><sin:resultadoSincronizarEnvio xmlns:sin="${NOTIFICA_NS.adviser}">`
        + `<sin:identificador>${r.identificador}</sin:identificador><sin:codigoRespuesta>${code}</sin:codigoRespuesta><sin:descripcionRespuesta>x</sin:descripcionRespuesta>`
        + '</sin:resultadoSincronizarEnvio></s:Body></s:Envelope>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pasarela/notifica/adviser`,
    calls,
    of: (id: string) => calls.filter((c) => c.identificador === id),
    answerWith(f: typeof answer) {
      answer = f;
    },
    clear() {
      calls.length = 0;
      answer = () => '000';
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function eventually(probe: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(10)) if (probe()) return;
  throw new Error('the condition never held');
}

describe('Notific@ simulator state callbacks (real HTTP both ways)', () => {
  let receiver: Receiver;
  const sims: NotificaSimulator[] = [];

  async function simulator(o: Partial<NotificaSimulatorOptions> = {}): Promise<NotificaSimulator> {
    const sim = await startNotificaSimulator({ port: 0, apiKeys: [KEY], callbackUrl: receiver.url, stepDelayMs: [1, 5], callbackRetryBaseMs: 5, ...o });
    sims.push(sim);
    return sim;
  }

  async function submit(sim: NotificaSimulator, remesa: SentRemesa): Promise<string[]> {
    const a = await callSimulator(sim.notificaWsUrl, soapRequest(altaRemesaElement(remesa), KEY));
    return (child(a.result, 'resultadoEnvios')?.children ?? []).map((item) => textOf(item, 'identificador') ?? '');
  }

  const estados = (id: string) => receiver.of(id).map((c) => c.estado);

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    await receiver.close();
  });
  beforeEach(() => receiver.clear());

  it('drives a read notificación through pendiente_envio, enviado_deh and notificada, calling back each state in order with qualified children', async () => {
    const sim = await simulator();
    const [id] = await submit(sim, exampleRemesa({ referencia: 'READ' }));
    await eventually(() => receiver.of(id).length === 3);
    expect(estados(id)).toEqual(['pendiente_envio', 'enviado_deh', 'notificada']);
    const [first, , last] = receiver.of(id);
    expect([first.soapAction, first.contentType]).toEqual(['"sincronizarEnvio"', 'text/xml; charset=utf-8']);
    expect([last.call.name, last.call.ns]).toEqual(['sincronizarEnvio', NOTIFICA_NS.adviser]);
    expect(last.call.children.map((c) => c.name)).toEqual(SEQUENCE);
    expect(last.call.children.every((c) => c.ns === NOTIFICA_NS.adviser)).toBe(true);
    expect(first.call.children.map((c) => c.name)).toEqual(SEQUENCE.slice(0, 6));
    expect(receiver.of(id).map((c) => [textOf(c.call, 'organismoEmisor'), textOf(c.call, 'tipoEntrega'), textOf(c.call, 'modoNotificacion')]))
      .toEqual([[EXAMPLE_ORGANISMO, '1', '4'], [EXAMPLE_ORGANISMO, '1', '4'], [EXAMPLE_ORGANISMO, '2', '4']]);
    expect(textOf(last.call, 'fechaEstado')).toBe(sim.envio(id)?.history[2].fecha);
    const receptor = child(last.call, 'receptor');
    expect([textOf(receptor, 'nifReceptor'), textOf(receptor, 'nombreReceptor'), textOf(receptor, 'vinculoReceptor')]).toEqual(['00000001R', 'Persona Ejemplo 1', '1']);
    const acuse = child(last.call, 'acusePDF');
    const bytes = Buffer.from(textOf(acuse, 'contenido') ?? '', 'base64');
    expect(bytes.toString('utf8')).toBe(`%PDF-1.4\n% acuse ${id} notificada\n%%EOF`);
    expect(textOf(acuse, 'hash')).toBe(createHash('sha256').update(bytes).digest('base64'));
    expect(textOf(acuse, 'csvResguardo')).toMatch(/^SIM[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(last.header).toEqual([]);
    await eventually(() => sim.stats().callbacks.ok === 3);
    expect(sim.stats().callbacks).toEqual({ sent: 3, ok: 3, failed: 0, lost: 0, duplicated: 0, gaveUp: 0 });
    expect(sim.envio(id)).toMatchObject({ estado: 'notificada', final: true });
  });

  it('ends a read comunicación in leida', async () => {
    const sim = await simulator();
    const [id] = await submit(sim, exampleRemesa({ tipoEnvio: 1 }));
    await eventually(() => receiver.of(id).length === 3);
    expect(estados(id)).toEqual(['pendiente_envio', 'enviado_deh', 'leida']);
  });

  it('drives the rejected and expired scenarios to rehusada (with receptor) and expirada (acuse, no receptor)', async () => {
    const sim = await simulator({ scenarios: [{ match: { nif: '00000001R' }, scenario: 'rejected' }, { match: { nif: '00000002W' }, scenario: 'expired' }] });
    const [rejected, expired] = await submit(sim, exampleRemesa({ envios: 2 }));
    await eventually(() => receiver.of(rejected).length === 3 && receiver.of(expired).length === 3);
    expect(estados(rejected)).toEqual(['pendiente_envio', 'enviado_deh', 'rehusada']);
    expect(estados(expired)).toEqual(['pendiente_envio', 'enviado_deh', 'expirada']);
    expect(receiver.of(rejected)[2].call.children.map((c) => c.name)).toEqual(SEQUENCE);
    expect(receiver.of(expired)[2].call.children.map((c) => c.name)).toEqual(SEQUENCE.filter((n) => n !== 'receptor'));
    expect(textOf(receiver.of(expired)[2].call, 'tipoEntrega')).toBe('2');
  });

  it('drives the postal scenario through the CIE states with modoNotificacion 3', async () => {
    const sim = await simulator({ scenarios: [{ match: { conceptIncludes: 'POSTAL' }, scenario: 'postal' }] });
    const [id] = await submit(sim, exampleRemesa({ concepto: 'Envío postal de prueba' }));
    await eventually(() => receiver.of(id).length === 5);
    expect(estados(id)).toEqual(['pendiente_envio', 'pendiente_cie', 'enviado_ci', 'entregado_op', 'notificada']);
    expect(new Set(receiver.of(id).map((c) => textOf(c.call, 'modoNotificacion')))).toEqual(new Set(['3']));
  });

  it('sends unqualified children under a qualified wrapper in the unqualified style, and the apiKey header when set', async () => {
    const sim = await simulator({ callbackStyle: 'unqualified', callbackApiKey: 'clave-callback' });
    const [id] = await submit(sim, exampleRemesa());
    await eventually(() => receiver.of(id).length === 3);
    const last = receiver.of(id)[2];
    expect([last.call.name, last.call.ns]).toEqual(['sincronizarEnvio', NOTIFICA_NS.adviser]);
    expect(last.call.children.map((c) => c.name)).toEqual(SEQUENCE);
    expect(last.call.children.every((c) => c.ns === '')).toBe(true);
    expect(child(last.call, 'receptor')?.children.every((c) => c.ns === '')).toBe(true);
    expect(last.header.map((h) => [h.name, h.ns, h.text])).toEqual([['apiKey', NOTIFICA_NS.v2, 'clave-callback']]);
  });

  it('retries a callback answered 002 with backoff until it is answered 000, keeping the order', async () => {
    const sim = await simulator();
    receiver.answerWith((c, n) => (c.estado === 'pendiente_envio' && n <= 2 ? '002' : '000'));
    const [id] = await submit(sim, exampleRemesa());
    // The receiver sees a call before the simulator records its answer: wait for the record.
    await eventually(() => sim.stats().callbacks.ok === 3);
    expect(estados(id)).toEqual(['pendiente_envio', 'pendiente_envio', 'pendiente_envio', 'enviado_deh', 'notificada']);
    expect(sim.callbacks().filter((c) => c.identificador === id).map((c) => [c.estado, c.attempt, c.status, c.codigo]))
      .toEqual([['pendiente_envio', 1, 'failed', '002'], ['pendiente_envio', 2, 'failed', '002'], ['pendiente_envio', 3, 'ok', '000'], ['enviado_deh', 1, 'ok', '000'], ['notificada', 1, 'ok', '000']]);
    expect(sim.stats().callbacks).toMatchObject({ sent: 5, ok: 3, failed: 2, gaveUp: 0 });
  });

  it('gives up a callback after callbackRetries failures, counting each, and goes on with the next state', async () => {
    const sim = await simulator({ callbackRetries: 2 });
    receiver.answerWith((c) => (c.estado === 'enviado_deh' ? 'http-500' : c.estado === 'notificada' ? '666' : '000'));
    const [id] = await submit(sim, exampleRemesa());
    await eventually(() => sim.stats().callbacks.gaveUp === 2);
    expect(estados(id)).toEqual(['pendiente_envio', 'enviado_deh', 'enviado_deh', 'enviado_deh', 'notificada', 'notificada', 'notificada']);
    const tries = sim.callbacks().filter((c) => c.estado === 'enviado_deh');
    expect(tries.map((c) => [c.attempt, c.reason, c.gaveUp])).toEqual([[1, 'HTTP 500', undefined], [2, 'HTTP 500', undefined], [3, 'HTTP 500', true]]);
    expect(sim.stats().callbacks).toEqual({ sent: 7, ok: 1, failed: 6, lost: 0, duplicated: 0, gaveUp: 2 });
  });

  it('with callbackBeforeAnswer, sends the first callback before the altaRemesaEnvios answer is written', async () => {
    const sim = await simulator({ faults: { callbackBeforeAnswer: true } });
    const known = new Set<string>();
    const arrivedBeforeAnswer: string[] = [];
    // Like pasarela: an identificador it has not recorded yet is answered 002.
    receiver.answerWith((c, n) => {
      if (n === 1 && known.size === 0) arrivedBeforeAnswer.push(`${c.identificador}:${c.estado}`);
      return known.has(c.identificador) ? '000' : '002';
    });
    const ids = await submit(sim, exampleRemesa({ envios: 2 }));
    ids.forEach((id) => known.add(id));
    expect(arrivedBeforeAnswer.sort()).toEqual(ids.map((id) => `${id}:pendiente_envio`).sort());
    await eventually(() => ids.every((id) => sim.callbacks().some((c) => c.identificador === id && c.estado === 'notificada' && c.status === 'ok')));
    for (const id of ids) {
      const first = sim.callbacks().filter((c) => c.identificador === id && c.estado === 'pendiente_envio');
      expect(first[0]).toMatchObject({ attempt: 1, status: 'failed', codigo: '002' });
      expect(first[first.length - 1]).toMatchObject({ status: 'ok', codigo: '000' });
    }
  });

  it('cancels through sincronizarEnvioOE and calls back anulada after the earlier states, then nothing more', async () => {
    const sim = await simulator({ scenarios: [{ match: {}, scenario: 'silent' }] });
    const [id] = await submit(sim, exampleRemesa());
    await eventually(() => receiver.of(id).length === 1);
    const a = await callSimulator(sim.sincronizarEnvioWsUrl, soapRequest(anularElement({ organismoEmisor: EXAMPLE_ORGANISMO, identificador: id, fechaEstado: '2025-06-02T12:00:00' }), KEY), 'sincronizarEnvioOE');
    expect(textOf(a.result, 'codigoRespuesta')).toBe('200');
    await eventually(() => receiver.of(id).length === 2);
    expect(estados(id)).toEqual(['pendiente_envio', 'anulada']);
    expect(textOf(receiver.of(id)[1].call, 'tipoEntrega')).toBe('1');
    expect(receiver.of(id)[1].call.children.map((c) => c.name)).toEqual(SEQUENCE.slice(0, 6));
  });

  it('never calls back a stuck envío, calls back only the creation state of a silent one, and advances states without a callback URL', async () => {
    const sim = await simulator({ scenarios: [{ match: { nif: '00000001R' }, scenario: 'stuck' }, { match: { nif: '00000002W' }, scenario: 'silent' }] });
    const [stuck, silent, read] = await submit(sim, exampleRemesa({ envios: 3 }));
    await eventually(() => estados(read).length === 3 && estados(silent).length === 1);
    expect(receiver.of(stuck)).toEqual([]);
    expect(sim.envio(stuck)?.history).toHaveLength(1);
    const quiet = await simulator({ callbackUrl: undefined });
    const [alone] = await submit(quiet, exampleRemesa());
    await eventually(() => quiet.envio(alone)?.estado === 'notificada');
    expect(receiver.of(alone)).toEqual([]);
    expect(quiet.stats().callbacks.sent).toBe(0);
  });

  it('loses every callback at callbackLossRate 1 and sends each twice at callbackDuplicateRate 1', async () => {
    const lossy = await simulator({ faults: { callbackLossRate: 1 } });
    const [lost] = await submit(lossy, exampleRemesa());
    await eventually(() => lossy.envio(lost)?.final === true);
    expect(receiver.of(lost)).toEqual([]);
    expect(lossy.stats().callbacks).toMatchObject({ sent: 0, lost: 3 });
    const doubled = await simulator({ faults: { callbackDuplicateRate: 1 } });
    const [twice] = await submit(doubled, exampleRemesa());
    await eventually(() => doubled.stats().callbacks.ok === 6);
    expect(estados(twice)).toEqual(['pendiente_envio', 'pendiente_envio', 'enviado_deh', 'enviado_deh', 'notificada', 'notificada']);
    expect(doubled.stats().callbacks).toMatchObject({ sent: 6, ok: 6, duplicated: 3 });
    expect(doubled.callbacks().map((c) => c.copy)).toEqual([1, 2, 1, 2, 1, 2]);
  });
});
