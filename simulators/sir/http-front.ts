import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { pathOf, readBounded, sendFault, sendText } from './http-util';
import type { FaultInjector } from './injector';
import { handleSim, type SimControl } from './sim-control';

/**
 * The simulator's own request handler, in front of node-soap. node-soap reads request bodies
 * without any bound and parses whatever it gets, so this front answers `/_sim/*` itself, bounds
 * and screens SOAP bodies (no DOCTYPE, no compression), lets the fault injector decide each
 * request's fate, hands the body to node-soap pre-read (it honours `req.body`), and answers 404
 * for everything else.
 */
export interface FrontOptions {
  /** Path of the WS_SIR6_B endpoint. */
  soapPath: string;
  /** node-soap's request listener, detached from the server. */
  soap: RequestListener;
  control: SimControl;
  injector: FaultInjector;
  /** Largest SOAP request body read, in bytes. */
  maxBodyBytes: number;
  /** Screens the raw envelope (e.g. its WS-Security signature); a string is the reason to refuse it. */
  screen?: (envelope: string) => Promise<string | undefined>;
}

async function handleSoapPost(req: IncomingMessage, res: ServerResponse, o: FrontOptions): Promise<void> {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') return sendText(res, 415, 'Compressed bodies are not accepted');
  if (Number(req.headers['content-length'] ?? 0) > o.maxBodyBytes) return sendText(res, 413, 'Body too large');
  const body = await readBounded(req, o.maxBodyBytes);
  if (body === undefined) return sendText(res, 413, 'Body too large');
  if (body.length === 0) return sendFault(res, 'soap:Client', 'The request has no SOAP envelope');
  if (/<!DOCTYPE/i.test(body.toString('latin1'))) return sendFault(res, 'soap:Client', 'DOCTYPE declarations are not allowed');
  const refusal = o.screen ? await o.screen(body.toString('utf8')) : undefined;
  if (refusal !== undefined) return sendFault(res, 'soap:Client', refusal.replace(/[<&>]/g, ' '));
  (req as IncomingMessage & { body?: Buffer }).body = body;
  await o.injector.apply(req, res, () => o.soap(req, res));
}

/** Build the server's single `request` listener. */
export function createFrontHandler(o: FrontOptions): RequestListener {
  return (req, res) => {
    const path = pathOf(req);
    if (path === undefined) return sendText(res, 400, 'Bad request target');
    if (path.startsWith('/_sim/')) return handleSim(req, res, path, o.control);
    if (path !== o.soapPath) return sendText(res, 404, 'Not found');
    if (req.method !== 'POST') return o.soap(req, res);
    handleSoapPost(req, res, o).catch(() => {
      if (!res.headersSent) sendText(res, 400, 'The request could not be read');
      else res.destroy();
    });
  };
}
