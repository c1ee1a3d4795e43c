import { filled, show, type RuleContext } from './context';
import { isSicresDateTime, madridStamp } from '../../../transforms/sicres3/dates';

/** §10 B.3: the sending office and its registration (number, date not in the future). */
export function originRules(ctx: RuleContext): string[] {
  const o = ctx.f.origin;
  if (o === undefined) return []; // a drop, judged before the rules run
  const reasons: string[] = [];
  const office = filled(o, 'Codigo_Entidad_Registral_Origen');
  if (office === undefined) reasons.push('Codigo_Entidad_Registral_Origen is empty');
  else if (!ctx.exists(office)) reasons.push(`Codigo_Entidad_Registral_Origen ${show(office)} does not exist in DIR3`);
  const unit = filled(o, 'Codigo_Unidad_Tramitacion_Origen');
  if (unit !== undefined && !ctx.exists(unit)) reasons.push(`Codigo_Unidad_Tramitacion_Origen ${show(unit)} does not exist in DIR3`);
  if (filled(o, 'Numero_Registro_Entrada') === undefined) reasons.push('Numero_Registro_Entrada is empty');
  const date = filled(o, 'Fecha_Hora_Entrada');
  if (date === undefined) reasons.push('Fecha_Hora_Entrada is empty');
  else if (!isSicresDateTime(date)) reasons.push('Fecha_Hora_Entrada is not a valid yyyyMMddHHmmss date');
  else if (date > madridStamp(ctx.now)) reasons.push('Fecha_Hora_Entrada is in the future');
  return reasons;
}
