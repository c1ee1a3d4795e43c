import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import type { Logger } from 'pino';
import { isPasarelaError } from '../../src/core/errors';
import { projectPath } from '../../src/core/paths';
import { parseControlMessage, type ControlMessage } from '../../src/sir/control-message';
import { pathOf, sendJson, sendText } from './http-util';
import type { Plan } from './injector';

/**
 * The simulator's WS_SIR7 endpoint (`recepcionMensajeDatosControlDeAplicacion`, reference
 * §6): takes one `De_Mensaje` per call, checks it with pasarela's own `parseControlMessage`,
 * answers `00` and records it, or `0037` for a message that is not valid. Served on the same
 * HTTP server as WS_SIR6_B, behind the same front (body bound, DOCTYPE screen, signature
 * screen, fault injector).
 */

/** Path of the WS_SIR7 endpoint, as on the Ministry's CIR nodes. */
export const SIR7_PATH = '/CIR_P2P/services/WS_SIR7';
/** Address written in schemas/wsdl/WS_SIR7.wsdl; the simulator serves its real URL instead. */
const WSDL_DEFAULT_ADDRESS = 'http://127.0.0.1:8091/CIR_P2P/services/WS_SIR7';
/** A control message is under 64 KiB; the rest is envelope and WS-Security header. */
export const MAX_SIR7_BODY_BYTES = 1024 * 1024;

/** One control message the simulator accepted (also `GET /_sim/control-messages`). */
export interface ControlRecord {
  /** `Tipo_Mensaje`: `01` ACK, `02` ERROR, `03` CONFIRMACION. */
  type: string;
  exchangeId: string;
  /** `Codigo_Entidad_Registral_Origen`. */
  origin: string;
  /** `Codigo_Entidad_Registral_Destino`. */
  destination: string;
  /** `Codigo_Error`, for an ERROR. */
  code?: string;
  /** `Numero_Registro_Entrada_Destino`, for a CONFIRMACION. */
  registryNumber?: string;
  /** `Fecha_Hora_Entrada_Destino`, for a CONFIRMACION. */
  registryDate?: string;
}

function recordOf(m: ControlMessage): ControlRecord {
  const r: ControlRecord = { type: m.type, exchangeId: m.exchangeId, origin: m.originOffice, destination: m.destinationOffice };
  if (m.errorCode !== undefined) r.code = m.errorCode;
  if (m.type === '03') {
    if (m.destinationRegistryNumber !== undefined) r.registryNumber = m.destinationRegistryNumber;
    if (m.destinationRegistryDate !== undefined) r.registryDate = m.destinationRegistryDate;
  }
  return r;
}

export interface ControlLog {
  record(m: ControlMessage): void;
  /** Accepted control messages in arrival order, duplicates included. */
  list(): ControlRecord[];
  reset(): void;
}

/** `onRecord` hears each accepted message once, after it is recorded (the originated-exchange log follows them). */
export function createControlLog(onRecord: (r: ControlRecord) => void = () => undefined): ControlLog {
  let records: ControlRecord[] = [];
  return {
    record(m) {
      const r = recordOf(m);
      records.push(r);
      onRecord({ ...r });
    },
    list: () => records.map((r) => ({ ...r })),
    reset() {
      records = [];
    },
  };
}

/** Our WSDL with the simulator's real address. */
export function sir7Wsdl(url: string): string {
  return readFileSync(projectPath('schemas', 'wsdl', 'WS_SIR7.wsdl'), 'utf8').replace(WSDL_DEFAULT_ADDRESS, url);
}

interface Sir7Answer {
  recepcionMensajeDatosControlDeAplicacionReturn: { 'bean:codigo': string; 'bean:descripcion': string };
}

// `RespuestaWS` lives in http://bean.cct.map.es (reference §6); node-soap leaves it unqualified unless prefixed.
const answer = (codigo: string, descripcion: string): Sir7Answer => ({
  recepcionMensajeDatosControlDeAplicacionReturn: { 'bean:codigo': codigo, 'bean:descripcion': descripcion },
});
const TRANSIENT = answer('0039', 'ERROR_NO_SE_PUEDE_ALCANZAR_DESTINO (simulated fault)');
const FATAL = answer('0037', 'SIMULATED FAULT: the message is refused for good (fault injection, not a real validation error)');

/** The `mensaje` parameter, taken by position whatever its name (the CIR is lenient, so are we). */
function mensajeOf(args: unknown): unknown {
  if (args === null || typeof args !== 'object') return undefined;
  const a = args as Record<string, unknown>;
  const value = 'mensaje' in a ? a.mensaje : Object.entries(a).find(([k]) => k !== 'attributes')?.[1];
  if (value !== null && typeof value === 'object' && typeof (value as { $value?: unknown }).$value === 'string') {
    return (value as { $value: string }).$value;
  }
  return value;
}

function receive(args: unknown, log: ControlLog, logger: Logger): Sir7Answer {
  let message: ControlMessage;
  try {
    message = parseControlMessage(mensajeOf(args));
  } catch (e) {
    const reason = isPasarelaError(e) ? e.message : 'the message could not be read';
    logger.warn({ reason }, 'SIR simulator rejected a control message');
    return answer('0037', `ERROR EN LA VALIDACION FORMATO XML: ${reason}`);
  }
  log.record(message);
  logger.info({ exchangeId: message.exchangeId, type: message.type }, 'SIR simulator accepted a control message');
  return answer('00', 'Exito');
}

/**
 * The operation in node-soap's service signature. As for ficheros, a simulated timeout takes the
 * message and then never answers.
 */
export function recepcionMensajeDatosControlDeAplicacion(log: ControlLog, logger: Logger, planOf: (req: unknown) => Plan | undefined) {
  return (args: unknown, _callback?: unknown, _headers?: unknown, req?: unknown): Sir7Answer | undefined => {
    const plan = planOf(req);
    if (plan === 'transient') return TRANSIENT;
    if (plan === 'fatal') return FATAL;
    const result = receive(args, log, logger);
    return plan === 'timeout' ? undefined : result;
  };
}

/**
 * The server's request listener: WS_SIR7 goes to its own front, `GET /_sim/control-messages`
 * lists the log, `POST /_sim/reset` also forgets it; everything else goes to the WS_SIR6_B front.
 */
export function createSir7Router(o: { front6: RequestListener; front7: RequestListener; log: ControlLog }): RequestListener {
  return (req, res) => {
    const path = pathOf(req);
    if (path === SIR7_PATH) return o.front7(req, res);
    if (path === '/_sim/control-messages') {
      if (req.method !== 'GET') return sendText(res, 405, 'Use GET');
      return sendJson(res, 200, o.log.list());
    }
    if (path === '/_sim/reset' && req.method === 'POST') o.log.reset();
    return o.front6(req, res);
  };
}
