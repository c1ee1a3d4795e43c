import type { Logger } from 'pino';
import { checkFichero } from './fichero-check';
import type { Plan } from './injector';
import type { ExchangeLedger } from './stats';

export interface RespuestaWS {
  recepcionFicheroDeAplicacionReturn: { codigo: string; descripcion: string };
}

const respuesta = (codigo: string, descripcion: string): RespuestaWS => ({ recepcionFicheroDeAplicacionReturn: { codigo, descripcion } });

/** The transient code a faulty CIR node answers (retried by regweb3, reference/sir-sicres3.md §5.1). */
const TRANSIENT = respuesta('0039', 'ERROR_NO_SE_PUEDE_ALCANZAR_DESTINO (simulated fault)');
const FATAL = respuesta('0037', 'SIMULATED FAULT: the fichero is refused for good (fault injection, not a real validation error)');

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

function receive(args: unknown, ledger: ExchangeLedger, logger: Logger): RespuestaWS {
  const check = checkFichero(registroOf(args));
  if (!check.ok) {
    logger.warn({ reason: check.reason }, 'SIR simulator rejected a fichero');
    return respuesta('0037', `ERROR EN LA VALIDACION FORMATO XML: ${check.reason}`);
  }
  ledger.record(check.exchangeId, check.registryNumber);
  logger.info({ exchangeId: check.exchangeId }, 'SIR simulator accepted a fichero');
  return respuesta('00', 'Exito');
}

/**
 * The `recepcionFicheroDeAplicacion` operation, in node-soap's service signature
 * `(args, callback, headers, req)`. Returning undefined without calling back leaves the request
 * unanswered: that is how a simulated timeout takes the fichero and then stays silent.
 */
export function recepcionFicheroDeAplicacion(ledger: ExchangeLedger, logger: Logger, planOf: (req: unknown) => Plan | undefined) {
  return (args: unknown, _callback?: unknown, _headers?: unknown, req?: unknown): RespuestaWS | undefined => {
    const plan = planOf(req);
    if (plan === 'transient') return TRANSIENT;
    if (plan === 'fatal') return FATAL;
    const answer = receive(args, ledger, logger);
    return plan === 'timeout' ? undefined : answer;
  };
}
