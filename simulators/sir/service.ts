import type { Logger } from 'pino';
import { isPasarelaError, Errors } from '../../src/core/errors';
import type { ParsedFichero } from '../../src/sir/fichero';
import { parseFichero } from '../../src/sir/parse-fichero';
import { judgeFichero, VALIDATION_ERROR_CODE, type Verdict } from '../../src/sir/reception';
import { hopTypeOf } from './hops';
import type { Plan } from './injector';
import type { ExchangeLedger } from './stats';

export interface RespuestaWS {
  recepcionFicheroDeAplicacionReturn: { codigo: string; descripcion: string };
}

const respuesta = (codigo: string, descripcion: string): RespuestaWS => ({ recepcionFicheroDeAplicacionReturn: { codigo, descripcion } });

/** The transient code a faulty CIR node answers (retried by regweb3, reference/sir-sicres3.md §5.1). */
const TRANSIENT = respuesta('0039', 'ERROR_NO_SE_PUEDE_ALCANZAR_DESTINO (simulated fault)');
const FATAL = respuesta('0037', 'SIMULATED FAULT: the fichero is refused for good (fault injection, not a real validation error)');
/** Bound of the `descripcion` of a refusal: the reasons of a bad fichero can be many. */
export const MAX_REFUSAL_CHARS = 1024;
const REFUSAL_PREFIX = 'ERROR EN LA VALIDACION FORMATO XML: ';

/** Called once per accepted fichero, after it is recorded; `isNew` is false for a duplicate. */
export type OnAccepted = (fichero: ParsedFichero, isNew: boolean) => void;

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

type Judged = { verdict: Verdict; fichero?: ParsedFichero };

/** The CIR's own rule beside pasarela's: a RECHAZO goes to the office that started the exchange (LIBSIR 0074, reference §8.1). */
function cirReasons(f: ParsedFichero): string[] {
  if (f.control?.Tipo_Anotacion !== '04') return [];
  const start = f.control.Codigo_Entidad_Registral_Inicio;
  if (start !== undefined && start === f.destination?.Codigo_Entidad_Registral_Destino) return [];
  return ['a RECHAZO (Tipo_Anotacion 04) must go to Codigo_Entidad_Registral_Inicio'];
}

/** pasarela's verdict with the CIR's rule added: a drop stays a drop. */
function withCirRules(f: ParsedFichero, verdict: Verdict): Verdict {
  const extra = verdict.outcome === 'drop' ? [] : cirReasons(f);
  if (extra.length === 0) return verdict;
  return { outcome: 'error', code: VALIDATION_ERROR_CODE, reasons: [...verdict.reasons, ...extra] };
}

/**
 * pasarela's own reception rules (src/sir/reception, reference §10), as `checkFichero` applies
 * them, parsing once (the parsed fichero is needed for its ids and for the callbacks), plus the
 * CIR's rule on where a RECHAZO may go.
 */
function judge(registro: unknown): Judged {
  // node-soap turns a CDATA section that starts with an XML declaration into elements.
  if (typeof registro !== 'string') {
    return { verdict: { outcome: 'drop', code: null, reasons: [registro === undefined || registro === null ? 'registro is missing' : 'registro is not text'] } };
  }
  let fichero: ParsedFichero;
  try {
    fichero = parseFichero(registro);
  } catch (e) {
    if (isPasarelaError(e) && e.code === Errors.SIR_FICHERO_UNREADABLE.code) return { verdict: { outcome: 'drop', code: null, reasons: [e.message] } };
    throw e;
  }
  return { verdict: withCirRules(fichero, judgeFichero(fichero)), fichero };
}

function refusal(reasons: string[]): RespuestaWS {
  const text = `${REFUSAL_PREFIX}${reasons.join('; ')}`;
  return respuesta(VALIDATION_ERROR_CODE, text.length > MAX_REFUSAL_CHARS ? `${text.slice(0, MAX_REFUSAL_CHARS - 3)}...` : text);
}

function receive(args: unknown, ledger: ExchangeLedger, logger: Logger, onAccepted: OnAccepted): RespuestaWS {
  const { verdict, fichero } = judge(registroOf(args));
  if (verdict.outcome !== 'accept' || fichero === undefined) {
    // Reasons name elements and code values only (src/sir/reception/context.ts `show`), never citizen data.
    logger.warn({ outcome: verdict.outcome, reasons: verdict.reasons.slice(0, 5) }, 'SIR simulator refused a fichero');
    return refusal(verdict.reasons);
  }
  // Accepted: the XSD rules guarantee these leaves are there.
  const exchangeId = fichero.control?.Identificador_Intercambio ?? '';
  const annotationType = hopTypeOf(fichero);
  const hop = annotationType && { annotationType, origin: fichero.origin?.Codigo_Entidad_Registral_Origen ?? '' };
  const isNew = ledger.record(exchangeId, fichero.origin?.Numero_Registro_Entrada, hop);
  logger.info({ exchangeId, annotationType: fichero.control?.Tipo_Anotacion, duplicate: !isNew }, 'SIR simulator accepted a fichero');
  onAccepted(fichero, isNew);
  return respuesta('00', 'Exito');
}

/**
 * The `recepcionFicheroDeAplicacion` operation, in node-soap's service signature
 * `(args, callback, headers, req)`. Returning undefined without calling back leaves the request
 * unanswered: that is how a simulated timeout takes the fichero and then stays silent.
 */
export function recepcionFicheroDeAplicacion(
  ledger: ExchangeLedger, logger: Logger, planOf: (req: unknown) => Plan | undefined, onAccepted: OnAccepted = () => undefined,
) {
  return (args: unknown, _callback?: unknown, _headers?: unknown, req?: unknown): RespuestaWS | undefined => {
    const plan = planOf(req);
    if (plan === 'transient') return TRANSIENT;
    if (plan === 'fatal') return FATAL;
    const answer = receive(args, ledger, logger, onAccepted);
    return plan === 'timeout' ? undefined : answer;
  };
}
