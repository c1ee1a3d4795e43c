import type { Envelope } from '../src/core/envelope';
import { Errors, PasarelaError, asPasarelaError, type FieldProblem } from '../src/core/errors';
import type { Transform } from '../src/core/plugin';
import type { RegistryEntry } from '../src/core/registry-entry';
import { annexSegments } from './sicres3/annexes';
import {
  controlSegment, destinationSegment, formSegment, interestedSegments, originSegment, subjectSegment,
} from './sicres3/segments';

/** What the SIR connector delivers: one `Fichero_Intercambio_SICRES_3` document. */
export interface SicresFichero {
  /** The whole document, UTF-8, with XML declaration; annexes base64 inline. */
  xml: string;
  /** Its `Identificador_Intercambio`, the key SIR de-duplicates on. */
  exchangeId: string;
}

function requireExchangeId(entry: RegistryEntry): string {
  const id = entry.control?.exchangeId;
  if (id === undefined || id === '') {
    throw new PasarelaError(Errors.TRANSFORM_FAILED, 'The registry entry has no Identificador_Intercambio', {
      problems: [{
        pointer: '/payload/control/exchangeId',
        code: 'missing',
        message: 'Identificador_Intercambio is required; pasarela assigns it at intake',
      }],
    });
  }
  return id;
}

/**
 * Build the fichero: every segment in schema order (reference/sir-sicres3.md §3), then fail with
 * every problem at once if any value does not fit SICRES.
 */
export function toSicresXml(entry: RegistryEntry, exchangeId: string): string {
  const problems: FieldProblem[] = [];
  const segments = [
    originSegment(entry, problems),
    destinationSegment(entry, problems),
    ...interestedSegments(entry, problems),
    subjectSegment(entry, problems),
    ...annexSegments(exchangeId, entry.annexes, problems),
    controlSegment(entry, exchangeId, problems),
    formSegment(entry, problems),
  ];
  if (problems.length > 0) {
    const elements = [...new Set(problems.map((p) => p.message.split(' ')[0]))].join(', ');
    throw new PasarelaError(Errors.TRANSFORM_FAILED, `The registry entry does not fit SICRES 3.0: ${elements}`, {
      problems,
    });
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Fichero_Intercambio_SICRES_3>',
    ...segments,
    '</Fichero_Intercambio_SICRES_3>',
    '',
  ].join('\n');
}

/**
 * `registry-entry` -> SICRES 3.0 `Fichero_Intercambio_SICRES_3` (an ENVÍO, Tipo_Anotacion 02).
 * Pure and deterministic. Throws `TRANSFORM_FAILED` (not retryable) with one problem per field
 * that cannot be expressed: missing exchange id, over-long values (never cut), bad codes/dates.
 */
export const registryEntryToSicres3: Transform<RegistryEntry, SicresFichero> = {
  name: 'registry-entry-to-sicres3',
  from: 'registry-entry',
  to: 'sir-fichero',
  apply(message: Envelope<RegistryEntry>): SicresFichero {
    try {
      const exchangeId = requireExchangeId(message.payload);
      return { xml: toSicresXml(message.payload, exchangeId), exchangeId };
    } catch (e) {
      throw asPasarelaError(e, Errors.TRANSFORM_FAILED);
    }
  },
};
