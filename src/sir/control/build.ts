import { Errors, PasarelaError, type FieldProblem } from '../../core/errors';
import { escapeXmlText as text } from '../../../transforms/sicres3/xml';
import { CONTROL_FIELDS, controlMessageProblems, type ControlMessage } from './fields';

/** What only a sender must hold to: an error code belongs to an ERROR alone. */
function senderProblems(m: ControlMessage): FieldProblem[] {
  if (m.errorCode !== undefined && m.errorCode !== '' && m.type !== '02') {
    return [{ pointer: '/errorCode', code: 'not-allowed', message: 'Codigo_Error is only sent in an ERROR (02) message' }];
  }
  return [];
}

/**
 * Write `m` as a `De_Mensaje` document (UTF-8, elements in `mensaje.xsd` order, absent or empty
 * optional elements left out). Throws `SIR_CONTROL_INVALID` with every problem when `m` breaks
 * the schema or the message rules: nothing is cut or fixed silently.
 */
export function buildControlMessage(m: ControlMessage): string {
  const problems = [...controlMessageProblems(m), ...senderProblems(m)];
  if (problems.length > 0) {
    throw new PasarelaError(Errors.SIR_CONTROL_INVALID, `The control message cannot be built: ${problems[0].message}`, {
      problems,
      details: { exchangeId: m.exchangeId?.slice(0, 33), type: m.type },
    });
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<De_Mensaje>'];
  for (const f of CONTROL_FIELDS) {
    const v = m[f.key] as string | string[] | undefined;
    for (const value of Array.isArray(v) ? v : [v]) {
      if (value !== undefined && value !== '') lines.push(`  <${f.element}>${text(value)}</${f.element}>`);
    }
  }
  lines.push('</De_Mensaje>');
  return `${lines.join('\n')}\n`;
}
