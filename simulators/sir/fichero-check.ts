import { FICHERO_ROOT, FICHERO_SEGMENTS, type LeafRule } from './fichero-schema';
import { XmlRejected, parseXmlTree, type XmlNode } from './xml-tree';

/**
 * What the simulated CIR checks before it takes a fichero: a safe, well-formed document whose
 * root is `Fichero_Intercambio_SICRES_3`, segments and leaves in schema order and cardinality,
 * mandatory elements present and non-empty, lengths, base64 syntax, and the code lists of
 * Tipo_Registro, Documentacion_Fisica, Indicador_Prueba, Tipo_Anotacion (and the other SICRES
 * lists when the element is filled). Business checks against DIR3 are out of scope.
 */
export type FicheroCheck = { ok: true; exchangeId: string; registryNumber: string } | { ok: false; reason: string };

interface Occurs {
  name: string;
  min: number;
  max: number;
}

/** Check that `names` follow the sequence `spec`; returns a reason or undefined. */
export function checkSequence(parent: string, names: string[], spec: readonly Occurs[]): string | undefined {
  let at = 0;
  let count = 0;
  for (const name of names) {
    if (!spec.some((s) => s.name === name)) return `${parent} has the unknown element ${name.slice(0, 60)}`;
    while (at < spec.length && spec[at].name !== name) {
      if (count < spec[at].min) return `${parent} lacks ${spec[at].name}`;
      at++;
      count = 0;
    }
    if (at === spec.length) return `${parent} has ${name} where it is unknown or out of order`;
    if (++count > spec[at].max) return `${parent} repeats ${name}`;
  }
  for (; at < spec.length; at++, count = 0) {
    if (count < spec[at].min) return `${parent} lacks ${spec[at].name}`;
  }
  return undefined;
}

const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

function checkLeaf(segment: string, node: XmlNode, rule: LeafRule): string | undefined {
  const where = `${segment}/${node.name}`;
  if (node.children.length > 0) return `${where} must not contain elements`;
  const value = node.text;
  if (value === '') return rule.required && !rule.mayBeEmpty ? `${where} is empty` : undefined;
  if (rule.max !== undefined && [...value].length > rule.max) return `${where} is longer than ${rule.max} characters`;
  if (rule.values && !rule.values.includes(value)) return `${where} has the value '${value.slice(0, 20)}', not one of ${rule.values.join(', ')}`;
  if (rule.base64) {
    const compact = value.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || !BASE64_CHARS.test(compact)) return `${where} is not base64`;
  }
  if (node.name === 'Fecha_Hora_Entrada' && !/^\d{14}$/.test(value)) return `${where} is not yyyyMMddHHmmss`;
  return undefined;
}

function checkSegment(node: XmlNode): string | undefined {
  const rule = FICHERO_SEGMENTS.find((s) => s.name === node.name)!;
  if (node.text !== '') return `${node.name} holds text outside its elements`;
  const leaves = rule.leaves.map((l) => ({ name: l.name, min: l.required ? 1 : 0, max: 1 }));
  const order = checkSequence(node.name, node.children.map((c) => c.name), leaves);
  if (order) return order;
  for (const child of node.children) {
    const problem = checkLeaf(node.name, child, rule.leaves.find((l) => l.name === child.name)!);
    if (problem) return problem;
  }
  return undefined;
}

function checkTree(root: XmlNode): string | undefined {
  if (root.name !== FICHERO_ROOT) return `the root element is ${root.name.slice(0, 60)}, not ${FICHERO_ROOT}`;
  if (root.text !== '') return `${FICHERO_ROOT} holds text outside its segments`;
  const order = checkSequence(FICHERO_ROOT, root.children.map((c) => c.name), FICHERO_SEGMENTS);
  if (order) return order;
  for (const segment of root.children) {
    const problem = checkSegment(segment);
    if (problem) return problem;
  }
  return undefined;
}

/** A mandatory leaf of a mandatory segment: only call on a tree `checkTree` accepted. */
function leafOf(root: XmlNode, segment: string, leaf: string): string {
  const node = root.children.find((c) => c.name === segment)!;
  return node.children.find((c) => c.name === leaf)!.text;
}

/** Check one `registro`. Never throws for bad input: the reason says what is wrong. */
export function checkFichero(registro: unknown): FicheroCheck {
  if (registro === undefined || registro === null) return { ok: false, reason: 'registro is missing' };
  // node-soap turns a CDATA section that starts with an XML declaration into elements.
  if (typeof registro !== 'string') return { ok: false, reason: 'registro is not text' };
  let root: XmlNode;
  try {
    root = parseXmlTree(registro);
  } catch (e) {
    if (e instanceof XmlRejected) return { ok: false, reason: e.message };
    throw e;
  }
  const problem = checkTree(root);
  if (problem) return { ok: false, reason: problem };
  const exchangeId = leafOf(root, 'De_Internos_Control', 'Identificador_Intercambio');
  return { ok: true, exchangeId, registryNumber: leafOf(root, 'De_Origen_o_Remitente', 'Numero_Registro_Entrada') };
}
