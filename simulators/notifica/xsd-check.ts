import type { XmlElement } from './xml-read';

/**
 * A small checker for the parts of the Notific@ schemas the simulator enforces (the `xs:all`
 * complex types of altaRemesaEnvios.xsd and the request types of SincronizarEnvio.wsdl): which
 * children may appear, which must, at most once each, and the facets of the simple ones. It
 * answers the first problem as `path: reason` (Spanish, as the service's own messages), never
 * quoting the value, which may be personal data.
 */

export interface Facet {
  required?: true;
  /** A complex child: checked by its caller, not here. */
  complex?: true;
  /** The child may repeat (an xs:sequence member), checked by its caller. */
  repeats?: true;
  maxLength?: number;
  /** xs:length: exactly this many characters. */
  length?: number;
  pattern?: RegExp;
  /** xs:whiteSpace collapse before the facets. */
  collapse?: true;
  /** Any other test on the (collapsed) text; returns the reason. */
  check?: (text: string) => string | undefined;
}

export type Spec = Readonly<Record<string, Facet>>;

const chars = (s: string): number => [...s].length;

export function collapse(text: string): string {
  return text.replace(/[\t\n\r ]+/g, ' ').trim();
}

export const at = (path: string, name: string): string => (path === '' ? name : `${path}/${name}`);

function checkSimple(el: XmlElement, facet: Facet, path: string): string | undefined {
  if (el.children.length > 0) return `${path}: no admite elementos hijos`;
  const text = facet.collapse ? collapse(el.text) : el.text;
  if (facet.length !== undefined && chars(text) !== facet.length) return `${path}: debe tener ${facet.length} caracteres`;
  if (facet.maxLength !== undefined && chars(text) > facet.maxLength) return `${path}: supera ${facet.maxLength} caracteres`;
  if (facet.pattern !== undefined && !facet.pattern.test(text)) return `${path}: no cumple el formato ${facet.pattern.source.replace(/^\^|\$$/g, '')}`;
  const reason = facet.check?.(text);
  return reason === undefined ? undefined : `${path}: ${reason}`;
}

/** Check `el`'s children against an `xs:all` spec: no unknown, none twice (unless `repeats`), every required one. */
export function checkAll(el: XmlElement, spec: Spec, path: string): string | undefined {
  const seen = new Set<string>();
  for (const c of el.children) {
    const facet = Object.prototype.hasOwnProperty.call(spec, c.name) ? spec[c.name] : undefined;
    if (facet === undefined) return `${at(path, c.name)}: elemento no permitido`;
    if (seen.has(c.name) && !facet.repeats) return `${at(path, c.name)}: aparece más de una vez`;
    seen.add(c.name);
    if (!facet.complex && !facet.repeats) {
      const problem = checkSimple(c, facet, at(path, c.name));
      if (problem !== undefined) return problem;
    }
  }
  const missing = Object.keys(spec).find((name) => spec[name].required && !seen.has(name));
  return missing === undefined ? undefined : `${at(path, missing)}: falta el elemento obligatorio`;
}

/**
 * Check `el`'s children against an `xs:sequence` of single, optional-or-required elements:
 * the same as {@link checkAll}, plus the order. Answers the first child out of place.
 */
export function checkSequence(el: XmlElement, order: readonly string[], spec: Spec, path: string): string | undefined {
  let last = -1;
  for (const c of el.children) {
    const i = order.indexOf(c.name);
    if (i === -1) return `${at(path, c.name)}: elemento no permitido`;
    if (i < last) return `${at(path, c.name)}: fuera de orden (xs:sequence: ${order.join(', ')})`;
    if (i === last) return `${at(path, c.name)}: aparece más de una vez`;
    last = i;
  }
  return checkAll(el, spec, path);
}

/** Check repeated children: only `name`, between `min` and `max` of them. */
export function checkList(el: XmlElement, name: string, min: number, max: number, path: string): string | undefined {
  const other = el.children.find((c) => c.name !== name);
  if (other !== undefined) return `${at(path, other.name)}: elemento no permitido`;
  if (el.children.length < min) return `${at(path, name)}: debe haber al menos ${min}`;
  if (el.children.length > max) return `${at(path, name)}: no puede haber más de ${max}`;
  return undefined;
}

export const INTEGER = /^[+-]?\d+$/;
export const oneOf = (...values: string[]) => (text: string): string | undefined => (values.includes(text) ? undefined : `debe ser ${values.join(' o ')}`);
