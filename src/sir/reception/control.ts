import { ANNOTATION_TYPES, TRANSPORT_TYPES, inList } from './codes';
import { filled, show, type RuleContext } from './context';
import { madridStamp } from '../../../transforms/sicres3/dates';

/**
 * §10 B.5: transport and annotation codes, the starting office, and the exchange id's format
 * (§9): `<Codigo_Entidad_Registral_Inicio>_<yy>_<8 digits>`, yy not after the current year.
 * An empty exchange id is a drop (§10 A), judged before the rules run.
 */

const EXCHANGE_ID = /^([^_]+)_(\d{2})_(\d{8})$/;

function exchangeIdReasons(id: string, start: string | undefined, now: Date): string[] {
  const m = EXCHANGE_ID.exec(id);
  if (!m) return [`Identificador_Intercambio ${show(id)} is not <office>_<yy>_<8 digits>`];
  const reasons: string[] = [];
  if (start !== undefined && m[1] !== start) reasons.push('Identificador_Intercambio does not start with Codigo_Entidad_Registral_Inicio');
  if (m[2] > madridStamp(now).slice(2, 4)) reasons.push(`Identificador_Intercambio has the year ${m[2]}, after the current one`);
  return reasons;
}

export function controlRules(ctx: RuleContext): string[] {
  const c = ctx.f.control;
  if (c === undefined) return [];
  const reasons: string[] = [];
  const transport = filled(c, 'Tipo_Transporte_Entrada');
  if (transport !== undefined && !inList(TRANSPORT_TYPES, transport)) reasons.push(`Tipo_Transporte_Entrada ${show(transport)} is not a transport code`);
  const annotation = filled(c, 'Tipo_Anotacion');
  if (annotation === undefined) {
    if (c.Tipo_Anotacion !== undefined) reasons.push('Tipo_Anotacion is empty');
  } else if (!inList(ANNOTATION_TYPES, annotation)) reasons.push(`Tipo_Anotacion ${show(annotation)} is not 02, 03 or 04`);
  const start = filled(c, 'Codigo_Entidad_Registral_Inicio');
  if (start === undefined) {
    if (c.Codigo_Entidad_Registral_Inicio !== undefined) reasons.push('Codigo_Entidad_Registral_Inicio is empty');
  } else if (!ctx.exists(start)) reasons.push(`Codigo_Entidad_Registral_Inicio ${show(start)} does not exist in DIR3`);
  const id = filled(c, 'Identificador_Intercambio');
  if (id !== undefined) reasons.push(...exchangeIdReasons(id, start, ctx.now));
  return reasons;
}
