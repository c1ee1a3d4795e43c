import { Errors, isPasarelaError, PasarelaError } from '../../src/core/errors';
import { createMemoryReplayCache } from '../../src/wssec/replay-memory';
import type { TrustStore } from '../../src/wssec/types';
import { verify } from '../../src/wssec/verify';
import { readFileSync } from 'node:fs';
import http, { type RequestListener, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import * as soap from 'soap';
import { projectPath } from '../../src/core/paths';
import { silentLogger } from '../../src/observability/logger';
import { closeServer, createAvailability, listen, type Availability } from './availability';
import { checkFaults, DEFAULT_DOWN_FOR_MS, type Faults } from './faults';
import { createFrontHandler } from './http-front';
import { createFaultInjector, type FaultInjector } from './injector';
import { recepcionFicheroDeAplicacion } from './service';
import { createExchangeLedger, type ExchangeRecord, type SirStats } from './stats';
import { DEFAULT_MAX_FICHERO_BYTES } from '../../src/sir/parse-fichero';
import { withCallbackRoutes } from './callback-routes';
import { createCallbacks, type CallbackOptions, type CallbackRecord } from './callbacks';
import {
  createControlLog, createSir7Router, MAX_SIR7_BODY_BYTES, recepcionMensajeDatosControlDeAplicacion, SIR7_PATH, sir7Wsdl,
  type ControlRecord,
} from './ws-sir7';

/** Path of the WS_SIR6_B endpoint, as on the Ministry's CIR nodes. */
export const SIR6_PATH = '/CIR_P2P/services/WS_SIR6_B';
/** Address written in schemas/wsdl/WS_SIR6_B.wsdl; the simulator serves its real URL instead. */
const WSDL_DEFAULT_ADDRESS = 'http://127.0.0.1:8091/CIR_P2P/services/WS_SIR6_B';
/** The envelope escapes the fichero, so allow some growth over the registro limit. */
const MAX_BODY_BYTES = DEFAULT_MAX_FICHERO_BYTES + 12 * 1024 * 1024;

export interface SirSimulatorOptions extends CallbackOptions {
  /** TCP port; 0 picks a free one (a simulated `down` then re-listens on the port it got). @defaultValue 8091 */
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
  /** Faults in effect from the start; missing fields mean no fault. An invalid set throws `CONFIG_INVALID`. */
  faults?: Partial<Faults>;
  /** Uniform source in [0, 1) for the fault draws; tests inject a fixed one. @defaultValue Math.random */
  random?: () => number;
  /** pasarela's WS_SIR9 endpoint: where control messages go after a new fichero is accepted (see ./callbacks.ts). */
  callbackUrl?: string;
}

/** A running SIR/CIR stand-in that accepts ficheros over WS_SIR6_B and control messages over WS_SIR7. */
export interface SirSimulator {
  /** The WS_SIR6_B endpoint URL (`?wsdl` serves the WSDL). */
  readonly url: string;
  /** The WS_SIR7 endpoint URL (`?wsdl` serves the WSDL). */
  readonly controlUrl: string;
  readonly port: number;
  stats(): SirStats;
  /** Forget the ficheros, control messages, callbacks (pending ones are cancelled) and fault counts; the fault settings stay. */
  reset(): void;
  /** Exchange ids accepted, in order, duplicates included. */
  received(): string[];
  /** Distinct exchange ids accepted, with their registry number and count (also `GET /_sim/exchanges`). */
  exchanges(): ExchangeRecord[];
  /** Control messages accepted over WS_SIR7, in order (also `GET /_sim/control-messages`). */
  controlMessages(): ControlRecord[];
  /** Set or clear the WS_SIR9 URL for ficheros accepted from now on (tests start the simulator before pasarela). */
  setCallbackUrl(url: string | undefined): void;
  /** WS_SIR9 delivery attempts, in order (also `GET /_sim/callbacks`). */
  callbacks(): CallbackRecord[];
  /** The faults in effect (also `GET /_sim/faults`). */
  faults(): Faults;
  /**
   * Replace the faults, as `POST /_sim/faults` does (missing fields: no fault). Resolves once the
   * listener is closed (`down`) or open again; rejects with `CONFIG_INVALID` for an invalid set.
   */
  setFaults(f: Partial<Faults>): Promise<Faults>;
  /** Close the server and its connections; idempotent. */
  stop(): Promise<void>;
}

/** Attach node-soap and detach its wrapping listener, so only our front handler calls it. */
function attachSoap(server: http.Server, services: soap.IServices, wsdl: string, path: string): Promise<RequestListener> {
  return new Promise((resolve, reject) => {
    soap.listen(server, {
      path,
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

function validFaults(f: unknown): Faults {
  const check = checkFaults(f);
  if (!check.ok) throw new PasarelaError(Errors.CONFIG_INVALID, `The SIR simulator faults are not valid: ${check.detail}`);
  return check.faults;
}

/** Set the faults and open or close the listener to match; `answer` delays a close until it is sent. */
function faultApplier(injector: FaultInjector, availability: Availability, logger: Logger) {
  return (f: Faults, answer?: ServerResponse): Promise<void> => {
    injector.set(f);
    logger.info({ faults: f }, 'SIR simulator faults set');
    if (!f.down) return availability.up();
    const goDown = (): Promise<void> => availability.down(f.downForMs ?? DEFAULT_DOWN_FOR_MS);
    if (answer === undefined) return goDown();
    answer.once('close', () => void goDown());
    return Promise.resolve();
  };
}

/** Start the simulator; resolves once it is listening (and closed again, if it starts `down`). */
export async function startSirSimulator(opts: SirSimulatorOptions = {}): Promise<SirSimulator> {
  const initial = validFaults(opts.faults ?? {});
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? silentLogger();
  const ledger = createExchangeLedger();
  const injector = createFaultInjector(initial, ledger, opts.random ?? Math.random);
  const server = http.createServer();
  const port = await listen(server, opts.port ?? 8091, host);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `${origin}${SIR6_PATH}`;
  const wsdl = readFileSync(projectPath('schemas', 'wsdl', 'WS_SIR6_B.wsdl'), 'utf8').replace(WSDL_DEFAULT_ADDRESS, url);
  const callbacks = createCallbacks(opts.callbackUrl, opts, logger);
  const operation = recepcionFicheroDeAplicacion(ledger, logger, injector.planOf, callbacks.onAccepted);
  const soapListener = await attachSoap(server, { WS_SIR6_BService: { WS_SIR6_B: { recepcionFicheroDeAplicacion: operation } } }, wsdl, SIR6_PATH);
  const controlLog = createControlLog();
  const controlOperation = recepcionMensajeDatosControlDeAplicacion(controlLog, logger, injector.planOf);
  const sir7Services = { WS_SIR7Service: { WS_SIR7: { recepcionMensajeDatosControlDeAplicacion: controlOperation } } };
  const sir7Listener = await attachSoap(server, sir7Services, sir7Wsdl(`${origin}${SIR7_PATH}`), SIR7_PATH);
  const availability = createAvailability({ server, port, host, logger, onUp: () => injector.set({ ...injector.faults(), down: false }) });
  const applyFaults = faultApplier(injector, availability, logger);
  const control = { ledger, faults: injector.faults, setFaults: (f: Faults, answer: ServerResponse) => void applyFaults(f, answer) };
  const screen = opts.requireSignature ? signatureScreen(opts.requireSignature) : undefined;
  const front6 = createFrontHandler({ soapPath: SIR6_PATH, soap: soapListener, control, injector, maxBodyBytes: MAX_BODY_BYTES, screen });
  const front7 = createFrontHandler({ soapPath: SIR7_PATH, soap: sir7Listener, control, injector, maxBodyBytes: MAX_SIR7_BODY_BYTES, screen });
  server.on('request', withCallbackRoutes(createSir7Router({ front6, front7, log: controlLog }), callbacks));
  if (initial.down) await applyFaults(initial);
  let stopping: Promise<void> | undefined;
  return {
    url,
    controlUrl: `${origin}${SIR7_PATH}`,
    port,
    stats: () => ledger.stats(),
    reset: () => {
      ledger.reset();
      controlLog.reset();
      callbacks.reset();
    },
    received: () => ledger.received(),
    exchanges: () => ledger.exchanges(),
    controlMessages: () => controlLog.list(),
    setCallbackUrl: callbacks.setUrl,
    callbacks: callbacks.list,
    faults: injector.faults,
    async setFaults(f) {
      await applyFaults(validFaults(f));
      return injector.faults();
    },
    stop() {
      stopping ??= (async () => {
        callbacks.stop();
        await availability.stop();
        injector.releaseHeld();
        await closeServer(server);
      })();
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
