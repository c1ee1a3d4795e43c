import type { Envelope } from '../src/core/envelope';
import { Errors, PasarelaError } from '../src/core/errors';
import type { Transform } from '../src/core/plugin';
import type { SicresFichero } from './registry-entry-to-sicres3';

/** The route that sends `sir-fichero` messages (routes/sir-fichero-to-sir.yaml). */
export const SIR_FICHERO_ROUTE = 'sir-fichero-to-sir';

/** `Tipo_Anotacion` of a fichero: ENVÍO, REENVÍO, RECHAZO (reference/sir-sicres3.md §3.1). */
export type AnnotationCode = '02' | '03' | '04';

/**
 * Payload of a `sir-fichero` message: a fichero already written, sent as it is. pasarela makes
 * them when a municipality forwards (`03`) or rejects (`04`) an entry SIR brought it, and when a
 * tenant's own registry application sends through the CIR proxy (any type).
 */
export interface SirFicheroPayload {
  /** The whole `Fichero_Intercambio_SICRES_3` document, with XML declaration. */
  xml: string;
  /** Its `Identificador_Intercambio`. */
  exchangeId: string;
  annotationType: AnnotationCode;
}

const ANNOTATIONS: readonly string[] = ['02', '03', '04'];

function assertPayload(p: unknown): asserts p is SirFicheroPayload {
  const v = p as Partial<SirFicheroPayload> | null;
  const ok = typeof v === 'object' && v !== null && typeof v.xml === 'string' && v.xml.length > 0
    && typeof v.exchangeId === 'string' && v.exchangeId.length > 0 && ANNOTATIONS.includes(v.annotationType ?? '');
  if (!ok) {
    throw new PasarelaError(Errors.TRANSFORM_FAILED, 'A sir-fichero message needs xml, exchangeId and annotationType 02, 03 or 04', {
      problems: [{ pointer: '/payload', code: 'invalid', message: 'not a sir-fichero payload' }],
    });
  }
}

/** `sir-fichero` -> the connector's fichero, unchanged. Only the shape is checked. */
export const sirFicheroPassthrough: Transform<SirFicheroPayload, SicresFichero> = {
  name: 'sir-fichero-passthrough',
  from: 'sir-fichero',
  to: 'sir-fichero',
  apply(message: Envelope<SirFicheroPayload>): SicresFichero {
    assertPayload(message.payload);
    return { xml: message.payload.xml, exchangeId: message.payload.exchangeId };
  },
};

/** True when delivering this message starts an outgoing exchange's life cycle (an ENVÍO). */
export function opensExchange(envelope: Envelope): boolean {
  if (envelope.type !== 'sir-fichero') return true;
  return (envelope.payload as Partial<SirFicheroPayload>).annotationType === '02';
}
