/**
 * The life cycle of an exchange we receive (reference/sir-sicres3.md §8.3), as pure transitions.
 * Names are pasarela's; regweb3's `EstadoRegistroSir` in brackets.
 * - `received` [RECIBIDO] -> `accepted` (the municipality registered it) [ACEPTADO]
 * - `forwarded` (re-sent to another office, fichero `03`) [REENVIADO], `forwarded-ack`, `forwarded-error`
 * - `rejected` (sent back to the starting office, fichero `04`) [RECHAZADO], `rejected-ack`, `rejected-error`
 * - `forwarded-unacknowledged`, `rejected-unacknowledged`: our 03/04 sent again `maxResends` times
 *   without an ACK; parked for an operator (a late ACK or ERROR is still taken)
 */
export type ReceiverState =
  | 'received' | 'accepted'
  | 'forwarded' | 'forwarded-ack' | 'forwarded-error'
  | 'rejected' | 'rejected-ack' | 'rejected-error'
  | 'forwarded-unacknowledged' | 'rejected-unacknowledged';

export type ReceiverEvent =
  /** The same exchange id arrives again as an ENVÍO (`02`). */
  | { kind: 'fichero-02' }
  /** It comes back to us as a REENVÍO (`03`). */
  | { kind: 'fichero-03' }
  | { kind: 'accept' }
  | { kind: 'forward' }
  | { kind: 'reject' }
  | { kind: 'ack' }
  | { kind: 'error'; code: string }
  /** No ACK of our REENVÍO/RECHAZO within the configured time: `resends` made so far. */
  | { kind: 'ack-timeout'; resends: number; maxResends: number };

/** What to send (through WS_SIR7 or WS_SIR6) besides moving to `state`. */
export type ReceiverAction = 'send-ack' | 'send-confirmation' | 'send-fichero-03' | 'send-fichero-04' | 'send-error-0037' | 'resend' | 'park';

export interface ReceiverStep {
  state: ReceiverState;
  action?: ReceiverAction;
  ignored: boolean;
}

/** What a new exchange id starts as: validated and stored, answered with an ACK. */
export const FIRST_RECEPTION: ReceiverStep = { state: 'received', action: 'send-ack', ignored: false };

const COMES_BACK: readonly ReceiverState[] = ['rejected', 'rejected-ack', 'rejected-error', 'forwarded', 'forwarded-ack'];

const step = (state: ReceiverState, action?: ReceiverAction, ignored = false): ReceiverStep => ({ state, action, ignored });

/** The next state of an incoming exchange. Never throws: an unexpected event is `ignored`. */
export function receiverNext(state: ReceiverState, event: ReceiverEvent): ReceiverStep {
  switch (event.kind) {
    case 'fichero-02':
      // Duplicates are answered, never stored twice: ACK again, or CONFIRMACIÓN again once accepted.
      if (state === 'received') return step('received', 'send-ack');
      if (state === 'accepted') return step('accepted', 'send-confirmation');
      return step(state, 'send-error-0037');
    case 'fichero-03':
      // Back to us after we sent it on; or the same REENVÍO again (our ACK lost): ACK again.
      if (state === 'received') return step('received', 'send-ack');
      return COMES_BACK.includes(state) ? step('received', 'send-ack') : step(state, 'send-error-0037');
    case 'accept':
      return state === 'received' ? step('accepted', 'send-confirmation') : step(state, undefined, true);
    case 'forward':
      return state === 'received' ? step('forwarded', 'send-fichero-03') : step(state, undefined, true);
    case 'reject':
      return state === 'received' ? step('rejected', 'send-fichero-04') : step(state, undefined, true);
    case 'ack':
      if (state === 'forwarded' || state === 'forwarded-error' || state === 'forwarded-unacknowledged') return step('forwarded-ack');
      if (state === 'rejected' || state === 'rejected-error' || state === 'rejected-unacknowledged') return step('rejected-ack');
      return step(state, undefined, true);
    case 'error':
      if (state === 'forwarded' || state === 'forwarded-unacknowledged') return step('forwarded-error');
      if (state === 'rejected' || state === 'rejected-unacknowledged') return step('rejected-error');
      return step(state, undefined, true);
    case 'ack-timeout':
      if (state !== 'forwarded' && state !== 'rejected') return step(state, undefined, true);
      // Re-send the same fichero while no ACK came, up to the limit; then park (§8.4).
      return event.resends < event.maxResends ? step(state, 'resend') : step(`${state}-unacknowledged`, 'park');
  }
}
