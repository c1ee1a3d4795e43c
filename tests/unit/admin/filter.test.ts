import { parseCount, parseFilter } from '../../../src/admin/filter';
import { codeOfSync } from '../../helpers/errors';

function problemsOf(fn: () => unknown): Array<{ pointer: string; code: string }> {
  try {
    fn();
  } catch (e) {
    return (e as { problems: Array<{ pointer: string; code: string }> }).problems.map(({ pointer, code }) => ({ pointer, code }));
  }
  throw new Error('expected a refusal');
}

describe('the admin filter parser', () => {
  it('takes every filter field it knows', () => {
    const f = { status: 'parked', route: 'registry-entry-to-sir', tenant: 'L01280796', type: 'registry-entry', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00+01:00', q: 'O00009001_26_00000001' };
    expect(parseFilter(f, '/filter', true)).toEqual(f);
  });

  it('treats an absent filter as no filter', () => {
    expect(parseFilter(undefined, '/filter', true)).toEqual({});
    expect(parseFilter(null, '/filter', true)).toEqual({});
  });

  it('refuses a field it does not know when strict, so a typo cannot widen a bulk replay', () => {
    expect(problemsOf(() => parseFilter({ rute: 'x' }, '/filter', true))).toEqual([{ pointer: '/filter/rute', code: 'UNKNOWN_FIELD' }]);
  });

  it('reports every bad field at once, each with its pointer', () => {
    const problems = problemsOf(() => parseFilter({ status: 'lost', type: 'letter', from: 'yesterday', to: '2026-13-45T00:00:00Z' }, '/query', true));
    expect(problems.map((p) => p.pointer).sort()).toEqual(['/query/from', '/query/status', '/query/to', '/query/type']);
    expect(problems.every((p) => p.code === 'INVALID_VALUE')).toBe(true);
  });

  it.each([
    ['an array', ['parked']],
    ['a number', 7],
    ['an object', { $ne: null }],
    ['an empty text', ''],
    ['a text of 201 characters', 'x'.repeat(201)],
  ])('refuses %s as a field value', (_what, value) => {
    expect(problemsOf(() => parseFilter({ q: value }, '/filter', true))).toEqual([{ pointer: '/filter/q', code: 'INVALID_VALUE' }]);
  });

  it('refuses a filter that is not an object', () => {
    for (const input of ['status=parked', 42, ['parked']]) {
      expect(codeOfSync(() => parseFilter(input, '/filter', true))).toBe('ADMIN_BAD_REQUEST');
    }
  });

  it('refuses a date without an offset, which would mean a different instant on every server', () => {
    expect(problemsOf(() => parseFilter({ from: '2026-01-01T00:00:00' }, '/filter', true))).toEqual([{ pointer: '/filter/from', code: 'INVALID_VALUE' }]);
  });

  it('ignores fields that are not filter fields when not strict (a query string also carries limit and cursor)', () => {
    expect(parseFilter({ route: 'r', colour: 'red' }, '/query', false)).toEqual({ route: 'r' });
  });
});

describe('the admin count parser', () => {
  it('takes an integer within bounds, as a number or as query text', () => {
    expect(parseCount(5, '/limit', 10, 1)).toBe(5);
    expect(parseCount('10', '/limit', 10, 1)).toBe(10);
  });

  it('falls back when absent', () => {
    expect(parseCount(undefined, '/limit', 10, 3)).toBe(3);
    expect(parseCount(null, '/limit', 10, null)).toBeNull();
  });

  it.each([0, -1, 11, 1.5, '1e3', '0x10', ' 5', 'five', '99999999999999'])('refuses %p', (value) => {
    expect(codeOfSync(() => parseCount(value, '/limit', 10, 1))).toBe('ADMIN_BAD_REQUEST');
  });
});
