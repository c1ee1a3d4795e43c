import { type Disruption, scheduleDisruptions } from '../../../chaos/disruptions';

function recorder(log: string[], name: string, at: number, fail = false): Disruption {
  return {
    name, at,
    run: async () => {
      log.push(name);
      if (fail) throw new Error(`${name} broke`);
      return `${name} done`;
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('the disruption schedule', () => {
  it('runs each disruption once its share of entries is posted, in order of share', async () => {
    const log: string[] = [];
    const s = scheduleDisruptions([recorder(log, 'late', 0.75), recorder(log, 'early', 0.25)], 100);
    s.progress(24);
    await tick();
    expect(log).toEqual([]);
    s.progress(25);
    await tick();
    expect(log).toEqual(['early']);
    s.progress(100);
    const logs = await s.done();
    expect(log).toEqual(['early', 'late']);
    expect(logs.map((l) => [l.name, l.ok, l.detail])).toEqual([['early', true, 'early done'], ['late', true, 'late done']]);
  });

  it('logs a disruption that fails and still runs the next one', async () => {
    const log: string[] = [];
    const s = scheduleDisruptions([recorder(log, 'a', 0.1, true), recorder(log, 'b', 0.2)], 10);
    s.progress(10);
    const logs = await s.done();
    expect(logs.map((l) => [l.name, l.ok, l.detail])).toEqual([['a', false, 'a broke'], ['b', true, 'b done']]);
  });
});
