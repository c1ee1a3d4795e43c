import type { ParsedFichero, Segment } from './fichero';
import { ANNEX, CONTROL, DESTINATION, FICHERO_ROOT, FORM, INTERESTED, ORIGIN, SEGMENTS, SUBJECT } from './reception/schema';

import { escapeXmlText } from '../../transforms/sicres3/xml';

function segmentsOf(f: ParsedFichero, name: string): Segment[] {
  const one = (s: Segment | undefined): Segment[] => (s === undefined ? [] : [s]);
  switch (name) {
    case ORIGIN: return one(f.origin);
    case DESTINATION: return one(f.destination);
    case INTERESTED: return f.interested;
    case SUBJECT: return one(f.subject);
    case ANNEX: return f.annexes;
    case CONTROL: return one(f.control);
    case FORM: return one(f.form);
    default: return [];
  }
}

/**
 * A parsed fichero written back as `Fichero_Intercambio_SICRES_3`: segments and, in each, the
 * elements the XSD knows, in schema order (src/sir/reception/schema.ts), values as they were
 * (base64 annexes untouched). Elements the XSD does not know were already reported by the
 * parser (`structure`) and are not written.
 */
export function writeFichero(f: ParsedFichero): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<${FICHERO_ROOT}>`];
  for (const rule of SEGMENTS) {
    for (const segment of segmentsOf(f, rule.name)) {
      out.push(`<${rule.name}>`);
      for (const leaf of rule.leaves) {
        const v = segment[leaf.name];
        if (v !== undefined) out.push(`<${leaf.name}>${escapeXmlText(v)}</${leaf.name}>`);
      }
      out.push(`</${rule.name}>`);
    }
  }
  out.push(`</${FICHERO_ROOT}>`, '');
  return out.join('\n');
}

export interface OfficeRef {
  office: string;
  officeName?: string;
  unit?: string;
  unitName?: string;
}

/** A new hop of an exchange someone else started (reference/sir-sicres3.md §8.3, §11.5). */
export interface HopChange {
  /** `03` REENVÍO, `04` RECHAZO. */
  annotationType: '03' | '04';
  /** `Descripcion_Tipo_Anotacion`: the reason, ≤ 80 characters. */
  reason: string;
  /** The office sending this hop (ours). */
  from: OfficeRef;
  /** The office it goes to: another office (03) or `Codigo_Entidad_Registral_Inicio` (04). */
  to: OfficeRef;
}

/** Set `name` to `value`, or remove it when `value` is undefined. */
function put(s: Segment, name: string, value: string | undefined): void {
  if (value === undefined) delete s[name];
  else s[name] = value;
}

/**
 * The same fichero as a REENVÍO or RECHAZO: origin = the sending office (and its unit, if given),
 * destination = the target, `Tipo_Anotacion` and its description set; `Identificador_Intercambio`,
 * `Codigo_Entidad_Registral_Inicio`, the origin's registry number and date, the parties, the
 * subject and every annex stay exactly as received (§11.5). Pure.
 */
export function hopFichero(f: ParsedFichero, change: HopChange): ParsedFichero {
  const origin: Segment = { ...f.origin };
  put(origin, 'Codigo_Entidad_Registral_Origen', change.from.office);
  put(origin, 'Decodificacion_Entidad_Registral_Origen', change.from.officeName);
  // Without a unit of ours the original one stays: an entry without interested parties needs an
  // origin unit (reference §10 B.6, RC-117), and the hop must not become unreceivable.
  if (change.from.unit !== undefined) {
    put(origin, 'Codigo_Unidad_Tramitacion_Origen', change.from.unit);
    put(origin, 'Decodificacion_Unidad_Tramitacion_Origen', change.from.unitName);
  }
  const destination: Segment = {};
  put(destination, 'Codigo_Entidad_Registral_Destino', change.to.office);
  put(destination, 'Decodificacion_Entidad_Registral_Destino', change.to.officeName);
  put(destination, 'Codigo_Unidad_Tramitacion_Destino', change.to.unit);
  put(destination, 'Decodificacion_Unidad_Tramitacion_Destino', change.to.unit === undefined ? undefined : change.to.unitName);
  const control: Segment = { ...f.control, Tipo_Anotacion: change.annotationType, Descripcion_Tipo_Anotacion: change.reason };
  return { ...f, origin, destination, control, structure: [] };
}
