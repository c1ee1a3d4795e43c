import type { Element } from '@xmldom/xmldom';
import { Errors } from '../core/errors';
import { type DocumentScan, type ParsedEnvelope, elementChildren, fail } from './verify-parse';
import type { ReferenceParts } from './verify-structure';

/** One element the signature must cover, with the name rejections use for it. */
export interface SignedTarget {
  element: Element;
  name: string;
}

/**
 * What must be signed: the Body that is the Envelope's direct child, the Timestamp of the
 * signing Security header, and each configured extra header block (a direct child of Header
 * found by local name, exactly once).
 */
export function requiredTargets(env: ParsedEnvelope, timestamp: Element, extraReferences: readonly string[]): SignedTarget[] {
  const targets: SignedTarget[] = [{ element: env.body, name: 'Body' }, { element: timestamp, name: 'Timestamp' }];
  const headers = env.header ? elementChildren(env.header, 'the Header') : [];
  for (const name of extraReferences) {
    const found = headers.filter((h) => h.localName === name);
    if (found.length !== 1) fail(Errors.WSSEC_REFERENCES_MISMATCH, `the Header must carry exactly one ${name} element, signed`);
    targets.push({ element: found[0] as Element, name });
  }
  return targets;
}

/**
 * Pairs every reference with a required target by identity, not by name: the set of signed
 * elements must be exactly the targets, each once, and Ids unique in the whole document,
 * which is what defeats signature wrapping.
 */
export function matchReferences(refs: readonly ReferenceParts[], scan: DocumentScan, targets: readonly SignedTarget[]): Map<SignedTarget, ReferenceParts> {
  if (scan.duplicateId !== undefined) {
    fail(Errors.WSSEC_REFERENCES_MISMATCH, `the Id ${JSON.stringify(scan.duplicateId)} is carried by more than one element`);
  }
  const matched = new Map<SignedTarget, ReferenceParts>();
  for (const ref of refs) {
    const el = scan.ids.get(ref.id);
    if (!el) fail(Errors.WSSEC_REFERENCES_MISMATCH, `the reference #${ref.id} names no element of the message`);
    const target = targets.find((t) => t.element === el);
    if (!target) fail(Errors.WSSEC_REFERENCES_MISMATCH, `the reference #${ref.id} names a ${el.nodeName} the signature must not cover`);
    if (matched.has(target)) fail(Errors.WSSEC_REFERENCES_MISMATCH, `the ${target.name} is referenced more than once`);
    matched.set(target, ref);
  }
  for (const target of targets) {
    if (!matched.has(target)) fail(Errors.WSSEC_REFERENCES_MISMATCH, `the signature does not cover the ${target.name}`);
  }
  return matched;
}
