import { isCanonicalBase64 } from '../../core/validators/formats';
import type { Segment } from '../fichero';
import type { RuleContext } from './context';
import { ANNEX, CONTROL, DESTINATION, FORM, INTERESTED, ORIGIN, SUBJECT, segmentRule, type SegmentRule } from './schema';

/**
 * §10 B.1/B.2: what validating against `ficheroIntercambio.xsd` would reject — structure facts
 * from the parser, missing mandatory segments and elements, over-length values, the XSD enums,
 * and base64Binary values that are not base64 (white space is allowed inside, as in the XSD).
 */

function leafFacts(rule: SegmentRule, where: string, s: Segment): string[] {
  const facts: string[] = [];
  for (const leaf of rule.leaves) {
    const value = s[leaf.name];
    if (value === undefined) {
      if (leaf.required) facts.push(`${where} lacks ${leaf.name}`);
      continue;
    }
    if (leaf.max !== undefined && [...value].length > leaf.max) facts.push(`${where}/${leaf.name} is longer than ${leaf.max} characters`);
    if (leaf.values && !leaf.values.includes(value)) facts.push(`${where}/${leaf.name} is not one of ${leaf.values.join(', ')}`);
    if (leaf.base64 && !isCanonicalBase64(value.replace(/[ \t\r\n]+/g, ''))) facts.push(`${where}/${leaf.name} is not base64`);
  }
  return facts;
}

function segmentFacts(name: string, segments: Segment[]): string[] {
  const rule = segmentRule(name)!;
  return segments.flatMap((s, i) => leafFacts(rule, segments.length > 1 ? `${name}[${i + 1}]` : name, s));
}

export function xsdRules(ctx: RuleContext): string[] {
  const f = ctx.f;
  const facts = [...f.structure];
  const present = (name: string, s: unknown) => (s === undefined ? [`the fichero lacks ${name}`] : []);
  facts.push(...present(SUBJECT, f.subject), ...present(FORM, f.form));
  if (f.interested.length === 0) facts.push(`the fichero lacks ${INTERESTED}`);
  const one = (s: Segment | undefined) => (s === undefined ? [] : [s]);
  facts.push(
    ...segmentFacts(ORIGIN, one(f.origin)),
    ...segmentFacts(DESTINATION, one(f.destination)),
    ...segmentFacts(INTERESTED, f.interested),
    ...segmentFacts(SUBJECT, one(f.subject)),
    ...segmentFacts(ANNEX, f.annexes),
    ...segmentFacts(CONTROL, one(f.control)),
    ...segmentFacts(FORM, one(f.form)),
  );
  return facts;
}
