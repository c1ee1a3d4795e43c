import { account } from '../../../chaos/accounting';
import { parseOptions, type ChaosOptions } from '../../../chaos/options';
import { alignRows, renderReport, summaryJson, type RunFacts } from '../../../chaos/report';

const options = parseOptions(['node', 'run.js', '--count', '2']) as ChaosOptions;
const facts: RunFacts = { runId: 'abc123', options, disruptions: [], settleReason: 'settled', intakeRetries: 0, postingMs: 1000, settlingMs: 500, totalMs: 3000 };
const faults = { errors: 0, fatals: 0, timeouts: 0, resets: 0 };

describe('the chaos report', () => {
  it('aligns labels on the left and values on the right', () => {
    expect(alignRows([['a', 1], ['longer', 100]])).toEqual(['  a         1', '  longer  100']);
  });

  it('names the lost entries and the verdict, and repeats the numbers as one JSON line', () => {
    const a = account({
      posted: 2, refused: 0, gaveUp: 0, failedDisruptions: 0, journalCounts: { delivered: 1, queued: 1 },
      rows: [{ id: 'm0', status: 'delivered', exchangeId: 'X0' }, { id: 'm1', status: 'queued', exchangeId: 'X1' }],
      sim: { received: 1, unique: 1, duplicates: 0, faults }, exchanges: [{ exchangeId: 'X0', count: 1 }],
    });
    const text = renderReport(a, facts);
    expect(text).toMatch(/lost \(accepted, neither delivered nor parked\)\s+1\n/);
    expect(text).toContain('  m1  queued');
    expect(text).toMatch(/verdict: FAIL \(1 accepted entries neither delivered nor parked\)\n$/);
    expect(JSON.parse(summaryJson(a, facts))).toMatchObject({ runId: 'abc123', accepted: 2, lost: 1, doubleEffects: 0, verdict: 'fail' });
  });
});
