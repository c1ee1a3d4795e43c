import { createExchangeLedger } from '../../../../simulators/sir/stats';

const ID = 'O00012345_26_00000001';

describe('SIR simulator exchange ledger', () => {
  it('counts the same ENVÍO twice as a duplicate, and a REENVÍO or RECHAZO of it as ficheros of their own', () => {
    const ledger = createExchangeLedger();
    expect(ledger.record(ID, 'E-1')).toBe(true);
    expect(ledger.record(ID, 'E-1')).toBe(false);
    expect(ledger.record(ID, 'E-1', { annotationType: '04', origin: 'O00067890' })).toBe(true);
    expect(ledger.record(ID, 'E-1', { annotationType: '03', origin: 'O00067890' })).toBe(true);
    expect(ledger.record(ID, 'E-1', { annotationType: '03', origin: 'O00077777' })).toBe(true);
    expect(ledger.record(ID, 'E-1', { annotationType: '04', origin: 'O00067890' })).toBe(false);
    expect(ledger.stats()).toMatchObject({ received: 6, unique: 4, duplicates: 2 });
    expect(ledger.received()).toEqual(Array(6).fill(ID));
    expect(ledger.exchanges()).toEqual([
      { exchangeId: ID, registryNumber: 'E-1', count: 2 },
      { exchangeId: ID, registryNumber: 'E-1', annotationType: '04', origin: 'O00067890', count: 2 },
      { exchangeId: ID, registryNumber: 'E-1', annotationType: '03', origin: 'O00067890', count: 1 },
      { exchangeId: ID, registryNumber: 'E-1', annotationType: '03', origin: 'O00077777', count: 1 },
    ]);
    ledger.reset();
    expect(ledger.stats()).toMatchObject({ received: 0, unique: 0, duplicates: 0 });
  });
});
