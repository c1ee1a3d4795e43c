import { isPasarelaError } from '../../src/core/errors';
import { createMemoryReplayCache } from '../../src/wssec/replay-memory';
import type { TrustStore } from '../../src/wssec/types';
import { verify } from '../../src/wssec/verify';
import { readFileSync } from 'node:fs';
import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import * as soap from 'soap';
import { projectPath } from '../../src/core/paths';
import { silentLogger } from '../../src/observability/logger';
import { checkFichero } from './fichero-check';
import { createFrontHandler } from './http-front';
import { createExchangeLedger, type ExchangeLedger, type SirStats } from './stats';
import { MAX_REGISTRO_BYTES } from './xml-tree';

/** Path of the WS_SIR6_B endpoint, as on the Ministry's CIR nodes. */
export const SIR6_PATH = '/CIR_P2P/services/WS_SIR6_B';
/** Address written in schemas/wsdl/WS_SIR6_B.wsdl; the simulator serves its real URL instead. */
const WSDL_DEFAULT_ADDRESS = 'http://127.0.0.1:8091/CIR_P2P/services/WS_SIR6_B';
/** The envelope escapes the fichero, so allow some growth over the registro limit. */
const MAX_BODY_BYTES = MAX_REGISTRO_BYTES + 12 * 1024 * 1024;

export interface SirSimulatorOptions {
  /** TCP port; 0 picks a free one. @defaultValue 8091 */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  logger?: Logger;
  /**
   * Require a valid WS-Security signature from a signer this trust store accepts; unsigned or
   * badly signed requests get a soap:Client fault. Off by default, as the real service's policy
   * is not public (reference/sir-sicres3.md §7).
   */
  requireSignature?: TrustStore;
}

/** A running SIR/CIR stand-in that accepts ficheros over WS_SIR6_B. */
export interface SirSimulator {
  /** The WS_SIR6_B endpoint URL (`?wsdl` serves the WSDL). */
  readonly url: string;
  readonly port: number;
  stats(): SirStats;
  reset(): void;
  /** Exchange ids accepted, in order, duplicates included. */
  received(): string[];
  /** Close the server and its connections; idempotent. */
  stop(): Promise<void>;
}

interface RespuestaWS {
  recepcionFicheroDeAplicacionReturn: { codigo: string; descripcion: string };
}

/**
 * The fichero parameter. The CIR binds rpc parameters by position (reference §6), so the first
 * part is taken whatever its name; an `xsi:type`-annotated part arrives as `{attributes, $value}`.
 */
function registroOf(args: unknown): unknown {
  if (args === null || typeof args !== 'object') return undefined;
  const a = args as Record<string, unknown>;
  const value = 'registro' in a ? a.registro : Object.entries(a).find(([k]) => k !== 'attributes')?.[1];
  if (value !== null && typeof value === 'object' && typeof (value as { $value?: unknown }).$value === 'string') {
    return (value as { $value: string }).$value;
  }
  return value;
}

function recepcionFicheroDeAplicacion(ledger: ExchangeLedger, logger: Logger) {
  return (args: unknown): RespuestaWS => {
    const check = checkFichero(registroOf(args));
    if (!check.ok) {
      logger.warn({ reason: check.reason }, 'SIR simulator rejected a fichero');
      const descripcion = `ERROR EN LA VALIDACION FORMATO XML: ${check.reason}`;
      return { recepcionFicheroDeAplicacionReturn: { codigo: '0037', descripcion } };
    }
    ledger.record(check.exchangeId);
    logger.info({ exchangeId: check.exchangeId }, 'SIR simulator accepted a fichero');
    return { recepcionFicheroDeAplicacionReturn: { codigo: '00', descripcion: 'Exito' } };
  };
}

/** Attach node-soap and detach its wrapping listener, so only our front handler calls it. */
function attachSoap(server: http.Server, services: soap.IServices, wsdl: string): Promise<RequestListener> {
  return new Promise((resolve, reject) => {
    soap.listen(server, {
      path: SIR6_PATH,
      services,
      xml: wsdl,
      suppressStack: true,
      callback: (err: unknown) => {
        if (err) return reject(err);
        const [listener] = server.listeners('request') as RequestListener[];
        server.removeAllListeners('request');
        resolve(listener);
      },
    });
  });
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Start the simulator; resolves once it is listening. */
export async function startSirSimulator(opts: SirSimulatorOptions = {}): Promise<SirSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? silentLogger();
  const ledger = createExchangeLedger();
  const server = http.createServer();
  const port = await listen(server, opts.port ?? 8091, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${SIR6_PATH}`;
  const wsdl = readFileSync(projectPath('schemas', 'wsdl', 'WS_SIR6_B.wsdl'), 'utf8').replace(WSDL_DEFAULT_ADDRESS, url);
  const services = { WS_SIR6_BService: { WS_SIR6_B: { recepcionFicheroDeAplicacion: recepcionFicheroDeAplicacion(ledger, logger) } } };
  const soapListener = await attachSoap(server, services, wsdl);
  const screen = opts.requireSignature ? signatureScreen(opts.requireSignature) : undefined;
  server.on('request', createFrontHandler({ soapPath: SIR6_PATH, soap: soapListener, ledger, maxBodyBytes: MAX_BODY_BYTES, screen }));
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stats: () => ledger.stats(),
    reset: () => ledger.reset(),
    received: () => ledger.received(),
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}

function signatureScreen(trust: TrustStore): (envelope: string) => Promise<string | undefined> {
  const replayCache = createMemoryReplayCache();
  return async (envelope) => {
    try {
      await verify(envelope, { trust, replayCache });
      return undefined;
    } catch (e) {
      return isPasarelaError(e) ? `${e.code}: ${e.message}` : 'The WS-Security signature could not be checked';
    }
  };
}
