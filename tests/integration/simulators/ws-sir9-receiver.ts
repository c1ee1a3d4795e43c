import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseControlMessage, type ControlMessage } from '../../../src/sir/control-message';
import type { ParsedFichero } from '../../../src/sir/fichero';
import { readSoapCall, respuestaEnvelope } from '../../../src/sir/inbound/soap';
import { parseFichero } from '../../../src/sir/parse-fichero';

/**
 * A tiny stand-in for pasarela's SIR endpoints: `…/WS_SIR9` (control messages) and `…/WS_SIR8_B`
 * (ficheros, read with pasarela's own lenient SOAP reader). Records what arrives and answers a
 * RespuestaWS.
 */

const BEAN = 'http://bean.cct.map.es';
const CIR = 'http://cir.impl.manager.cct.map.es';

export interface Sir9Call {
  contentType?: string;
  soapAction?: string;
  body: string;
  message: ControlMessage;
}

export interface Sir8Call {
  path: string;
  body: string;
  /** The SOAP operation's local name. */
  operation: string;
  /** The `registro` text as pasarela reads it. */
  registro: string;
  /** The second parameter (`firmaRegistro`). */
  firma: string | undefined;
  fichero: ParsedFichero;
}

export interface Sir9Receiver {
  /** The WS_SIR9 URL (`…/pasarela/sir/WS_SIR9`); WS_SIR8_B is next to it. */
  url: string;
  /** The WS_SIR8_B URL. */
  ficheroUrl: string;
  port: number;
  calls: Sir9Call[];
  ficheros: Sir8Call[];
  /** Arrival order across both services: `WS_SIR9:<Tipo_Mensaje>` or `WS_SIR8_B:<Tipo_Anotacion>`. */
  order: string[];
  /** The codigo WS_SIR9 answers from now on. @defaultValue '00' */
  answerWith(codigo: string): void;
  /** What WS_SIR8_B answers from now on: a codigo, or `fault` for an HTTP 500 SOAP fault. @defaultValue '00' */
  answerFicherosWith(answer: string): void;
  /** Forget every call and answer `00` again. */
  clear(): void;
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

const FAULT = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>'
  + '<faultcode>soapenv:Server</faultcode><faultstring>The request could not be recorded; try again</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';

export async function startSir9Receiver(port = 0): Promise<Sir9Receiver> {
  let codigo = '00';
  let ficheroAnswer = '00';
  const calls: Sir9Call[] = [];
  const ficheros: Sir8Call[] = [];
  const order: string[] = [];

  function takeFichero(path: string, body: string, res: http.ServerResponse): void {
    if (ficheroAnswer === 'fault') {
      res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
      return void res.end(FAULT);
    }
    const call = readSoapCall(body);
    const registro = call.params[0] ?? '';
    // Only ficheros answered 00 count as delivered: a refused one is retried.
    if (ficheroAnswer === '00') {
      const fichero = parseFichero(registro);
      ficheros.push({ path, body, operation: call.operation, registro, firma: call.params[1], fichero });
      order.push(`WS_SIR8_B:${fichero.control?.Tipo_Anotacion}`);
    }
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(respuestaEnvelope('envioFicherosAAplicacion', ficheroAnswer, ficheroAnswer === '00' ? 'Exito' : 'ERROR EN LA VALIDACION FORMATO XML: simulada', CIR));
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path.endsWith('/WS_SIR8_B')) return takeFichero(path, body, res);
      const inner = /<impl:mensaje>([\s\S]*)<\/impl:mensaje>/.exec(body)?.[1] ?? '';
      if (codigo === '00') {
        const message = parseControlMessage(unescape(inner));
        calls.push({ contentType: req.headers['content-type'], soapAction: req.headers.soapaction as string | undefined, body, message });
        order.push(`WS_SIR9:${message.type}`);
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
    ficheroUrl: `http://127.0.0.1:${actual}/pasarela/sir/WS_SIR8_B`,
    port: actual,
    calls,
    ficheros,
    order,
    answerWith(c) {
      codigo = c;
    },
    answerFicherosWith(a) {
      ficheroAnswer = a;
    },
    clear() {
      calls.length = 0;
      ficheros.length = 0;
      order.length = 0;
      codigo = '00';
      ficheroAnswer = '00';
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
