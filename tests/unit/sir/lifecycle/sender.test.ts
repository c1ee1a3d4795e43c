import { senderNext, type SenderEvent, type SenderState } from '../../../../src/sir/lifecycle';

const ACK: SenderEvent = { kind: 'ack' };
const CONFIRMATION: SenderEvent = { kind: 'confirmation', registryNumber: 'REG-2026-1', registryDate: '20261125120000' };

/** Run a flow of events from `pending`, returning the states passed through. */
function flow(events: SenderEvent[], from: SenderState = 'pending'): SenderState[] {
  const states: SenderState[] = [];
  let state = from;
  for (const e of events) {
    state = senderNext(state, e).state;
    states.push(state);
  }
  return states;
}

describe('the life cycle of an exchange we send (§8.2)', () => {
  it('goes sent, acknowledged, confirmed in the plain envío + confirmación flow', () => {
    expect(flow([{ kind: 'cir-accepted' }, ACK, CONFIRMATION])).toEqual(['sent', 'acknowledged', 'confirmed']);
  });

  it('tolerates duplicated ACKs and confirmations without moving', () => {
    expect(senderNext('acknowledged', ACK)).toEqual({ state: 'acknowledged', ignored: true });
    expect(senderNext('confirmed', CONFIRMATION)).toEqual({ state: 'confirmed', ignored: true });
    expect(senderNext('confirmed', ACK)).toEqual({ state: 'confirmed', ignored: true });
  });

  it('records an ERROR, and still takes the confirmation that follows a corrected re-send', () => {
    expect(flow([{ kind: 'cir-accepted' }, { kind: 'error', code: '0037' }, CONFIRMATION])).toEqual(['sent', 'error', 'confirmed']);
  });

  it('goes back to sent when a corrected fichero with the same id is taken after an ERROR, and then takes its ACK (§8.1 flow 6)', () => {
    expect(flow([{ kind: 'cir-accepted' }, { kind: 'error', code: '0037' }, { kind: 'corrected-resend' }, ACK, CONFIRMATION]))
      .toEqual(['sent', 'error', 'sent', 'acknowledged', 'confirmed']);
    expect(senderNext('confirmed', { kind: 'corrected-resend' })).toEqual({ state: 'confirmed', ignored: true });
    expect(senderNext('acknowledged', { kind: 'corrected-resend' })).toEqual({ state: 'acknowledged', ignored: true });
  });

  it('keeps the state and re-sends on ERROR 0039 (the destination could not be reached)', () => {
    expect(senderNext('sent', { kind: 'error', code: '0039' })).toEqual({ state: 'sent', action: 'resend', ignored: false });
  });

  it('confirms straight from sent when the ACK was lost', () => {
    expect(senderNext('sent', CONFIRMATION).state).toBe('confirmed');
  });

  it('marks it returned when a fichero 03 brings it back, and rejected on a fichero 04', () => {
    expect(senderNext('acknowledged', { kind: 'fichero-03' }).state).toBe('returned');
    expect(senderNext('sent', { kind: 'fichero-04' }).state).toBe('rejected');
  });

  it('answers ERROR 0037 to a second rejection of an exchange already rejected', () => {
    expect(senderNext('rejected', { kind: 'fichero-04' })).toEqual({ state: 'rejected', action: 'reply-error-0037', ignored: false });
  });

  it('re-sends the same fichero when no ACK came in time, up to the limit, then parks it', () => {
    expect(senderNext('sent', { kind: 'ack-timeout', resends: 0, maxResends: 5 }).action).toBe('resend');
    expect(senderNext('sent', { kind: 'ack-timeout', resends: 4, maxResends: 5 }).action).toBe('resend');
    expect(senderNext('sent', { kind: 'ack-timeout', resends: 5, maxResends: 5 })).toEqual({ state: 'unacknowledged', action: 'park', ignored: false });
    expect(senderNext('acknowledged', { kind: 'ack-timeout', resends: 0, maxResends: 5 })).toEqual({ state: 'acknowledged', ignored: true });
  });

  it('still takes a late ACK or CONFIRMACIÓN after it gave up waiting', () => {
    expect(senderNext('unacknowledged', ACK).state).toBe('acknowledged');
    expect(senderNext('unacknowledged', CONFIRMATION).state).toBe('confirmed');
  });

  it('ignores what a settled exchange cannot receive', () => {
    for (const state of ['confirmed', 'returned', 'rejected'] as const) {
      expect(senderNext(state, { kind: 'error', code: '0037' }).ignored).toBe(true);
      expect(senderNext(state, { kind: 'fichero-03' }).ignored).toBe(true);
    }
  });
});
