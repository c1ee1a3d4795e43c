import { DOMParser, type Element } from '@xmldom/xmldom';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SOAP_ENV_NS } from '../../../../src/connectors/notifica/xml';

/** One request the canned server received. */
export interface Received {
  path: string;
  soapAction: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** What the server answers a request with; `hang` never answers. */
export type Canned = { status?: number; body: string } | 'hang';

export interface CannedServer {
  /** Base URL, no trailing slash. */
  url: string;
  received: Received[];
  /** The answer to the next requests; change it per test. */
  answer: (r: Received) => Canned;
  close(): Promise<void>;
}

/** A tiny local HTTP server on 127.0.0.1 that records each request and answers canned text/xml. */
export async function startCannedServer(): Promise<CannedServer> {
  const state: CannedServer = {
    url: '',
    received: [],
    answer: () => ({ body: '' }),
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        path: req.url ?? '',
        soapAction: req.headers.soapaction as string | undefined,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      };
      state.received.push(r);
      const canned = state.answer(r);
      if (canned === 'hang') return;
      res.writeHead(canned.status ?? 200, { 'content-type': 'text/xml; charset=utf-8' }).end(canned.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

/** A URL on which nothing listens: a port that was just bound and released. */
export async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A SOAP 1.1 answer envelope around `bodyXml`. */
export function soapAnswer(bodyXml: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}"><soapenv:Body>${bodyXml}</soapenv:Body></soapenv:Envelope>`;
}

/** A SOAP 1.1 fault with `faultcode` as given (`soapenv:Server`, `soapenv:Client`…). */
export function faultAnswer(faultcode: string, faultstring = 'boom'): string {
  return soapAnswer(`<soapenv:Fault><faultcode>${faultcode}</faultcode><faultstring>${faultstring}</faultstring></soapenv:Fault>`);
}

/** Parse XML text strictly (any xmldom error or fatal error fails the test) and give its root element. */
export function parseXml(xml: string): Element {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') errors.push(message); } }).parseFromString(xml, 'text/xml');
  expect(errors).toEqual([]);
  return doc.documentElement as Element;
}

export function elementsOf(e: Element): Element[] {
  return Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1);
}

/** The one child of `e` with this local name (fails the test unless exactly one). */
export function only(e: Element, localName: string): Element {
  const found = elementsOf(e).filter((c) => c.localName === localName);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The Envelope, its Header (undefined when it has none) and Body elements, of XML text. */
export function envelopeParts(xml: string): { envelope: Element; header: Element | undefined; body: Element } {
  const envelope = parseXml(xml);
  expect(envelope.namespaceURI).toBe(SOAP_ENV_NS);
  expect(envelope.localName).toBe('Envelope');
  const headers = elementsOf(envelope).filter((c) => c.localName === 'Header');
  expect(headers.length).toBeLessThanOrEqual(1);
  return { envelope, header: headers[0], body: only(envelope, 'Body') };
}

/** The `apiKey` header element of a request (fails the test unless exactly one). */
export function apiKeyElement(xml: string): Element {
  const { header } = envelopeParts(xml);
  expect(header).toBeDefined();
  return only(header!, 'apiKey');
}
