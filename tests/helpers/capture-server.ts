import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CaptureServer {
  /** A WS_SIR6_B-shaped endpoint URL on the server. */
  url: string;
  /** Every request body received, in order. */
  received: string[];
  close(): Promise<void>;
}

/** A plain HTTP server that records each request body and answers with `answer()` as text/xml. */
export async function startCaptureServer(answer: () => string): Promise<CaptureServer> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(answer());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/CIR_P2P/services/WS_SIR6_B`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
