import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { classifyReceiverStatus, classifyReceiverTransport, postToReceiver, type ReceiverTarget } from '../../../../src/connectors/http/receiver';
import { Errors, isPasarelaError, PasarelaError } from '../../../../src/core/errors';
import { freePort } from '../../../helpers/process';

const TARGET: ReceiverTarget = { service: 'carpeta', label: 'Carpeta Ciudadana', unavailable: Errors.CARPETA_UNAVAILABLE, refused: Errors.CARPETA_REFUSED, details: { route: 'r' } };
const WEBHOOK: ReceiverTarget = { service: 'webhook', label: 'The webhook of L02000023', unavailable: Errors.WEBHOOK_UNAVAILABLE, refused: Errors.WEBHOOK_REFUSED };

describe('classifying a receiver\'s answer', () => {
  it.each([200, 201, 202, 204, 299])('takes HTTP %i as delivered', (status) => {
    expect(classifyReceiverStatus(status, TARGET)).toBeUndefined();
  });

  it.each([408, 429, 500, 502, 503, 504, 599, 0, 99])('retries after HTTP %i (the target\'s unavailable code, retryable)', (status) => {
    expect(classifyReceiverStatus(status, TARGET)).toMatchObject({ code: 'CARPETA_UNAVAILABLE', retryable: true, details: { service: 'carpeta', route: 'r', httpStatus: status } });
  });

  it.each([100, 199, 300, 301, 302, 304, 307, 308, 400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 451])('parks after HTTP %i (the target\'s refused code, not retryable)', (status) => {
    expect(classifyReceiverStatus(status, TARGET)).toMatchObject({ code: 'CARPETA_REFUSED', retryable: false, details: { service: 'carpeta', httpStatus: status } });
  });

  it('uses the codes of the target it is given', () => {
    expect(classifyReceiverStatus(503, WEBHOOK)).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', details: { service: 'webhook' } });
    expect(classifyReceiverStatus(400, WEBHOOK)).toMatchObject({ code: 'WEBHOOK_REFUSED' });
  });
});

describe('classifying a call that got no answer', () => {
  it('retries it, naming the transport code and keeping the original as its cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    const err = classifyReceiverTransport(refused, TARGET, { timedOut: false, timeoutMs: 1000 });
    expect(err).toMatchObject({ code: 'CARPETA_UNAVAILABLE', retryable: true, details: { service: 'carpeta', route: 'r', transportCode: 'ECONNREFUSED' } });
    expect(err.details).not.toHaveProperty('timeoutMs');
    expect(err.cause).toBe(refused);
  });

  it('names the time-out only when its own deadline ran out', () => {
    const aborted = Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' });
    expect(classifyReceiverTransport(aborted, TARGET, { timedOut: true, timeoutMs: 2500 }).details).toMatchObject({ timeoutMs: 2500 });
    expect(classifyReceiverTransport(aborted, TARGET, { timedOut: false, timeoutMs: 2500 }).details).not.toHaveProperty('timeoutMs');
  });

  it('retries something thrown without a code, naming none', () => {
    const err = classifyReceiverTransport('weird', TARGET, { timedOut: false, timeoutMs: 1 });
    expect(err).toMatchObject({ code: 'CARPETA_UNAVAILABLE', retryable: true });
    expect(err.details).not.toHaveProperty('transportCode');
  });

  it('passes a catalog error through unchanged', () => {
    const already = new PasarelaError(Errors.CARPETA_REFUSED);
    expect(classifyReceiverTransport(already, TARGET, { timedOut: false, timeoutMs: 1 })).toBe(already);
  });
});

describe('posting to a receiver', () => {
  const agents = { httpAgent: new http.Agent(), httpsAgent: new https.Agent() };
  const calls: { url: string; body: string; header: string | undefined }[] = [];
  let answer: { status: number | null; body?: string; location?: string } = { status: 200 };
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        calls.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), header: req.headers['x-test'] as string | undefined });
        if (answer.status === null) return;
        res.writeHead(answer.status, answer.location ? { location: answer.location } : {}).end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    agents.httpAgent.destroy();
    agents.httpsAgent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    calls.length = 0;
    answer = { status: 200 };
  });

  const post = (url: string, over: { signal?: AbortSignal; timeoutMs?: number } = {}) =>
    postToReceiver({ url, body: Buffer.from('{"id":"e-1"}'), headers: { 'content-type': 'application/json', 'x-test': 'yes' }, signal: over.signal ?? new AbortController().signal, timeoutMs: over.timeoutMs ?? 5000, ...agents }, TARGET);

  async function rejection(p: Promise<unknown>) {
    const e = await p.then(() => undefined, (err: unknown) => err);
    if (!isPasarelaError(e)) throw new Error(`expected a coded rejection, got ${String(e)}`);
    return e;
  }

  it('sends the body and headers and resolves with the status, whatever it is', async () => {
    expect(await post(`${base}/hook`)).toBe(200);
    expect(calls).toEqual([{ url: '/hook', body: '{"id":"e-1"}', header: 'yes' }]);
    answer = { status: 503 };
    expect(await post(`${base}/hook`)).toBe(503);
  });

  it('does not follow a redirect', async () => {
    answer = { status: 302, location: `${base}/elsewhere` };
    expect(await post(`${base}/hook`)).toBe(302);
    expect(calls.map((c) => c.url)).toEqual(['/hook']);
  });

  it('resolves even when the answer\'s body is larger than it reads', async () => {
    answer = { status: 200, body: 'x'.repeat(200 * 1024) };
    expect(await post(`${base}/hook`)).toBe(200);
  });

  it('rejects with the target\'s retryable code when nothing listens', async () => {
    const err = await rejection(post(`http://127.0.0.1:${await freePort()}/hook`));
    expect(err).toMatchObject({ code: 'CARPETA_UNAVAILABLE', retryable: true, details: { transportCode: 'ECONNREFUSED' } });
  });

  it('rejects with the target\'s retryable code, naming the time-out, when the receiver does not answer in time', async () => {
    answer = { status: null };
    expect(await rejection(post(`${base}/hook`, { timeoutMs: 200 }))).toMatchObject({ code: 'CARPETA_UNAVAILABLE', retryable: true, details: { timeoutMs: 200 } });
  });

  it('rejects with the target\'s retryable code, without a time-out, when the caller aborts', async () => {
    answer = { status: null };
    const abort = new AbortController();
    const pending = post(`${base}/hook`, { signal: abort.signal });
    abort.abort();
    const err = await rejection(pending);
    expect(err).toMatchObject({ code: 'CARPETA_UNAVAILABLE', retryable: true });
    expect(err.details).not.toHaveProperty('timeoutMs');
  });
});
