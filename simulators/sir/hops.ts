import type { ParsedFichero } from '../../src/sir/fichero';
import { hopFichero, writeFichero, type OfficeRef } from '../../src/sir/write-fichero';

/**
 * The ficheros the simulated destination office sends back to the office that started an
 * exchange (reference/sir-sicres3.md §8.1, §11.5): a RECHAZO (`04`, `[sim:reject]`) or a REENVÍO
 * back to it (`03`, `[sim:return]`). Parsed and re-written with pasarela's own `hopFichero` and
 * `writeFichero`, so the result is the received document, XSD-valid, with only the hop changed.
 */

export type HopType = '03' | '04';

/** `Descripcion_Tipo_Anotacion` (≤ 80 characters) of each hop. */
export const HOP_REASONS: Readonly<Record<HopType, string>> = {
  '04': 'Rechazado por la oficina de destino (simulador SIR, [sim:reject])',
  '03': 'Devuelto a la oficina de inicio (simulador SIR, [sim:return])',
};

const informed = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== '' ? v : undefined);

/** Whether `f` is a REENVÍO or RECHAZO rather than an ENVÍO. */
export function hopTypeOf(f: ParsedFichero): HopType | undefined {
  const type = f.control?.Tipo_Anotacion;
  return type === '03' || type === '04' ? type : undefined;
}

/**
 * The destination office of `f` as the hop's origin. An entry without interested parties needs
 * an origin unit (plan RC-117): when the destination names no unit, the original one stays.
 */
function destinationAsOrigin(f: ParsedFichero): OfficeRef {
  const d = f.destination ?? {};
  const o = f.origin ?? {};
  const unit = informed(d.Codigo_Unidad_Tramitacion_Destino);
  return {
    office: d.Codigo_Entidad_Registral_Destino ?? '',
    officeName: informed(d.Decodificacion_Entidad_Registral_Destino),
    unit: unit ?? informed(o.Codigo_Unidad_Tramitacion_Origen),
    unitName: unit !== undefined ? informed(d.Decodificacion_Unidad_Tramitacion_Destino) : informed(o.Decodificacion_Unidad_Tramitacion_Origen),
  };
}

/**
 * `f` sent back by its destination office to `Codigo_Entidad_Registral_Inicio`, as `type`, with
 * `reason` (default {@link HOP_REASONS}): same `Identificador_Intercambio`, starting office,
 * registry number and date, parties, subject and annexes (§11.5). Pure.
 */
export function hopBackXml(f: ParsedFichero, type: HopType, reason = HOP_REASONS[type]): string {
  const c = f.control ?? {};
  const to: OfficeRef = { office: c.Codigo_Entidad_Registral_Inicio ?? '', officeName: informed(c.Decodificacion_Entidad_Registral_Inicio) };
  return writeFichero(hopFichero(f, { annotationType: type, reason, from: destinationAsOrigin(f), to }));
}
