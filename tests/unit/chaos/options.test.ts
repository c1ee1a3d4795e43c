import { parseOptions } from '../../../chaos/options';

const argv = (...args: string[]) => ['node', 'run.js', ...args];

describe('the chaos command line', () => {
  it('defaults to 5,000 entries, two workers, a PostgreSQL journal and every disruption', () => {
    expect(parseOptions(argv())).toEqual({
      count: 5000, workers: 2, concurrency: 16, journal: 'postgres', timeoutS: 600, json: false,
      faults: { errorRate: 0.05, fatalRate: 0, timeoutRate: 0.01, resetRate: 0.01, latencyMs: [5, 50] },
      brokerRestart: true, workerKill: true, simulatorDown: true,
    });
  });

  it('takes counts, faults and skipped disruptions', () => {
    const o = parseOptions(argv('--count', '500', '--journal', 'sqlite', '--latency-ms', '0,10', '--error-rate', '0.2', '--no-broker-restart', '--json'));
    expect(o).toMatchObject({ count: 500, journal: 'sqlite', json: true, brokerRestart: false, workerKill: true, faults: { errorRate: 0.2, latencyMs: [0, 10] } });
  });

  it.each([
    [['--count', '0']],
    [['--count', 'many']],
    [['--journal', 'mysql']],
    [['--error-rate', '1.5']],
    [['--latency-ms', '50,5']],
    [['--error-rate', '0.6', '--timeout-rate', '0.6']],
    [['--colour']],
  ])('answers %j with a usage message instead of options', (args) => {
    expect(parseOptions(argv(...args))).toEqual({ usage: expect.any(String) });
  });
});
