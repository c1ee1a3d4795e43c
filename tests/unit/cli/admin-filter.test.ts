import { FilterError, formatFilter, parseFilter } from '../../../src/cli/admin/filter';

/** The message of the error `parseFilter(text)` throws (fails the test when it does not throw). */
function refusal(text: string): string {
  try {
    parseFilter(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterError);
    return (e as Error).message;
  }
  throw new Error(`parseFilter accepted ${JSON.stringify(text)}`);
}

describe('pasarela replay --filter', () => {
  it('reads every field it knows into a filter object', () => {
    const text = 'status=parked,route=registry-entry-to-sir,tenant=L01280796,type=registry-entry,from=2026-01-01T00:00:00Z,to=2026-02-01T00:00:00Z,q=REG-1';
    expect(parseFilter(text)).toEqual({
      status: 'parked', route: 'registry-entry-to-sir', tenant: 'L01280796', type: 'registry-entry',
      from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', q: 'REG-1',
    });
  });

  it('keeps an = inside a value, splitting the item at the first one only', () => {
    expect(parseFilter('q=a=b==c')).toEqual({ q: 'a=b==c' });
  });

  it('trims the white space around items, names and values', () => {
    expect(parseFilter('  status = parked ,  tenant=L01280796  ')).toEqual({ status: 'parked', tenant: 'L01280796' });
  });

  it('refuses a filter field it does not know, naming it and the allowed ones', () => {
    const message = refusal('status=parked,colour=red');
    expect(message).toContain('"colour"');
    expect(message).toContain('allowed fields: status, route, tenant, type, from, to, q');
  });

  it('refuses an item without =, naming it and the allowed fields', () => {
    const message = refusal('status=parked,parked');
    expect(message).toContain('"parked" has no "="');
    expect(message).toContain('allowed fields: status');
  });

  it('refuses an empty filter, even one of blanks', () => {
    expect(refusal('')).toMatch(/the filter is empty/);
    expect(refusal('   ')).toMatch(/the filter is empty/);
  });

  it('refuses empty items, empty values and a field given twice rather than guessing', () => {
    expect(refusal('status=parked,,route=r')).toMatch(/empty item/);
    expect(refusal('status=parked,')).toMatch(/empty item/);
    expect(refusal('status=')).toBe('the filter field status has no value');
    expect(refusal('status=parked,status=rejected')).toBe('the filter field status is given twice');
  });

  it('does not take a field name in another case for a known one', () => {
    expect(refusal('Status=parked')).toContain('"Status" is not known');
  });

  it('writes a filter back as --filter text that reads as the same filter', () => {
    const filter = { tenant: 'L01280796', status: 'parked', q: 'x=y' };
    expect(formatFilter(filter)).toBe('status=parked,tenant=L01280796,q=x=y');
    expect(parseFilter(formatFilter(filter))).toEqual(filter);
  });

  it('writes back fields the server adds after the known ones, and leaves out nulls', () => {
    expect(formatFilter({ extra: 1, route: 'r', to: null })).toBe('route=r,extra=1');
    expect(formatFilter(null)).toBe('');
  });
});
