import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseControlMessage, type ControlMessage } from '../../../src/sir/control-message';

/** A tiny stand-in for pasarela's WS_SIR9 endpoint: records what arrives and answers RespuestaWS. */

const BEAN = 'http://bean.cct.map.es';

export interface Sir9Call {
  contentType?: string;
  soapAction?: string;
  body: string;
  message: ControlMessage;
}

export interface Sir9Receiver {
  url: string;
  port: number;
  calls: Sir9Call[];
  /** The codigo answered from now on. @defaultValue '00' */
  answerWith(codigo: string): void;
  close(): Promise<void>;
  /** Listen again on the same port. */
  reopen(): Promise<void>;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function respuesta(codigo: string): string {
  return '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.manager.cct.map.es"><soapenv:Body>'
    + '<impl:envioMensajeDatosControlAAplicacionResponse><impl:envioMensajeDatosControlAAplicacionReturn>'
    + `<codigo xmlns="${BEAN}">${codigo}</codigo><descripcion xmlns="${BEAN}">${codigo === '00' ? 'Exito' : 'Fallo'}</descripcion>`
    + '</impl:envioMensajeDatosControlAAplicacionReturn></impl:envioMensajeDatosControlAAplicacionResponse></soapenv:Body></soapenv:Envelope>';
}

export async function startSir9Receiver(port = 0): Promise<Sir9Receiver> {
  let codigo = '00';
  const calls: Sir9Call[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const inner = /<impl:mensaje>([\s\S]*)<\/impl:mensaje>/.exec(body)?.[1] ?? '';
      // Only answered successfully messages count as delivered: a refused one is retried.
      if (codigo === '00') {
        calls.push({ contentType: req.headers['content-type'], soapAction: req.headers.soapaction as string | undefined, body, message: parseControlMessage(unescape(inner)) });
      }
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(respuesta(codigo));
    });
  });
  const listen = (p: number) => new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const actual = await listen(port);
  return {
    url: `http://127.0.0.1:${actual}/pasarela/sir/WS_SIR9`,
    port: actual,
    calls,
    answerWith(c) {
      codigo = c;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
    reopen: async () => {
      await listen(actual);
    },
  };
}
