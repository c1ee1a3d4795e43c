import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small response and body helpers shared by the simulator's front and its `/_sim` routes. */

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(text);
}

/** A SOAP 1.1 fault (HTTP 500, as SOAP 1.1 requires for every fault); `reason` must be XML-safe. */
export function sendFault(res: ServerResponse, faultcode: 'soap:Client' | 'soap:Server', reason: string): void {
  const xml = '<?xml version="1.0" encoding="utf-8"?>'
    + '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>'
    + `<faultcode>${faultcode}</faultcode><faultstring>${reason}</faultstring>`
    + '</soap:Fault></soap:Body></soap:Envelope>';
  res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
  res.end(xml);
}

/** The whole body, or undefined once it passes `limit` bytes (the rest is drained, unread). */
export function readBounded(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
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

/** The request's path without a trailing slash, or undefined when its target cannot be parsed. */
export function pathOf(req: IncomingMessage): string | undefined {
  try {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  } catch {
    return undefined;
  }
}
