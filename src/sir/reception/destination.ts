import { filled, show, type RuleContext } from './context';

/**
 * §10 B.4: the destination office exists and is one we receive for; its unit, if given,
 * exists. An empty destination office is a drop (§10 A), judged before the rules run.
 */
export function destinationRules(ctx: RuleContext): string[] {
  const d = ctx.f.destination;
  const office = filled(d, 'Codigo_Entidad_Registral_Destino');
  if (d === undefined || office === undefined) return [];
  const reasons: string[] = [];
  if (!ctx.exists(office)) reasons.push(`Codigo_Entidad_Registral_Destino ${show(office)} does not exist in DIR3`);
  else if (!ctx.isOurs(office)) reasons.push(`Codigo_Entidad_Registral_Destino ${show(office)} is not an office this system receives for`);
  const unit = filled(d, 'Codigo_Unidad_Tramitacion_Destino');
  if (unit !== undefined && !ctx.exists(unit)) reasons.push(`Codigo_Unidad_Tramitacion_Destino ${show(unit)} does not exist in DIR3`);
  return reasons;
}
