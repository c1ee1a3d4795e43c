import { filled, type RuleContext } from './context';

/** §10 B.7: the subject summary is mandatory content, not just a mandatory element. */
export function subjectRules(ctx: RuleContext): string[] {
  const s = ctx.f.subject;
  if (s === undefined || s.Resumen === undefined) return []; // reported by the XSD rules
  return filled(s, 'Resumen') === undefined ? ['Resumen is empty'] : [];
}
