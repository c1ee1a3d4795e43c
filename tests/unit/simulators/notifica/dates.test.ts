import { addDays, isDateTime, isYmd, madridDate, madridDateTime, toDdMmYyyy } from '../../../../simulators/notifica/dates';

describe('Notific@ simulator dates', () => {
  it('writes instants in Madrid time with its summer and winter offsets', () => {
    expect(madridDateTime(new Date('2025-06-03T07:41:12.999Z'))).toBe('2025-06-03T09:41:12+02:00');
    expect(madridDateTime(new Date('2025-01-15T23:30:00Z'))).toBe('2025-01-16T00:30:00+01:00');
    expect(madridDate(new Date('2025-01-15T23:30:00Z'))).toBe('2025-01-16');
  });

  it('adds calendar days across months and years and writes dd/MM/yyyy', () => {
    expect(addDays('2025-12-31', 10)).toBe('2026-01-10');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(toDdMmYyyy('2026-01-10')).toBe('10/01/2026');
  });

  it('tells real days and dateTimes from look-alikes', () => {
    expect([isYmd('2025-02-29'), isYmd('2024-02-29'), isYmd('2025-2-1')]).toEqual([false, true, false]);
    expect([isDateTime('2025-06-02T12:00:00'), isDateTime('2025-06-02T12:00:00.5+02:00'), isDateTime('2025-06-02 12:00')]).toEqual([true, true, false]);
  });
});
