import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readSoapCall, respuestaEnvelope } from '../../../../src/sir/inbound/soap';

/** One call the application received: which service, the operation and its parameters by position. */
export interface AppCall {
  path: string;
  operation: string;
  params: string[];
}

/**
 * A municipal registry application that speaks SIR, as far as CIR proxy mode needs: a real HTTP
 * server with WS_SIR8_B at `/ws8b` and WS_SIR9 at `/ws9`, recording each call and answering a
 * RespuestaWS with `codigo` (00 unless told otherwise), or resetting the connection while `down`.
 */
export interface TenantApp {
  ws8bUrl: string;
  ws9Url: string;
  calls: AppCall[];
  /** Requests refused by resetting the connection (while down). */
  resets: number;
  setDown(down: boolean): void;
  setCodigo(codigo: string): void;
  close(): Promise<void>;
}

export async function startTenantApp(): Promise<TenantApp> {
  let down = false;
  let codigo = '00';
  const app: TenantApp = {
    ws8bUrl: '', ws9Url: '', calls: [], resets: 0,
    setDown: (d) => { down = d; },
    setCodigo: (c) => { codigo = c; },
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    if (down) {
      app.resets++;
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = readSoapCall(Buffer.concat(chunks).toString('utf8'));
      app.calls.push({ path: req.url ?? '', ...call });
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(respuestaEnvelope(call.operation, codigo, codigo === '00' ? 'Exito' : 'ERROR EN LA VALIDACION FORMATO XML'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.ws8bUrl = `${base}/ws8b`;
  app.ws9Url = `${base}/ws9`;
  app.close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return app;
}
