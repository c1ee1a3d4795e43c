import { checkFaults, latencyOf, noFaults, pickFault, type Faults } from '../../../../simulators/sir/faults';

const faults = (f: Partial<Faults>): Faults => ({ ...noFaults(), ...f });

function detailOf(input: unknown): string {
  const r = checkFaults(input);
  if (r.ok) throw new Error('the faults were accepted');
  return r.detail;
}

describe('SIR simulator fault validation', () => {
  it('accepts the example set of the issue as given', () => {
    const input = { errorRate: 0.1, fatalRate: 0, timeoutRate: 0.02, resetRate: 0.01, latencyMs: [5, 200], down: false };
    expect(checkFaults(input)).toEqual({ ok: true, faults: input });
  });

  it('fills missing fields with no fault, so an empty object clears everything', () => {
    expect(checkFaults({})).toEqual({ ok: true, faults: { errorRate: 0, fatalRate: 0, timeoutRate: 0, resetRate: 0, latencyMs: [0, 0], down: false } });
    expect(checkFaults({ timeoutRate: 1 })).toEqual({ ok: true, faults: faults({ timeoutRate: 1 }) });
  });

  it('keeps downForMs only when given', () => {
    expect(checkFaults({ down: true, downForMs: 1500 })).toEqual({ ok: true, faults: faults({ down: true, downForMs: 1500 }) });
  });

  it('accepts rates that add up to 1 despite floating-point rounding', () => {
    expect(checkFaults({ errorRate: 0.1, fatalRate: 0.2, timeoutRate: 0.7 }).ok).toBe(true);
  });

  const hostile: [string, unknown][] = [
    ['null', null],
    ['an array', [{ errorRate: 0.1 }]],
    ['a string', '{"errorRate":0.1}'],
    ['a number', 1],
    ['an unknown field', { errorRate: 0.1, errorRat: 0.2 }],
    ['a __proto__ field from JSON', JSON.parse('{"__proto__": {"errorRate": 1}}')],
    ['a negative rate', { errorRate: -0.1 }],
    ['a rate above 1', { resetRate: 1.5 }],
    ['a huge rate', { fatalRate: 1e308 }],
    ['a rate as a string', { errorRate: '0.1' }],
    ['a NaN-ish string', { timeoutRate: 'NaN' }],
    ['NaN itself', { timeoutRate: Number.NaN }],
    ['Infinity', { errorRate: Number.POSITIVE_INFINITY }],
    ['a boolean rate', { errorRate: true }],
    ['rates adding up to more than 1', { errorRate: 0.6, fatalRate: 0.5 }],
    ['latency as a number', { latencyMs: 5 }],
    ['latency with one bound', { latencyMs: [5] }],
    ['latency with three bounds', { latencyMs: [1, 2, 3] }],
    ['latency with min above max', { latencyMs: [200, 5] }],
    ['a negative latency', { latencyMs: [-1, 5] }],
    ['a fractional latency', { latencyMs: [1.5, 5] }],
    ['a huge latency', { latencyMs: [0, 1e12] }],
    ['latency bounds as strings', { latencyMs: ['5', '200'] }],
    ['down as a string', { down: 'true' }],
    ['down as a number', { down: 1 }],
    ['a zero downForMs', { down: true, downForMs: 0 }],
    ['a downForMs beyond ten minutes', { down: true, downForMs: 600_001 }],
    ['a fractional downForMs', { down: true, downForMs: 10.5 }],
  ];

  it.each(hostile)('refuses %s with a reason', (_label, input) => {
    expect(detailOf(input)).toMatch(/\w/);
  });

  it('names the field at fault', () => {
    expect(detailOf({ errorRate: 2 })).toContain('errorRate');
    expect(detailOf({ latencyMs: [9, 1] })).toContain('latencyMs');
    expect(detailOf({ extra: 1 })).toContain('"extra"');
  });
});

describe('SIR simulator fault picker', () => {
  // Binary-exact widths, so the band edges below are exact too.
  const mixed = faults({ resetRate: 0.125, errorRate: 0.25, fatalRate: 0.25, timeoutRate: 0.125 });

  it('maps one draw to consecutive bands: reset, server error, transient, fatal, timeout, none', () => {
    const at = (r: number) => pickFault(mixed, r);
    expect([0, 0.124].map(at)).toEqual(['reset', 'reset']);
    expect([0.125, 0.249].map(at)).toEqual(['server-error', 'server-error']);
    expect([0.25, 0.374].map(at)).toEqual(['transient', 'transient']);
    expect([0.375, 0.624].map(at)).toEqual(['fatal', 'fatal']);
    expect([0.625, 0.749].map(at)).toEqual(['timeout', 'timeout']);
    expect([0.75, 0.999].map(at)).toEqual(['none', 'none']);
  });

  it('never injects anything with no faults, and always with a rate of 1', () => {
    for (const r of [0, 0.5, 0.999999]) {
      expect(pickFault(noFaults(), r)).toBe('none');
      expect(pickFault(faults({ fatalRate: 1 }), r)).toBe('fatal');
      expect(pickFault(faults({ timeoutRate: 1 }), r)).toBe('timeout');
      expect(pickFault(faults({ resetRate: 1 }), r)).toBe('reset');
      expect(['server-error', 'transient']).toContain(pickFault(faults({ errorRate: 1 }), r));
    }
  });

  it('gives roughly the asked share over many draws of a real random source', () => {
    const f = faults({ errorRate: 0.5 });
    let errors = 0;
    for (let i = 0; i < 10_000; i++) if (pickFault(f, Math.random()) !== 'none') errors++;
    expect(errors).toBeGreaterThan(4_000);
    expect(errors).toBeLessThan(6_000);
  });

  it('draws latency uniformly within its bounds, both included', () => {
    const f = faults({ latencyMs: [5, 200] });
    expect(latencyOf(f, 0)).toBe(5);
    expect(latencyOf(f, 0.999999)).toBe(200);
    expect(latencyOf(f, 0.5)).toBeGreaterThanOrEqual(5);
    expect(latencyOf(faults({ latencyMs: [7, 7] }), 0.3)).toBe(7);
    expect(latencyOf(noFaults(), 0.9)).toBe(0);
  });
});
