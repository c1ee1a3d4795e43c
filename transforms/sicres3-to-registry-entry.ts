import type { FieldProblem } from '../src/core/errors';
import type { RegistryEntry } from '../src/core/registry-entry';
import type { ParsedFichero } from '../src/sir/fichero';
import { readAnnexes, type AnnexSicresFacts } from './sicres3/from-annexes';
import { compact, readerOf } from './sicres3/from-read';
import {
  AnnotationTypes, readControl, readDestination, readForm, readInterested, readOrigin, readSubject, segmentReader,
  type AnnotationType,
} from './sicres3/from-segments';

/**
 * SICRES 3.0 `Fichero_Intercambio_SICRES_3` (as parsed by src/sir/parse-fichero.ts) -> canonical
 * `registry-entry`: the inverse of registry-entry-to-sicres3.ts.
 *
 * Contract:
 * - Pure and total: odd input (unknown codes, bad dates, bad base64, a `Hash` that does not
 *   match the content, missing segments) never throws; each becomes a `FieldProblem` whose
 *   pointer names the fichero element (`/De_Anexo/0/Hash`). Messages never quote citizen data.
 * - `entry` is a valid canonical entry only when `problems` is empty; otherwise it is a best
 *   effort for diagnostics (missing required text reads as `''`, unmapped codes are left out).
 * - It does not apply the reception rules (reference §10; src/sir/reception): it assumes the
 *   fichero passed them, and only reports what stops the mapping itself.
 * - What SICRES carries and the canonical schema has no place for is returned in `sicres`, so
 *   the receiver can route the hop (Tipo_Anotacion), answer it and keep signature material.
 *
 * Not registered in transforms/index.ts: a `Transform` maps from a canonical message type, and
 * this one maps to it. The receiver wraps the result in a `registry-entry` envelope.
 */

/** Hop facts of the fichero with no place in the canonical entry. */
export interface SicresHopFacts {
  /** `Tipo_Anotacion`: envío, reenvío, rechazo (or pending); undefined when missing/unknown. */
  annotationType?: AnnotationType;
  /** `Aplicacion_Version_Emisora`. */
  emittingApplication?: string;
  /** `Codigo_Entidad_Registral_Inicio`: the office that started the exchange (never changes). */
  startingOffice?: string;
  /** `Decodificacion_Entidad_Registral_Inicio`. */
  startingOfficeName?: string;
  /** `Timestamp_Entrada` (base64 time-stamp token of the origin registration). */
  registryTimestamp?: string;
  /** Per annex, same order as `entry.annexes`. */
  annexes: AnnexSicresFacts[];
}

export interface InboundRegistryEntry {
  entry: RegistryEntry;
  sicres: SicresHopFacts;
  problems: FieldProblem[];
}

function hopFacts(parsed: ParsedFichero, annexes: AnnexSicresFacts[], problems: FieldProblem[]): SicresHopFacts {
  const control = readerOf(parsed.control, '/De_Internos_Control', problems);
  const origin = readerOf(parsed.origin, '/De_Origen_o_Remitente', problems);
  return compact({
    annotationType: control.code(AnnotationTypes, 'Tipo_Anotacion', true),
    emittingApplication: control.text('Aplicacion_Version_Emisora'),
    startingOffice: control.required('Codigo_Entidad_Registral_Inicio') || undefined,
    startingOfficeName: control.text('Decodificacion_Entidad_Registral_Inicio'),
    registryTimestamp: origin.text('Timestamp_Entrada'),
    annexes,
  });
}

/** Map a parsed fichero to a canonical registry entry plus SICRES-only facts and problems. */
export function ficheroToRegistryEntry(parsed: ParsedFichero): InboundRegistryEntry {
  const problems: FieldProblem[] = [];
  const origin = readOrigin(segmentReader(parsed, 'origin', 'De_Origen_o_Remitente', problems));
  const destination = readDestination(segmentReader(parsed, 'destination', 'De_Destino', problems));
  if (parsed.interested.length === 0) {
    problems.push({ pointer: '/De_Interesado', code: 'missing-segment', message: 'De_Interesado is missing' });
  }
  const interested = readInterested(parsed.interested, problems);
  const subject = readSubject(segmentReader(parsed, 'subject', 'De_Asunto', problems));
  const { annexes, facts } = readAnnexes(parsed.annexes, problems);
  const control = readControl(segmentReader(parsed, 'control', 'De_Internos_Control', problems));
  const form = readForm(segmentReader(parsed, 'form', 'De_Formulario_Generico', problems), parsed.form);
  const sicres = hopFacts(parsed, facts, problems);
  return { entry: { origin, destination, interested, subject, form, annexes, control }, sicres, problems };
}
