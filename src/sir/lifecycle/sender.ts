import { TRANSIENT_SIR_CODES } from '../../connectors/sir/respuesta';

/**
 * The life cycle of an exchange we send (reference/sir-sicres3.md §8.2), as pure transitions.
 * Names are pasarela's; the SIGEM/regweb3 states they stand for are in brackets.
 * - `pending`: not yet taken by the CIR (no `RespuestaWS 00` yet) [PENDIENTE_ENVIO]
 * - `sent` [ENVIADO] -> `acknowledged` (ACK) [ENVIADO_Y_ACK] -> `confirmed` (CONFIRMACIÓN, with
 *   the destination's registry number and date) [ACEPTADO]
 * - `error` (ERROR with its code) [ENVIADO_Y_ERROR]
 * - `returned`: a fichero `03` brought it back to us [DEVUELTO]
 * - `rejected`: a fichero `04` refused it [RECHAZADO]
 * - `unacknowledged`: sent again `maxResends` times without an ACK; parked for an operator (a
 *   late ACK or CONFIRMACIÓN is still taken) [the `*_TIME_OUT` SIGEM only mentions]
 */
export type SenderState = 'pending' | 'sent' | 'acknowledged' | 'error' | 'confirmed' | 'returned' | 'rejected' | 'unacknowledged';

export type SenderEvent =
  | { kind: 'cir-accepted' }
  | { kind: 'ack' }
  | { kind: 'error'; code: string }
  | { kind: 'confirmation'; registryNumber: string; registryDate: string }
  | { kind: 'fichero-03' }
  | { kind: 'fichero-04' }
  /** A corrected fichero with the same exchange id was taken by the CIR after an ERROR (§8.1 flow 6). */
  | { kind: 'corrected-resend' }
  /** No ACK (or a transient ERROR) within the configured time: `resends` made so far. */
  | { kind: 'ack-timeout'; resends: number; maxResends: number };

/** What to do besides moving to `state`. */
export type SenderAction = 'resend' | 'park' | 'reply-error-0037';

export interface SenderStep {
  state: SenderState;
  action?: SenderAction;
  /** The event changed nothing: a duplicate or one the state does not expect (kept as a hop). */
  ignored: boolean;
}

const AWAITING_ACK: readonly SenderState[] = ['sent', 'unacknowledged'];
const CONFIRMABLE: readonly SenderState[] = ['sent', 'acknowledged', 'error', 'unacknowledged'];
const IN_FLIGHT: readonly SenderState[] = ['sent', 'acknowledged'];

const stay = (state: SenderState, action?: SenderAction): SenderStep => ({ state, action, ignored: action === undefined });
const move = (state: SenderState, action?: SenderAction): SenderStep => ({ state, action, ignored: false });

/** The next state of an outgoing exchange. Never throws: an unexpected event is `ignored`. */
export function senderNext(state: SenderState, event: SenderEvent): SenderStep {
  switch (event.kind) {
    case 'cir-accepted':
      return state === 'pending' ? move('sent') : stay(state);
    case 'ack':
      return AWAITING_ACK.includes(state) ? move('acknowledged') : stay(state);
    case 'error':
      // 0039 (destination unreachable) is the CIR's own trouble: the state stays and we re-send.
      if (event.code === '0039' && state === 'sent') return stay('sent', 'resend');
      return AWAITING_ACK.includes(state) ? move('error') : stay(state);
    case 'confirmation':
      return CONFIRMABLE.includes(state) ? move('confirmed') : stay(state);
    case 'fichero-03':
      return IN_FLIGHT.includes(state) ? move('returned') : stay(state);
    case 'fichero-04':
      if (state === 'rejected') return stay('rejected', 'reply-error-0037');
      return IN_FLIGHT.includes(state) ? move('rejected') : stay(state);
    case 'corrected-resend':
      return state === 'error' ? move('sent') : stay(state);
    case 'ack-timeout':
      return onTimeout(state, event.resends, event.maxResends);
  }
}

/** Re-send the same fichero (same id) while no ACK came, up to the limit; then park. */
function onTimeout(state: SenderState, resends: number, maxResends: number): SenderStep {
  if (state !== 'sent' && state !== 'error') return stay(state);
  return resends < maxResends ? stay(state, 'resend') : move('unacknowledged', 'park');
}

/** An ERROR whose code the reference lists as transient is worth re-sending after the time-out. */
export function isTransientError(code: string): boolean {
  return TRANSIENT_SIR_CODES.has(code) || code === '0039';
}
