import { Errors } from '../core/errors';
import { fail } from './verify-parse';

/**
 * Bounds checked on the raw text before the DOM parser sees it. xmldom parses nested namespace
 * declarations in quadratic time, and canonicalisation grows with depth × declarations, so an
 * unsigned message could otherwise hold the event loop for seconds. A SOAP message pasarela
 * handles is shallow and declares a handful of namespaces; big payloads (SICRES annexes) are text.
 */
export const PRESCAN_LIMITS = { maxDepth: 256, maxNamespaceDeclarations: 256, maxElements: 100_000 } as const;

// Comments, CDATA and processing instructions are skipped (their content is not markup);
// any other `<…>` is a tag: group 1 = "/" for an end tag, group 2 = attributes, group 3 = "/" for empty.
const MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)[^\s/>!?]+([^>]*?)(\/?)>/g;
const XMLNS = /\sxmlns(?::[^\s=]+)?\s*=/g;

/** Throws WSSEC_MALFORMED when the message is deeper, or declares or holds more, than the limits. */
export function prescan(xml: string): void {
  let depth = 0;
  let elements = 0;
  let declarations = 0;
  for (const m of xml.matchAll(MARKUP)) {
    if (m[2] === undefined && m[1] === undefined) continue; // comment, CDATA or PI
    if (m[1] === '/') {
      depth--;
      continue;
    }
    elements++;
    declarations += m[2].match(XMLNS)?.length ?? 0;
    if (m[3] !== '/') depth++;
    if (depth > PRESCAN_LIMITS.maxDepth) fail(Errors.WSSEC_MALFORMED, `the message nests elements deeper than ${PRESCAN_LIMITS.maxDepth}`);
    if (elements > PRESCAN_LIMITS.maxElements) fail(Errors.WSSEC_MALFORMED, `the message has more than ${PRESCAN_LIMITS.maxElements} elements`);
    if (declarations > PRESCAN_LIMITS.maxNamespaceDeclarations) {
      fail(Errors.WSSEC_MALFORMED, `the message declares more than ${PRESCAN_LIMITS.maxNamespaceDeclarations} namespaces`);
    }
  }
}
