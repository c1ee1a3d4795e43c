import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ExchangeLedger } from './stats';

/**
 * The simulator's own request handler, in front of node-soap. node-soap reads request bodies
 * without any bound and parses whatever it gets, so this front answers `/_sim/*` itself, bounds
 * and screens SOAP bodies (no DOCTYPE, no compression), hands them to node-soap pre-read (it
 * honours `req.body`), and answers 404 for everything else.
 */
export interface FrontOptions {
  /** Path of the WS_SIR6_B endpoint. */
  soapPath: string;
  /** node-soap's request listener, detached from the server. */
  soap: RequestListener;
  ledger: ExchangeLedger;
  /** Largest SOAP request body read, in bytes. */
  maxBodyBytes: number;
  /** Screens the raw envelope (e.g. its WS-Security signature); a string is the reason to refuse it. */
  screen?: (envelope: string) => Promise<string | undefined>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(text);
}

/** A SOAP 1.1 Client fault (HTTP 500, as SOAP 1.1 requires for every fault). */
export function sendClientFault(res: ServerResponse, reason: string): void {
  const xml = '<?xml version="1.0" encoding="utf-8"?>'
    + '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>'
    + `<faultcode>soap:Client</faultcode><faultstring>${reason}</faultstring>`
    + '</soap:Fault></soap:Body></soap:Envelope>';
  res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
  res.end(xml);
}

function handleSim(req: IncomingMessage, res: ServerResponse, path: string, ledger: ExchangeLedger): void {
  if (path === '/_sim/stats') {
    if (req.method !== 'GET') return sendText(res, 405, 'Use GET');
    return sendJson(res, 200, ledger.stats());
  }
  if (path === '/_sim/reset') {
    if (req.method !== 'POST') return sendText(res, 405, 'Use POST');
    ledger.reset();
    return sendJson(res, 200, ledger.stats());
  }
  sendText(res, 404, 'Not found');
}

function readBounded(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function handleSoapPost(req: IncomingMessage, res: ServerResponse, o: FrontOptions): Promise<void> {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') return sendText(res, 415, 'Compressed bodies are not accepted');
  if (Number(req.headers['content-length'] ?? 0) > o.maxBodyBytes) return sendText(res, 413, 'Body too large');
  const body = await readBounded(req, o.maxBodyBytes);
  if (body === undefined) return sendText(res, 413, 'Body too large');
  if (body.length === 0) return sendClientFault(res, 'The request has no SOAP envelope');
  if (/<!DOCTYPE/i.test(body.toString('latin1'))) return sendClientFault(res, 'DOCTYPE declarations are not allowed');
  const refusal = o.screen ? await o.screen(body.toString('utf8')) : undefined;
  if (refusal !== undefined) return sendClientFault(res, refusal.replace(/[<&>]/g, ' '));
  (req as IncomingMessage & { body?: Buffer }).body = body;
  o.soap(req, res);
}

function pathOf(req: IncomingMessage): string {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Build the server's single `request` listener. */
export function createFrontHandler(o: FrontOptions): RequestListener {
  return (req, res) => {
    let path: string;
    try {
      path = pathOf(req);
    } catch {
      return sendText(res, 400, 'Bad request target');
    }
    if (path.startsWith('/_sim/')) return handleSim(req, res, path, o.ledger);
    if (path !== o.soapPath) return sendText(res, 404, 'Not found');
    if (req.method !== 'POST') return o.soap(req, res);
    handleSoapPost(req, res, o).catch(() => {
      if (!res.headersSent) sendText(res, 400, 'The request could not be read');
      else res.destroy();
    });
  };
}
