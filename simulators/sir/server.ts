import { readFileSync } from 'node:fs';
import http, { type RequestListener, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import * as soap from 'soap';
import { Errors, PasarelaError } from '../../src/core/errors';
import { projectPath } from '../../src/core/paths';
import { isDir3Code } from '../../src/core/validators/dir3';
import { silentLogger } from '../../src/observability/logger';
import { DEFAULT_MAX_FICHERO_BYTES } from '../../src/sir/parse-fichero';
import { closeServer, createAvailability, listen, type Availability } from './availability';
import { withCallbackRoutes } from './callback-routes';
import { createCallbacks } from './callbacks';
import { checkFaults, DEFAULT_DOWN_FOR_MS, type Faults } from './faults';
import { hopTypeOf } from './hops';
import { createFrontHandler } from './http-front';
import { createFaultInjector, type FaultInjector } from './injector';
import { withOriginateRoutes } from './originate-routes';
import { createOriginatedLog } from './originated';
import { createOriginator } from './originator';
import { recepcionFicheroDeAplicacion, type OnAccepted } from './service';
import { signatureScreen } from './signature-screen';
import type { SirSimulator, SirSimulatorOptions } from './simulator-api';
import { createExchangeLedger } from './stats';
import { createControlLog, createSir7Router, MAX_SIR7_BODY_BYTES, recepcionMensajeDatosControlDeAplicacion, SIR7_PATH, sir7Wsdl } from './ws-sir7';

export type { SirSimulator, SirSimulatorOptions } from './simulator-api';

/** Path of the WS_SIR6_B endpoint, as on the Ministry's CIR nodes. */
export const SIR6_PATH = '/CIR_P2P/services/WS_SIR6_B';
/** Address written in schemas/wsdl/WS_SIR6_B.wsdl; the simulator serves its real URL instead. */
const WSDL_DEFAULT_ADDRESS = 'http://127.0.0.1:8091/CIR_P2P/services/WS_SIR6_B';
/** The envelope escapes the fichero, so allow some growth over the registro limit. */
const MAX_BODY_BYTES = DEFAULT_MAX_FICHERO_BYTES + 12 * 1024 * 1024;

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

function checkForwardOffice(office: string | undefined): void {
  if (office !== undefined && !isDir3Code(office)) throw new PasarelaError(Errors.CONFIG_INVALID, 'The SIR simulator forwardOffice must be a DIR3 code');
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
  checkForwardOffice(opts.forwardOffice);
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
  const originatedLog = createOriginatedLog();
  const originator = createOriginator({ ficheroUrl: callbacks.ficheroUrl, log: originatedLog, logger, sequenceStart: opts.originSequenceStart });
  const onAccepted: OnAccepted = (f, isNew) => {
    callbacks.onAccepted(f, isNew);
    if (hopTypeOf(f) !== undefined) originatedLog.onFichero(f);
  };
  const operation = recepcionFicheroDeAplicacion(ledger, logger, injector.planOf, onAccepted);
  const soapListener = await attachSoap(server, { WS_SIR6_BService: { WS_SIR6_B: { recepcionFicheroDeAplicacion: operation } } }, wsdl, SIR6_PATH);
  const controlLog = createControlLog(originatedLog.onControl);
  const controlOperation = recepcionMensajeDatosControlDeAplicacion(controlLog, logger, injector.planOf);
  const sir7Services = { WS_SIR7Service: { WS_SIR7: { recepcionMensajeDatosControlDeAplicacion: controlOperation } } };
  const sir7Listener = await attachSoap(server, sir7Services, sir7Wsdl(`${origin}${SIR7_PATH}`), SIR7_PATH);
  const availability = createAvailability({ server, port, host, logger, onUp: () => injector.set({ ...injector.faults(), down: false }) });
  const applyFaults = faultApplier(injector, availability, logger);
  const control = { ledger, faults: injector.faults, setFaults: (f: Faults, answer: ServerResponse) => void applyFaults(f, answer) };
  const screen = opts.requireSignature ? signatureScreen(opts.requireSignature) : undefined;
  const front6 = createFrontHandler({ soapPath: SIR6_PATH, soap: soapListener, control, injector, maxBodyBytes: MAX_BODY_BYTES, screen });
  const front7 = createFrontHandler({ soapPath: SIR7_PATH, soap: sir7Listener, control, injector, maxBodyBytes: MAX_SIR7_BODY_BYTES, screen });
  server.on('request', withOriginateRoutes(withCallbackRoutes(createSir7Router({ front6, front7, log: controlLog }), callbacks), originator));
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
      originator.reset();
    },
    received: () => ledger.received(),
    exchanges: () => ledger.exchanges(),
    controlMessages: () => controlLog.list(),
    setCallbackUrl: callbacks.setUrl,
    setFicheroCallbackUrl: callbacks.setFicheroUrl,
    ficheroCallbackUrl: callbacks.ficheroUrl,
    callbacks: callbacks.list,
    originate: originator.originate,
    originated: originator.originated,
    faults: injector.faults,
    async setFaults(f) {
      await applyFaults(validFaults(f));
      return injector.faults();
    },
    stop() {
      stopping ??= (async () => {
        callbacks.stop();
        originator.stop();
        await availability.stop();
        injector.releaseHeld();
        await closeServer(server);
      })();
      return stopping;
    },
  };
}
