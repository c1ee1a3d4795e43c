import { XMLParser } from 'fast-xml-parser';
import { Errors, PasarelaError } from '../../core/errors';
import type { Receipt } from '../../core/plugin';
import { redactText } from '../../core/redact';

/**
 * `RespuestaWS` codes regweb3's re-send job treats as transient (reference/sir-sicres3.md §5.1),
 * except `0037`: that is a validation failure of our fichero, and re-sending the same bytes
 * cannot fix it.
 */
export const TRANSIENT_SIR_CODES: ReadonlySet<string> = new Set(['0039', '0046', '0057', '0065', '0063', '0058', '0068', '0043']);

/**
 * `0205` (duplicated fichero at destination, reference §5.1): SIR already holds a fichero with
 * this `Identificador_Intercambio`. Ids are ours alone and assigned once per entry, so this is
 * the answer to a re-send whose first attempt got through but whose answer was lost: the entry
 * is delivered, and calling it a failure would park a delivered entry.
 */
export const ALREADY_RECEIVED_SIR_CODES: ReadonlySet<string> = new Set(['0205']);

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const v = (value as Record<string, unknown>).$value;
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** The `RespuestaWS` inside node-soap's result, whatever its part is called. */
function respuestaOf(result: unknown): Record<string, unknown> | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const r = result as Record<string, unknown>;
  if ('codigo' in r) return r;
  const part = r.recepcionFicheroDeAplicacionReturn ?? Object.values(r).find((v) => v !== null && typeof v === 'object' && 'codigo' in v);
  return part !== null && typeof part === 'object' ? (part as Record<string, unknown>) : undefined;
}

/** Map SIR's answer to a receipt (`00`) or a coded error. */
export function interpretRespuesta(result: unknown, exchangeId: string): Receipt {
  const respuesta = respuestaOf(result);
  const codigo = text(respuesta?.codigo)?.trim();
  if (codigo === undefined || codigo === '') {
    throw new PasarelaError(Errors.CONNECTOR_BAD_RESPONSE, 'SIR answered without a RespuestaWS codigo', {
      details: { service: 'SIR', exchangeId },
    });
  }
  // SIR's own words go into errors, logs and the journal: mask any identity it echoes back.
  const descripcion = redactText(text(respuesta?.descripcion) ?? '');
  if (codigo === '00') return { code: '00', description: descripcion, keys: { exchangeId } };
  if (ALREADY_RECEIVED_SIR_CODES.has(codigo)) return { code: codigo, description: descripcion, keys: { exchangeId, alreadyReceived: 'true' } };
  const details = { service: 'SIR', exchangeId, sirCode: codigo, sirDescription: descripcion.slice(0, 500) };
  const def = TRANSIENT_SIR_CODES.has(codigo) ? Errors.SIR_TRANSIENT : Errors.SIR_REJECTED;
  throw new PasarelaError(def, `SIR answered ${codigo}: ${descripcion.slice(0, 200)}`, { details });
}

const bodyParser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, processEntities: true });

/**
 * The operation's return part from a verified, canonical SOAP Body (`<Body><…Response><…Return>`),
 * shaped like node-soap's result so `interpretRespuesta` reads it the same way.
 */
export function respuestaFromSignedBody(canonicalBody: string): unknown {
  const parsed = bodyParser.parse(canonicalBody) as Record<string, unknown>;
  const body = parsed.Body as Record<string, unknown> | undefined;
  const response = body && typeof body === 'object' ? Object.values(body)[0] : undefined;
  return response && typeof response === 'object' ? response : undefined;
}
