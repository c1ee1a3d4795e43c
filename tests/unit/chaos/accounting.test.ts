import { account, type AccountingInput, type EntryRow } from '../../../chaos/accounting';
import type { ExchangeRecord } from '../../../simulators/sir';

const noFaults = { errors: 0, fatals: 0, timeouts: 0, resets: 0 };

/** `n` accepted entries, all delivered, each held once by SIR under its own exchange id. */
function cleanRun(n: number): AccountingInput {
  const rows: EntryRow[] = Array.from({ length: n }, (_, i) => ({ id: `m${i}`, status: 'delivered', exchangeId: `X_${i}` }));
  const exchanges: ExchangeRecord[] = rows.map((r, i) => ({ exchangeId: r.exchangeId!, registryNumber: `R${i}`, count: 1 }));
  return {
    posted: n, rows, refused: 0, gaveUp: 0, journalCounts: { delivered: n },
    sim: { received: n, unique: n, duplicates: 0, faults: noFaults }, exchanges, failedDisruptions: 0,
  };
}

describe('the chaos accounting', () => {
  it('passes a run where every accepted entry reached SIR once', () => {
    const a = account(cleanRun(3));
    expect(a).toMatchObject({ accepted: 3, delivered: 3, parked: 0, lost: 0, doubleEffects: 0, verdict: 'pass', reasons: [] });
  });

  it('reports re-sends of the same exchange id without failing the run', () => {
    const input = cleanRun(3);
    input.sim = { received: 5, unique: 3, duplicates: 2, faults: { ...noFaults, timeouts: 2 } };
    input.exchanges[0].count = 3;
    const a = account(input);
    expect(a.resends).toBe(2);
    expect(a.verdict).toBe('pass');
  });

  it('counts an accepted entry that is neither delivered nor parked as lost, with its status', () => {
    const input = cleanRun(3);
    input.rows[1] = { ...input.rows[1], status: 'queued' };
    input.rows[2] = { id: 'm2', status: 'missing', exchangeId: null };
    const a = account(input);
    expect(a.lost).toBe(2);
    expect(a.lostSamples).toEqual([{ id: 'm1', status: 'queued' }, { id: 'm2', status: 'missing' }]);
    expect(a.verdict).toBe('fail');
  });

  it('fails an entry the journal calls delivered that SIR never took', () => {
    const input = cleanRun(2);
    input.exchanges.pop();
    const a = account(input);
    expect(a.deliveredNotAtSir).toBe(1);
    expect(a.verdict).toBe('fail');
  });

  it('counts a fichero whose exchange id belongs to no accepted entry as a double effect', () => {
    const input = cleanRun(2);
    input.exchanges.push({ exchangeId: 'X_stray', count: 1 });
    const a = account(input);
    expect(a).toMatchObject({ foreignFicheros: 1, doubleEffects: 1, doubleSamples: ['X_stray'], verdict: 'fail' });
  });

  it('counts one entry under two exchange ids once, keeping the accepted id as its own effect', () => {
    const input = cleanRun(2);
    input.exchanges.unshift({ exchangeId: 'X_other', registryNumber: 'R1', count: 1 });
    const a = account(input);
    expect(a).toMatchObject({ entriesUnderSeveralIds: 1, foreignFicheros: 1, doubleEffects: 1, doubleSamples: ['X_other'] });
  });

  it('reports a parked entry whose fichero SIR holds on its own line, not as a double effect', () => {
    const input = cleanRun(2);
    input.rows[0] = { ...input.rows[0], status: 'parked' };
    const a = account(input);
    expect(a).toMatchObject({ parked: 1, parkedHeldBySir: 1, doubleEffects: 0, verdict: 'pass' });
  });

  it('notices journal rows beyond the accepted entries, leaving refused publishes out', () => {
    const input = cleanRun(2);
    input.journalCounts = { delivered: 3, rejected: 4 };
    expect(account(input).extraJournalRows).toBe(1);
  });

  it('does not call a run with entries never accepted a proof', () => {
    const input = cleanRun(2);
    input.posted = 3;
    input.gaveUp = 1;
    const a = account(input);
    expect(a.verdict).toBe('fail');
    expect(a.reasons).toHaveLength(1);
  });
});
