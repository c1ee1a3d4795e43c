import type { Envelope } from '../src/core/envelope';
import { Errors, PasarelaError } from '../src/core/errors';
import type { Transform } from '../src/core/plugin';
import { controlMessageProblems, type ControlMessage } from '../src/sir/control-message';

/**
 * `sir-control` (payload: a `ControlMessage`, the fields of a De_Mensaje) -> the `sir-control`
 * connector's message, unchanged. Checked against the message rules, so a broken payload is
 * parked here with its problems instead of failing at every attempt.
 */
export const sirControlPassthrough: Transform<ControlMessage, ControlMessage> = {
  name: 'sir-control-passthrough',
  from: 'sir-control',
  to: 'sir-control',
  apply(message: Envelope<ControlMessage>): ControlMessage {
    const m = message.payload;
    const problems = typeof m === 'object' && m !== null ? controlMessageProblems(m) : [{ pointer: '/payload', code: 'invalid', message: 'not an object' }];
    if (problems.length > 0) {
      throw new PasarelaError(Errors.TRANSFORM_FAILED, `A sir-control message must hold a valid control message: ${problems[0].message}`, { problems });
    }
    return m;
  },
};
