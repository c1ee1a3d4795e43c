import { FIRST_RECEPTION, receiverNext, type ReceiverEvent, type ReceiverState } from '../../../../src/sir/lifecycle';

describe('the life cycle of an exchange we receive (§8.3)', () => {
  it('stores a new exchange as received and answers it with an ACK', () => {
    expect(FIRST_RECEPTION).toEqual({ state: 'received', action: 'send-ack', ignored: false });
  });

  it('re-sends our REENVÍO or RECHAZO while its ACK does not come, then parks it; a late ACK is still taken', () => {
    const timeout = (resends: number) => ({ kind: 'ack-timeout' as const, resends, maxResends: 2 });
    expect(receiverNext('rejected', timeout(0))).toEqual({ state: 'rejected', action: 'resend', ignored: false });
    expect(receiverNext('forwarded', timeout(1))).toEqual({ state: 'forwarded', action: 'resend', ignored: false });
    expect(receiverNext('rejected', timeout(2))).toEqual({ state: 'rejected-unacknowledged', action: 'park', ignored: false });
    expect(receiverNext('forwarded', timeout(2))).toEqual({ state: 'forwarded-unacknowledged', action: 'park', ignored: false });
    expect(receiverNext('received', timeout(0))).toMatchObject({ state: 'received', ignored: true });
    expect(receiverNext('rejected-ack', timeout(9))).toMatchObject({ state: 'rejected-ack', ignored: true });
    expect(receiverNext('rejected-unacknowledged', { kind: 'ack' }).state).toBe('rejected-ack');
    expect(receiverNext('forwarded-unacknowledged', { kind: 'error', code: '0037' }).state).toBe('forwarded-error');
  });

  it('answers the same ENVÍO again with an ACK while received, and with the CONFIRMACIÓN once accepted', () => {
    expect(receiverNext('received', { kind: 'fichero-02' })).toMatchObject({ state: 'received', action: 'send-ack' });
    expect(receiverNext('accepted', { kind: 'fichero-02' })).toMatchObject({ state: 'accepted', action: 'send-confirmation' });
  });

  it.each(['forwarded', 'rejected', 'rejected-ack'] as const)('refuses an ENVÍO again with ERROR 0037 when the exchange is %s', (state) => {
    expect(receiverNext(state, { kind: 'fichero-02' })).toMatchObject({ state, action: 'send-error-0037' });
  });

  it('turns the municipality\'s decisions into the right message: CONFIRMACIÓN, REENVÍO (03), RECHAZO (04)', () => {
    expect(receiverNext('received', { kind: 'accept' })).toMatchObject({ state: 'accepted', action: 'send-confirmation' });
    expect(receiverNext('received', { kind: 'forward' })).toMatchObject({ state: 'forwarded', action: 'send-fichero-03' });
    expect(receiverNext('received', { kind: 'reject' })).toMatchObject({ state: 'rejected', action: 'send-fichero-04' });
  });

  it('takes a decision only once', () => {
    for (const event of [{ kind: 'accept' }, { kind: 'forward' }, { kind: 'reject' }] as ReceiverEvent[]) {
      expect(receiverNext('accepted', event)).toEqual({ state: 'accepted', ignored: true });
    }
  });

  it('follows the ACK or ERROR of what we forwarded or rejected', () => {
    const cases: [ReceiverState, ReceiverEvent, ReceiverState][] = [
      ['forwarded', { kind: 'ack' }, 'forwarded-ack'],
      ['forwarded', { kind: 'error', code: '0037' }, 'forwarded-error'],
      ['forwarded-error', { kind: 'ack' }, 'forwarded-ack'],
      ['rejected', { kind: 'ack' }, 'rejected-ack'],
      ['rejected', { kind: 'error', code: '0037' }, 'rejected-error'],
      ['rejected-error', { kind: 'ack' }, 'rejected-ack'],
    ];
    for (const [from, event, to] of cases) expect(receiverNext(from, event)).toMatchObject({ state: to, ignored: false });
  });

  it('receives again an exchange that comes back as a REENVÍO after we forwarded or rejected it', () => {
    for (const state of ['rejected', 'rejected-ack', 'rejected-error', 'forwarded', 'forwarded-ack'] as const) {
      expect(receiverNext(state, { kind: 'fichero-03' })).toMatchObject({ state: 'received', action: 'send-ack' });
    }
    expect(receiverNext('accepted', { kind: 'fichero-03' })).toMatchObject({ state: 'accepted', action: 'send-error-0037' });
  });
});
