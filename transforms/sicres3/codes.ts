import type { FieldProblem } from '../../src/core/errors';

/**
 * Look a readable canonical value up in one of the `SicresCodes` tables. The canonical schema
 * already restricts these values; this guards against payloads that bypassed it, so an unknown
 * value becomes a problem instead of an `undefined` that would drop the element.
 */
export function toCode(
  table: Readonly<Record<string, string>>,
  value: string | undefined,
  element: string,
  pointer: string,
  problems: FieldProblem[],
): string | undefined {
  if (value === undefined) return undefined;
  if (Object.prototype.hasOwnProperty.call(table, value)) return table[value];
  problems.push({ pointer, code: 'unknown-code', message: `${element} has no SICRES 3.0 code for '${value}'` });
  return undefined;
}
