import { filled, type RuleContext } from './context';

/**
 * §10 B.9: Expone and Solicita may both be empty (lengths are XSD facts), but a filled Expone
 * needs a Solicita (regweb3, LIBSIR 0005; plan RC-085). A Solicita alone is fine (RC-083/086).
 */
export function formRules(ctx: RuleContext): string[] {
  const form = ctx.f.form;
  if (form === undefined) return [];
  if (filled(form, 'Expone') !== undefined && filled(form, 'Solicita') === undefined) return ['Expone is filled but Solicita is empty'];
  return [];
}
