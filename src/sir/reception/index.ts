import { isPasarelaError, Errors } from '../../core/errors';
import type { ParsedFichero } from '../fichero';
import { parseFichero, type ParseFicheroOptions } from '../parse-fichero';
import { annexRules } from './annexes';
import { contextOf, type JudgeOptions, type RuleContext } from './context';
import { controlRules } from './control';
import { destinationRules } from './destination';
import { dropReasons } from './drop';
import { formRules } from './form';
import { interestedRules } from './interested';
import { originRules } from './origin';
import { subjectRules } from './subject';
import { xsdRules } from './xsd';

export type { AnnexLimits, Directory, JudgeOptions, OwnOffices } from './context';
export { DEFAULT_ANNEX_LIMITS } from './context';

/**
 * The reception rules of reference/sir-sicres3.md §10 for one received fichero:
 * - `drop`: §10 A, no ERROR message can be built (code null; the SOAP answer is the only reply);
 * - `error`: §10 B.1–B.9, answer with an ERROR message carrying `Codigo_Error` 0037, as regweb3
 *   does for every validation failure;
 * - `accept`: store it and answer ACK.
 *
 * Seam — §10 B.10 (state checks: an ENVÍO for an exchange in an incompatible state, a RECHAZO for
 * an unknown exchange -> 0037 / 0065) needs the journal and is NOT judged here: the receiving
 * service must run it after `accept`, before storing and answering ACK.
 */
export type Outcome = 'accept' | 'error' | 'drop';

export interface Verdict {
  outcome: Outcome;
  code: string | null;
  reasons: string[];
}

/** Codigo_Error for every validation failure (reference §5.1). */
export const VALIDATION_ERROR_CODE = '0037';

const RULES: ReadonlyArray<(ctx: RuleContext) => string[]> = [
  xsdRules, originRules, destinationRules, interestedRules, subjectRules, annexRules, controlRules, formRules,
];

export function judgeFichero(parsed: ParsedFichero, opts: JudgeOptions = {}): Verdict {
  const drop = dropReasons(parsed);
  if (drop.length > 0) return { outcome: 'drop', code: null, reasons: drop };
  const ctx = contextOf(parsed, opts);
  const reasons = [...new Set(RULES.flatMap((rule) => rule(ctx)))];
  if (reasons.length > 0) return { outcome: 'error', code: VALIDATION_ERROR_CODE, reasons };
  return { outcome: 'accept', code: null, reasons: [] };
}

/** Parse and judge: a document that cannot be read as a fichero is a drop. */
export function checkFichero(xml: string | Buffer, opts: JudgeOptions & ParseFicheroOptions = {}): Verdict {
  let parsed: ParsedFichero;
  try {
    parsed = parseFichero(xml, opts);
  } catch (e) {
    if (isPasarelaError(e) && e.code === Errors.SIR_FICHERO_UNREADABLE.code) return { outcome: 'drop', code: null, reasons: [e.message] };
    throw e;
  }
  return judgeFichero(parsed, opts);
}
