import { lookupNamespace, type XmlElement, type XmlNode } from './xml-tree';
import { escapeC14nAttr, escapeC14nText } from './xml-text';

/**
 * Exclusive XML Canonicalization 1.0 without comments (http://www.w3.org/2001/10/xml-exc-c14n#),
 * no InclusiveNamespaces, of one element subtree of a parsed document: the node-set a
 * same-document `URI="#id"` reference selects. Comments were already dropped by the parser and
 * CDATA turned into text.
 *
 * Each element renders exactly the namespace declarations it visibly uses (its own prefix and
 * its attributes' prefixes) that its nearest rendered ancestors have not already rendered with
 * the same URI; `xmlns=""` only when an unprefixed element sits under a rendered non-empty
 * default namespace. Declarations come sorted by prefix, then attributes by (namespace URI,
 * local name); empty elements get an end tag.
 */
export function excC14n(root: XmlElement): string {
  const out: string[] = [];
  renderElement(root, new Map(), out);
  return out.join('');
}

type Rendered = Map<string, string>;

function renderElement(el: XmlElement, rendered: Rendered, out: string[]): void {
  const decls = visiblyUsedDeclarations(el, rendered);
  let scope = rendered;
  let tag = '<' + el.name;
  if (decls.length > 0) {
    scope = new Map(rendered);
    for (const [prefix, uri] of decls) {
      scope.set(prefix, uri);
      tag += (prefix ? ` xmlns:${prefix}="` : ' xmlns="') + escapeC14nAttr(uri) + '"';
    }
  }
  const attrs = el.attrs.length > 1 ? [...el.attrs].sort(compareAttrs) : el.attrs;
  for (const a of attrs) tag += ` ${a.name}="${escapeC14nAttr(a.value)}"`;
  out.push(tag + '>');
  renderChildren(el.children, scope, out);
  out.push(`</${el.name}>`);
}

function renderChildren(children: XmlNode[], scope: Rendered, out: string[]): void {
  for (const child of children) {
    if (child.kind === 'text') out.push(escapeC14nText(child.value));
    else if (child.kind === 'element') renderElement(child, scope, out);
    else out.push(child.data ? `<?${child.target} ${child.data}?>` : `<?${child.target}?>`);
  }
}

/** [prefix, uri] pairs to render on `el`, sorted by prefix ('' first). */
function visiblyUsedDeclarations(el: XmlElement, rendered: Rendered): [string, string][] {
  const decls: [string, string][] = [];
  const consider = (prefix: string, uri: string) => {
    if (prefix === 'xml') return;
    if ((rendered.get(prefix) ?? '') === uri) return;
    if (decls.some(([p]) => p === prefix)) return;
    decls.push([prefix, uri]);
  };
  consider(el.prefix, el.prefix ? el.uri : (lookupNamespace(el, '') ?? ''));
  for (const a of el.attrs) if (a.prefix) consider(a.prefix, a.uri);
  if (decls.length > 1) decls.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return decls;
}

function compareAttrs(a: { uri: string; local: string }, b: { uri: string; local: string }): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.local < b.local ? -1 : a.local > b.local ? 1 : 0;
}
